"""Tests of hestami_api.auth.passwords (bcrypt-sha256 hashing)."""

import base64
import hashlib
from collections.abc import Callable, Iterator

import bcrypt
import pytest

from hestami_api.auth.passwords import SCHEME_PREFIX, PasswordHasher, get_password_hasher
from hestami_api.core.config import get_settings

ROUNDS = 4


@pytest.fixture(scope="module")
def hasher() -> PasswordHasher:
    return PasswordHasher(rounds=ROUNDS)


def test_round_trip(hasher: PasswordHasher) -> None:
    stored = hasher.hash("violet-kettle-drumming-42")
    assert hasher.verify("violet-kettle-drumming-42", stored)


def test_wrong_password_is_rejected(hasher: PasswordHasher) -> None:
    stored = hasher.hash("violet-kettle-drumming-42")
    assert not hasher.verify("violet-kettle-drumming-43", stored)
    assert not hasher.verify("VIOLET-KETTLE-DRUMMING-42", stored)
    assert not hasher.verify("", stored)


def test_stored_format_names_the_scheme_and_cost(hasher: PasswordHasher) -> None:
    stored = hasher.hash("violet-kettle-drumming-42")
    assert stored.startswith(f"{SCHEME_PREFIX}$2b$04$")
    assert len(stored) == len(SCHEME_PREFIX) + 60
    assert "violet" not in stored


def test_many_fresh_hashes_verify_and_need_no_rehash(hasher: PasswordHasher) -> None:
    """Every random salt is accepted by the stored-hash parser, not just a lucky one."""
    for i in range(200):
        stored = hasher.hash(f"password-{i}")
        assert hasher.verify(f"password-{i}", stored), stored
        assert not hasher.needs_rehash(stored), stored


def test_hashes_are_salted(hasher: PasswordHasher) -> None:
    assert hasher.hash("violet-kettle-drumming-42") != hasher.hash("violet-kettle-drumming-42")


def test_stored_hash_is_bcrypt_of_base64_sha256(hasher: PasswordHasher) -> None:
    """Pins the scheme: a hash built by hand the documented way verifies, and vice versa."""
    password = "pâté-and-€uro-☃-😀"
    prehash = base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())
    assert len(prehash) == 44
    by_hand = SCHEME_PREFIX + bcrypt.hashpw(prehash, bcrypt.gensalt(ROUNDS)).decode()
    assert hasher.verify(password, by_hand)

    stored = hasher.hash(password)
    assert bcrypt.checkpw(prehash, stored.removeprefix(SCHEME_PREFIX).encode())


@pytest.mark.parametrize(
    ("common_prefix", "suffix_a", "suffix_b"),
    [
        ("x" * 72, "a", "b"),  # ASCII: identical first 72 bytes
        ("€" * 24, "a", "b"),  # 24 x 3 bytes = 72 bytes
        ("y" * 100, "tail-one", "tail-two"),
    ],
)
def test_no_truncation_at_72_bytes(
    hasher: PasswordHasher, common_prefix: str, suffix_a: str, suffix_b: str
) -> None:
    password_a = common_prefix + suffix_a
    password_b = common_prefix + suffix_b
    assert password_a.encode()[:72] == password_b.encode()[:72]
    stored = hasher.hash(password_a)
    assert hasher.verify(password_a, stored)
    assert not hasher.verify(password_b, stored)
    assert not hasher.verify(common_prefix, stored)


@pytest.mark.parametrize(
    "password",
    [
        "€" * 128,  # 384 bytes: bcrypt 5 alone raises ValueError over 72 bytes
        "😀" * 128,  # non-BMP, 512 bytes
        "a" * 10_000,
        "nul\x00inside\x00password",
        "\ud800lone-surrogate\udfff",  # not encodable as strict UTF-8
        "",
    ],
)
def test_any_string_hashes_and_verifies_without_raising(
    hasher: PasswordHasher, password: str
) -> None:
    stored = hasher.hash(password)
    assert hasher.verify(password, stored)
    assert not hasher.verify(password + "!", stored)
    other = hasher.hash("violet-kettle-drumming-42")
    assert not hasher.verify(password, other)


def test_nul_does_not_truncate(hasher: PasswordHasher) -> None:
    stored = hasher.hash("abc\x00def-long-enough")
    assert not hasher.verify("abc\x00xyz-long-enough", stored)
    assert not hasher.verify("abc", stored)


@pytest.fixture(scope="module")
def valid_bcrypt_part() -> str:
    return bcrypt.hashpw(b"whatever", bcrypt.gensalt(ROUNDS)).decode()


