"""Password hashing with bcrypt, without bcrypt's silent 72-byte truncation.

Scheme ``bcrypt-sha256``
------------------------
bcrypt only looks at the first 72 bytes of its input (bcrypt 5 raises ``ValueError``
instead of truncating). Our password policy allows 128 *characters*, which is up to
512 UTF-8 bytes, and the contract says two passwords that differ only after byte 72
are different passwords. So the password is pre-hashed::

    stored = "bcrypt-sha256$" + bcrypt(base64(sha256(utf8(password))), cost)

* **Pre-hash rather than refuse.** Refusing passwords over 72 bytes would add a hidden
  byte limit that contradicts the character-based policy (30 x "€" is already 90 bytes)
  and would punish exactly the long passphrases we want. The verify path also has no
  business refusing anything: whatever a client sends must yield True or False, never
  an error. SHA-256 maps any length to 32 bytes and loses nothing that matters (its
  output space is far larger than any password's entropy).
* **Base64, not the raw digest.** A raw SHA-256 digest contains NUL bytes about one time
  in eight; many bcrypt implementations (C ``crypt(3)``-style APIs) stop at the first
  NUL, which would silently shorten the secret to a few bytes. pyca/bcrypt 5 happens to
  hash NULs, but the stored hashes must stay portable to other implementations.
  Standard base64 of 32 bytes is 44 ASCII bytes: no NUL, under 72.
* **No HMAC / pepper, and the password-shucking caveat.** Because the pre-hash is a
  plain unsalted SHA-256, an attacker who steals our hashes *and* holds a leak of plain
  SHA-256 password hashes from another site can feed those leaked digests straight into
  bcrypt ("shucking") and find out which of our users reused a password, without
  cracking the SHA-256 first. We accept this: leaks of bare SHA-256 hashes are far rarer
  than plaintext leaks, and a plaintext leak already lets an attacker try the reused
  password directly (credential stuffing), so shucking adds little. A keyed pre-hash
  would close it but makes every stored hash depend on a server secret that must then
  never be lost or rotated; the prefix lets us move to such a scheme later.
* **Recognisable format.** The ``bcrypt-sha256$`` prefix names the scheme, so it can
  evolve: :meth:`PasswordHasher.needs_rehash` reports hashes of another scheme or cost,
  :meth:`PasswordHasher.check` also pre-normalisation hashes, and callers re-hash after
  a successful login.

Unicode normalisation (NFC)
---------------------------
The same password typed on two systems can arrive as different code points ("é" as one
character, or "e" plus a combining accent). It is normalised to NFC before hashing and
before checking, so both spellings are the same password (NIST SP 800-63B 5.1.1.2,
ASVS 5 V6.2).

Hashes stored before this rule were made from the password exactly as typed. When the
NFC form does not match and the typed form differs from it, the typed form is checked
too: an old hash made from a non-NFC password still verifies, and :meth:`PasswordHasher.check`
reports that it should be replaced by a hash of the NFC form. The second bcrypt check only
ever happens for input that is not already NFC (never for ASCII), and the dummy check for
unknown users takes the same path, so timing still does not tell whether an account exists.

Text is encoded as UTF-8 with ``surrogatepass``, so even a string holding a lone
surrogate (which strict UTF-8 cannot encode) hashes deterministically instead of
raising; for every valid string the bytes are the ordinary UTF-8 ones.

bcrypt is CPU-heavy on purpose. Everything here is synchronous; callers run it in a
worker thread (sync FastAPI handlers run in the thread pool).
"""

import base64
import hashlib
import re
import secrets
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache

import bcrypt

from hestami_api.core.config import get_settings

SCHEME_PREFIX = "bcrypt-sha256$"
"""Prefix of every hash this module produces (followed by a ``$2b$`` bcrypt hash)."""

BCRYPT_IDENT = "2b"
MIN_ROUNDS = 4
MAX_ROUNDS = 31

# $2b$ + 2-digit cost + $ + 22 chars salt + 31 chars checksum, in bcrypt's base64 alphabet.
# The salt's last character carries only 2 bits, so it is one of ".Oeu".
_BCRYPT_RE = re.compile(
    r"\$(?P<ident>2[abxy])\$(?P<cost>[0-9]{2})\$[./A-Za-z0-9]{21}[.Oeu][./A-Za-z0-9]{31}"
)


