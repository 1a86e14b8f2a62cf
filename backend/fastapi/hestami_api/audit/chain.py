"""Verification of the audit log's hash chain (``hestami-api audit-verify``).

The database writes the chain (migration 0003's BEFORE INSERT trigger); this module
recomputes it from the stored columns with its own copy of the canonical form (SQL below,
hashing in Python), so a replaced database function cannot vouch for itself. The canonical
form is documented in docs/backend/fastapi/SECURITY.md ("Audit log chain").
"""

import hashlib
import uuid
from dataclasses import dataclass
from typing import Final

from sqlalchemy import Engine, text

# The entry's canonical form, rendered by PostgreSQL's jsonb output (deterministic,
# with JSON string escaping): must equal audit.entry_hash() in migration 0003.
_ENTRIES: Final = text(
    """
    SELECT position, id, actor_id, actor_digest, entry_hash,
           jsonb_build_array(
               position,
               id::text,
               to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               encode(actor_digest, 'hex'),
               action,
               target_type,
               target_id,
               ip_address,
               details
           )::text AS canonical
    FROM audit.audit_logs
    ORDER BY position
    """
)
_BATCH: Final = 1000


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """The first entry at which the chain does not hold."""

    position: int
    entry_id: uuid.UUID
    reason: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What :func:`verify_chain` found: ``broken`` is None when every entry checked out."""

    verified: int
    head_hash: bytes | None
    broken: BrokenLink | None


def entry_hash(previous: bytes, canonical: str) -> bytes:
    """sha256(previous entry's hash || UTF-8 canonical form); ``previous`` is b"" at first."""
    return hashlib.sha256(previous + canonical.encode("utf-8")).digest()


def actor_digest(actor_id: uuid.UUID) -> bytes:
    """sha256 of the actor id's canonical text (lower-case, hyphenated)."""
    return hashlib.sha256(str(actor_id).encode("ascii")).digest()


def verify_chain(engine: Engine) -> ChainReport:
    """Recompute every link in position order, in one snapshot; stop at the first bad one.

    A deleted entry shows as a gap in the positions (and a broken link after it); an edited
    one as a hash mismatch at that entry or, when its hash was recomputed as well, at the
    next one. Entries removed from the end leave no trace here: compare the head (position
    and hash) with one recorded earlier for that.
    """
    previous = b""
    verified = 0
    with (
        engine.connect().execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        ) as connection,
        connection.begin(),
    ):
        rows = connection.execution_options(stream_results=True, yield_per=_BATCH).execute(_ENTRIES)
        for row in rows:
            expected_position = verified + 1
            reason = None
            if row.position != expected_position:
                reason = f"entry {expected_position} is missing (next found: {row.position})"
            elif row.actor_id is not None and bytes(row.actor_digest or b"") != actor_digest(
                row.actor_id
            ):
                reason = "actor_id does not match the recorded actor digest"
            elif bytes(row.entry_hash) != entry_hash(previous, row.canonical):
                reason = "hash mismatch: this entry, or the link to the one before it, changed"
            if reason is not None:
                broken = BrokenLink(position=row.position, entry_id=row.id, reason=reason)
                return ChainReport(verified=verified, head_hash=previous or None, broken=broken)
            previous = bytes(row.entry_hash)
            verified += 1
    return ChainReport(verified=verified, head_hash=previous or None, broken=None)
