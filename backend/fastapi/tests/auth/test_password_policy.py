"""Tests of hestami_api.auth.password_policy."""

import pytest

from hestami_api.auth.password_policy import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    check_password_policy,
    common_passwords,
)
from hestami_api.core.errors import InvalidInputError

USERNAME = "walter"
EMAIL = "heisenberg.w@example.com"
GOOD = "violet-kettle-drumming-42"


def check(password: str, *, username: str = USERNAME, email: str = EMAIL) -> None:
    check_password_policy(password, username=username, email=email)


def rejection(
    password: str, *, username: str = USERNAME, email: str = EMAIL, field: str = "password"
) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as caught:
        check_password_policy(password, username=username, email=email, field=field)
    return caught.value


def error_type(password: str, **kwargs: str) -> str:
    return str(rejection(password, **kwargs).errors[0]["type"])


def filler(length: int) -> str:
    """A non-common password of exactly ``length`` characters, free of USERNAME/EMAIL."""
    return ("kq7-zx9v-" * 20)[:length]


def test_good_password_passes() -> None:
    check(GOOD)
    check("correct horse battery staple")


def test_error_shape_for_the_default_field() -> None:
    error = rejection("short")
    assert error.status == 422
    assert error.errors == [
        {"loc": ["body", "password"], "msg": error.detail, "type": "password_too_short"}
    ]


def test_field_name_is_used_in_loc() -> None:
    error = rejection("short", field="new_password")
    assert error.errors[0]["loc"] == ["body", "new_password"]


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (0, "password_too_short"),
        (11, "password_too_short"),
        (12, None),
        (128, None),
        (129, "password_too_long"),
        (10_000, "password_too_long"),
    ],
)
def test_length_boundaries(length: int, expected: str | None) -> None:
    password = filler(length) if length <= 180 else "k" * length
    assert len(password) == length
    if expected is None:
        check(password)
    else:
        assert error_type(password) == expected


def test_length_constants_match_contract() -> None:
    assert (MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH) == (12, 128)


def test_length_counts_characters_not_bytes() -> None:
    check("€" * 12)  # 36 bytes
    check("😀" * 128)  # 512 bytes, still 128 characters
    assert error_type("€" * 11) == "password_too_short"
    assert error_type("😀" * 129) == "password_too_long"


def test_details_name_the_rule() -> None:
    assert "short" in rejection(filler(11)).detail
    assert "12" in rejection(filler(11)).detail
    assert "long" in rejection(filler(129)).detail
    assert "128" in rejection(filler(129)).detail
    assert "common" in rejection("qwerty123456").detail
    assert "username" in rejection("my-walter-password").detail
    assert "email" in rejection("my-heisenberg.w-password").detail


def test_shipped_common_list_is_big_and_has_long_entries() -> None:
    entries = common_passwords()
    assert len(entries) >= 10_000
    long_entries = {entry for entry in entries if len(entry) >= MIN_PASSWORD_LENGTH}
    assert len(long_entries) >= 100
    assert "qwerty123456" in long_entries
    assert all(entry == entry.strip().lower() and entry for entry in entries)
    assert common_passwords() is entries  # loaded once


@pytest.mark.parametrize(
    "password",
    [
        "qwerty123456",
        "QWERTY123456",
        "QwErTy123456",
        "1qaz2wsx3edc",
        "Telechargement",
        "  qwerty123456  ",
        "\tqwerty123456\n",
        "   123456789   ",  # 15 characters; a short common password padded with spaces
        "password    ",
    ],
)
def test_common_passwords_are_rejected(password: str) -> None:
    assert len(password) >= MIN_PASSWORD_LENGTH
    assert error_type(password) == "password_too_common"


def test_every_long_common_entry_is_rejected() -> None:
    long_entries = [
        entry for entry in common_passwords() if MIN_PASSWORD_LENGTH <= len(entry) <= 128
    ]
    assert long_entries
    for entry in long_entries:
        assert error_type(entry) == "password_too_common", entry
        assert error_type(entry.upper()) == "password_too_common", entry


def test_a_common_password_inside_a_longer_one_is_fine() -> None:
    check("qwerty123456 and a kettle")


@pytest.mark.parametrize(
    "password",
    ["walter-is-my-name", "xxWALTERxxxxxx", "my password: WaLtEr!", "walterwalterwalter"],
)
def test_username_is_rejected_case_insensitively(password: str) -> None:
    assert error_type(password) == "password_contains_username"


def test_username_is_matched_case_insensitively_on_both_sides() -> None:
    assert error_type("zz-walter-zzzzz", username="WALTER") == "password_contains_username"


@pytest.mark.parametrize(
    "password",
    [
        "heisenberg.w-rules",
        "xxHEISENBERG.Wxxxx",
        "say my name: Heisenberg.W",
    ],
)
def test_email_local_part_is_rejected_case_insensitively(password: str) -> None:
    assert error_type(password) == "password_contains_email"


def test_email_local_part_upper_case_in_the_address() -> None:
    error = error_type("purple-marmalade-42", email="Purple-Marmalade@Example.COM")
    assert error == "password_contains_email"


def test_email_domain_is_not_forbidden() -> None:
    check("example.com-is-my-favourite")
    check("heisenberg-without-the-w")


def test_local_part_is_before_the_last_at() -> None:
    email = '"odd@name"@example.com'
    assert error_type('zz-"odd@name"-zz', email=email) == "password_contains_email"
    check('zz-"odd-zzzzzzzzz', email=email)  # only a piece of the local part


def test_username_takes_precedence_over_email() -> None:
    assert error_type("walter-heisenberg.w-x") == "password_contains_username"


@pytest.mark.parametrize("local_part", ["a", "jo", " j "])
def test_short_email_local_part_is_not_checked(local_part: str) -> None:
    check("a-jolly-journey-home", email=f"{local_part}@example.com")


def test_three_character_local_part_is_checked() -> None:
    assert error_type("xx-amy-xxxxxxxx", email="Amy@example.com") == "password_contains_email"


@pytest.mark.parametrize("username", ["a", "jo"])
def test_short_username_is_not_checked(username: str) -> None:
    check("a-jolly-journey-home", username=username)


def test_three_character_username_is_checked() -> None:
    assert error_type("xx-Bob-xxxxxxxx", username="bob") == "password_contains_username"


def test_rules_are_checked_in_order() -> None:
    # Too short and common and containing the username: length comes first.
    assert error_type("walter", username="walter") == "password_too_short"
    # Common and containing the username: commonness comes first.
    assert error_type("qwerty123456", username="qwerty") == "password_too_common"
