"""The password policy applied on registration, password change and password reset.

Rules, checked in this order; the first one broken raises
:class:`~hestami_api.core.errors.InvalidInputError` (a 422 whose detail names the rule):

1. Length: 12 to 128 characters, counted as Python characters (code points), not bytes.
   (Hashing handles any byte length, see :mod:`hestami_api.auth.passwords`.)
2. Not a common password: not in the 19,640-entry list Django ships with its
   ``CommonPasswordValidator`` (``data/common-passwords.txt.gz``, BSD-3-Clause, see
   ``data/COMMON_PASSWORDS_LICENSE.txt``; 190 entries have 12+ characters). Compared
   case-insensitively, both as given and with surrounding whitespace stripped.
3. Must not contain the username, case-insensitively.
4. Must not contain the local part of the email address (before the last ``@``),
   case-insensitively.

There are no composition rules (no required digits, symbols or mixed case).

Short identifiers: rules 3 and 4 are skipped when the username or the email's local
part is shorter than 3 characters (after stripping whitespace). A one- or two-character
identifier such as ``a`` (``a@example.com``) or ``jo`` would otherwise forbid nearly
every password (any password with the letter ``a`` in it) without protecting anything:
guessing a password never depends on such a short substring. Three characters is the
shortest identifier that is still a meaningful thing to type into a password.
"""

import gzip
from functools import cache
from importlib.resources import files

from hestami_api.core.errors import InvalidInputError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
MIN_IDENTIFIER_LENGTH = 3
"""Usernames and email local parts shorter than this are not checked for containment."""

COMMON_PASSWORDS_RESOURCE = "data/common-passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lowercased; loaded once on first use."""
    resource = files("hestami_api.auth").joinpath(COMMON_PASSWORDS_RESOURCE)
    text = gzip.decompress(resource.read_bytes()).decode("utf-8")
    return frozenset(entry for line in text.splitlines() if (entry := line.strip().lower()))


def _email_local_part(email: str) -> str:
    local, at, _domain = email.rpartition("@")
    return local if at else email


def _contains(password: str, identifier: str) -> bool:
    needle = identifier.strip().casefold()
    if len(needle) < MIN_IDENTIFIER_LENGTH:
        return False
    return needle in password.casefold()


def check_password_policy(
    password: str, *, username: str, email: str, field: str = "password"
) -> None:
    """Raise ``InvalidInputError`` (located at ``["body", field]``) if ``password`` breaks a rule.

    ``username`` and ``email`` are those of the account the password is for. Pass
    ``field="new_password"`` for password change and reset.
    """
    loc: list[str | int] = ["body", field]

    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(
            f"The password is too short: it must be at least {MIN_PASSWORD_LENGTH} characters.",
            loc=loc,
            error_type="password_too_short",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInputError(
            f"The password is too long: it must be at most {MAX_PASSWORD_LENGTH} characters.",
            loc=loc,
            error_type="password_too_long",
        )

    common = common_passwords()
    if password.lower() in common or password.strip().lower() in common:
        raise InvalidInputError(
            "The password is too common: it is on a list of frequently used passwords.",
            loc=loc,
            error_type="password_too_common",
        )
    if _contains(password, username):
        raise InvalidInputError(
            "The password must not contain the username.",
            loc=loc,
            error_type="password_contains_username",
        )
    if _contains(password, _email_local_part(email)):
        raise InvalidInputError(
            "The password must not contain the email address's local part (the part before the @).",
            loc=loc,
            error_type="password_contains_email",
        )
