"""Passwords are normalised to NFC before hashing and checking; hashes made before that
(from a non-NFC password as typed) still verify and are reported for rehashing."""

import base64
import hashlib
import unicodedata

import bcrypt
import pytest

from hestami_api.auth.passwords import SCHEME_PREFIX, PasswordHasher

ROUNDS = 4
COMPOSED = "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e 42"  # NFC: é, è, û as single code points
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)  # e + U+0301 and so on


@pytest.fixture
def hasher() -> PasswordHasher:
    return PasswordHasher(rounds=ROUNDS)


def legacy_hash(password: str) -> str:
    """A hash as the previous release stored it: of the password exactly as typed."""
    prehash = base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())
    return SCHEME_PREFIX + bcrypt.hashpw(prehash, bcrypt.gensalt(ROUNDS)).decode()


def test_the_fixture_really_differs_in_code_points() -> None:
    assert COMPOSED != DECOMPOSED
    assert unicodedata.normalize("NFC", DECOMPOSED) == COMPOSED


@pytest.mark.parametrize(
    ("typed_at_signup", "typed_now"), [(COMPOSED, DECOMPOSED), (DECOMPOSED, COMPOSED)]
)
def test_both_spellings_are_the_same_password(
    hasher: PasswordHasher, typed_at_signup: str, typed_now: str
) -> None:
    stored = hasher.hash(typed_at_signup)

    assert hasher.verify(typed_now, stored)
    assert hasher.check(typed_now, stored).needs_rehash is False
    assert not hasher.verify(COMPOSED.upper(), stored)


def test_new_hashes_are_of_the_nfc_form(hasher: PasswordHasher) -> None:
    stored = hasher.hash(DECOMPOSED)
    nfc_prehash = base64.b64encode(hashlib.sha256(COMPOSED.encode()).digest())

    assert bcrypt.checkpw(nfc_prehash, stored.removeprefix(SCHEME_PREFIX).encode())


def test_a_legacy_hash_of_a_non_nfc_password_still_verifies_and_asks_for_a_rehash(
    hasher: PasswordHasher,
) -> None:
    stored = legacy_hash(DECOMPOSED)

    check = hasher.check(DECOMPOSED, stored)

    assert check.matches is True
    assert check.needs_rehash is True
    assert hasher.verify(DECOMPOSED, stored)
    assert not hasher.verify(DECOMPOSED + "x", stored)
    # After the rehash both spellings work and no further rehash is asked for.
    upgraded = hasher.hash(DECOMPOSED)
    assert hasher.check(COMPOSED, upgraded).needs_rehash is False
    assert hasher.verify(DECOMPOSED, upgraded)


def test_legacy_hashes_of_nfc_passwords_need_no_rehash(hasher: PasswordHasher) -> None:
    for password in (COMPOSED, "plain ascii passphrase"):
        check = hasher.check(password, legacy_hash(password))
        assert (check.matches, check.needs_rehash) == (True, False)


def test_a_wrong_password_asks_for_nothing(hasher: PasswordHasher) -> None:
    check = hasher.check(DECOMPOSED, hasher.hash("something else entirely"))
    assert (check.matches, check.needs_rehash) == (False, False)


def test_odd_text_never_raises(hasher: PasswordHasher) -> None:
    stored = hasher.hash("\ud800lone-surrogate\u0301")
    assert hasher.verify("\ud800lone-surrogate\u0301", stored)
    assert not hasher.verify("\x00", stored)


def test_unknown_users_cost_as_much_as_known_ones(
    hasher: PasswordHasher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong non-NFC password costs two bcrypt checks for a known user; so must the dummy
    check for an unknown one (counted, not timed: timing is noisy on a shared machine)."""
    stored = hasher.hash(COMPOSED)
    hasher.verify_dummy("warm-up")  # the dummy hash is made once, on first use
    calls: list[bytes] = []
    real_checkpw = bcrypt.checkpw

    def counting_checkpw(password: bytes, hashed: bytes) -> bool:
        calls.append(password)
        return real_checkpw(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", counting_checkpw)
    for attempt in (DECOMPOSED + "\u0301", "ascii guess"):
        calls.clear()
        hasher.verify(attempt, stored)
        known = len(calls)
        calls.clear()
        hasher.verify_dummy(attempt)
        assert len(calls) == known
    assert known == 1  # ASCII: one check only