@dataclass(frozen=True, slots=True)
class PasswordCheck:
    """The outcome of :meth:`PasswordHasher.check`."""

    matches: bool
    # True when the password matched and the stored hash should be replaced by hash(password).
    needs_rehash: bool


def _nfc(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def _prehash(password: str) -> bytes:
    """base64(SHA-256(UTF-8 bytes)): 44 ASCII bytes, no NUL, within bcrypt's 72 bytes."""
    digest = hashlib.sha256(password.encode("utf-8", "surrogatepass")).digest()
    return base64.b64encode(digest)


def _parse(stored_hash: str) -> tuple[str, int, bytes] | None:
    """Split a stored hash into (bcrypt ident, cost, bcrypt hash bytes); None if malformed."""
    if not stored_hash.startswith(SCHEME_PREFIX):
        return None
    bcrypt_part = stored_hash[len(SCHEME_PREFIX) :]
    match = _BCRYPT_RE.fullmatch(bcrypt_part)
    if match is None:
        return None
    cost = int(match["cost"])
    if not MIN_ROUNDS <= cost <= MAX_ROUNDS:
        return None
    return match["ident"], cost, bcrypt_part.encode("ascii")


class PasswordHasher:
    """Hashes and verifies passwords with the ``bcrypt-sha256`` scheme at a fixed cost."""

    def __init__(self, rounds: int) -> None:
        if not MIN_ROUNDS <= rounds <= MAX_ROUNDS:
            raise ValueError(f"bcrypt rounds must be between {MIN_ROUNDS} and {MAX_ROUNDS}")
        self.rounds = rounds
        self._dummy_hash: str | None = None
        self._dummy_lock = threading.Lock()

    def hash(self, password: str) -> str:
        """A new salted hash of ``password`` (as NFC) in the current scheme and cost."""
        salt = bcrypt.gensalt(rounds=self.rounds, prefix=BCRYPT_IDENT.encode("ascii"))
        return SCHEME_PREFIX + bcrypt.hashpw(_prehash(_nfc(password)), salt).decode("ascii")

    def verify(self, password: str, stored_hash: str) -> bool:
        """True when ``password`` matches ``stored_hash``; False otherwise, never raises.

        A malformed or foreign-scheme ``stored_hash`` gives False.
        """
        return self.check(password, stored_hash).matches

    def check(self, password: str, stored_hash: str) -> PasswordCheck:
        """Whether ``password`` matches, and whether the stored hash should be replaced.

        ``needs_rehash`` is True for a match against a hash of another cost or ident, or
        against a hash made before passwords were normalised (see the module docstring).
        """
        parsed = _parse(stored_hash)
        if parsed is None:
            return PasswordCheck(matches=False, needs_rehash=False)
        normalized = _nfc(password)
        if _checkpw(normalized, parsed[2]):
            return PasswordCheck(matches=True, needs_rehash=self.needs_rehash(stored_hash))
        if normalized != password and _checkpw(password, parsed[2]):
            return PasswordCheck(matches=True, needs_rehash=True)
        return PasswordCheck(matches=False, needs_rehash=False)

    def needs_rehash(self, stored_hash: str) -> bool:
        """True when ``stored_hash`` is not in the current scheme, ident and cost."""
        parsed = _parse(stored_hash)
        if parsed is None:
            return True
        ident, cost, _ = parsed
        return ident != BCRYPT_IDENT or cost != self.rounds

    def verify_dummy(self, password: str) -> None:
        """Spend the same time as :meth:`verify` for a login whose user does not exist.

        Verifies against a hash of a random secret at the configured cost (computed once
        per hasher, on first use), so response time does not reveal whether an account
        exists. The result is always discarded.
        """
        self.verify(password, self._get_dummy_hash())

    def _get_dummy_hash(self) -> str:
        dummy = self._dummy_hash
        if dummy is None:
            with self._dummy_lock:
                dummy = self._dummy_hash
                if dummy is None:
                    dummy = self.hash(secrets.token_urlsafe(32))
                    self._dummy_hash = dummy
        return dummy


def _checkpw(password: str, bcrypt_hash: bytes) -> bool:
    try:
        return bcrypt.checkpw(_prehash(password), bcrypt_hash)
    except ValueError:
        return False


@cache
def get_password_hasher() -> PasswordHasher:
    """The process-wide hasher, at the cost set by ``BCRYPT_ROUNDS``."""
    return PasswordHasher(rounds=get_settings().bcrypt_rounds)