@pytest.mark.parametrize(
    "make_stored",
    [
        lambda b: "",
        lambda b: "garbage",
        lambda b: SCHEME_PREFIX,
        lambda b: b,  # bare bcrypt hash: not our scheme
        lambda b: "bcrypt$" + b,
        lambda b: SCHEME_PREFIX + b[:-1],
        lambda b: SCHEME_PREFIX + b + "x",
        lambda b: SCHEME_PREFIX + b + "\n",
        lambda b: SCHEME_PREFIX + "$2b$99$" + b[7:],
        lambda b: SCHEME_PREFIX + "$2b$03$" + b[7:],
        lambda b: SCHEME_PREFIX + "$2b$٠٤$" + b[7:],  # non-ASCII digits
        lambda b: SCHEME_PREFIX + "$2b$04$" + "x" * 53,  # right shape, invalid salt
        lambda b: SCHEME_PREFIX + b[:-1] + "€",
        lambda b: SCHEME_PREFIX + "$1$" + b[3:],
        lambda b: "\udcff" * 80,
    ],
)
def test_malformed_stored_hash_gives_false(
    hasher: PasswordHasher, valid_bcrypt_part: str, make_stored: Callable[[str], str]
) -> None:
    stored = make_stored(valid_bcrypt_part)
    assert hasher.verify("whatever", stored) is False
    assert hasher.needs_rehash(stored) is True


def test_needs_rehash_on_cost_change(hasher: PasswordHasher) -> None:
    stored = hasher.hash("violet-kettle-drumming-42")
    assert hasher.needs_rehash(stored) is False
    stronger = PasswordHasher(rounds=ROUNDS + 1)
    assert stronger.needs_rehash(stored) is True
    # An old-cost hash still verifies under the new cost, so it can be upgraded on login.
    assert stronger.verify("violet-kettle-drumming-42", stored)
    upgraded = stronger.hash("violet-kettle-drumming-42")
    assert stronger.needs_rehash(upgraded) is False
    assert hasher.needs_rehash(upgraded) is True


def test_needs_rehash_on_other_bcrypt_ident(hasher: PasswordHasher) -> None:
    stored = hasher.hash("violet-kettle-drumming-42")
    legacy = stored.replace("$2b$", "$2a$", 1)
    assert hasher.verify("violet-kettle-drumming-42", legacy)
    assert hasher.needs_rehash(legacy) is True


def test_rounds_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError, match="rounds"):
        PasswordHasher(rounds=3)
    with pytest.raises(ValueError, match="rounds"):
        PasswordHasher(rounds=32)


def test_verify_dummy_runs_a_real_check_against_one_lazy_hash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hasher = PasswordHasher(rounds=ROUNDS)
    hash_calls: list[str] = []
    checked: list[bytes] = []
    real_hash = hasher.hash
    real_checkpw = bcrypt.checkpw

    def counting_hash(password: str) -> str:
        hash_calls.append(password)
        return real_hash(password)

    def counting_checkpw(password: bytes, hashed_password: bytes) -> bool:
        checked.append(hashed_password)
        return real_checkpw(password, hashed_password)

    monkeypatch.setattr(hasher, "hash", counting_hash)
    monkeypatch.setattr(bcrypt, "checkpw", counting_checkpw)

    assert not hash_calls  # nothing computed at construction
    hasher.verify_dummy("violet-kettle-drumming-42")
    hasher.verify_dummy("€" * 128)
    hasher.verify_dummy("")

    assert len(hash_calls) == 1  # dummy hash computed once, lazily
    assert len(checked) == 3  # but a full bcrypt check each time
    assert len(set(checked)) == 1
    dummy = SCHEME_PREFIX + checked[0].decode()
    assert hasher.needs_rehash(dummy) is False  # at the configured cost
    # The dummy's secret is random: a guessable password does not match it.
    assert not hasher.verify(hash_calls[0] + "x", dummy)
    assert not hasher.verify("", dummy)


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    get_settings.cache_clear()
    get_password_hasher.cache_clear()
    yield
    get_settings.cache_clear()
    get_password_hasher.cache_clear()


@pytest.mark.usefixtures("fresh_caches")
def test_get_password_hasher_uses_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BCRYPT_ROUNDS", "5")
    hasher = get_password_hasher()
    assert hasher.rounds == 5
    assert get_password_hasher() is hasher
    assert hasher.hash("violet-kettle-drumming-42").startswith(f"{SCHEME_PREFIX}$2b$05$")
