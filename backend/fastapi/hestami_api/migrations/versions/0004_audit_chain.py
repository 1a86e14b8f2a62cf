"""Tamper-evident audit log: append-only, and every entry hashed onto the one before it.

Revision ID: 0004
Revises: 0003

The database itself does the work, so no application code has to cooperate (or can forget):

* a BEFORE INSERT trigger numbers each entry (``position`` 1, 2, 3 ... without gaps) and sets
  ``entry_hash = sha256(previous entry_hash || canonical form)``; concurrent inserts are
  serialised with a transaction-level advisory lock, so "previous" is always well defined;
* BEFORE UPDATE / DELETE / TRUNCATE triggers refuse every change, for the table's owner too.
  The single exception is the foreign key's own ``ON DELETE SET NULL``: when a user row is
  deleted, ``actor_id`` of their entries may become NULL and nothing else may change. The
  chain covers ``actor_digest`` (sha256 of the actor id), not ``actor_id``, so that erasure
  keeps the chain valid while pointing an entry at a different actor still breaks it.

The canonical form is written down in docs/backend/fastapi/SECURITY.md ("Audit log chain");
``hestami_api.audit.chain`` recomputes it independently for ``hestami-api audit-verify``.
Entries already present are chained in (occurred_at, id) order. The SQL is literal on purpose:
a migration is a snapshot.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "audit"
TABLE = "audit_logs"

ENTRY_HASH_FUNCTION = """
CREATE FUNCTION audit.entry_hash(previous bytea, entry audit.audit_logs) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT sha256(previous || convert_to(jsonb_build_array(
        entry.position,
        entry.id::text,
        to_char(entry.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        encode(entry.actor_digest, 'hex'),
        entry.action,
        entry.target_type,
        entry.target_id,
        entry.ip_address,
        entry.details
    )::text, 'UTF8'))
$$
"""

CHAIN_FUNCTION = """
CREATE FUNCTION audit.chain_entry() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    previous_position bigint;
    previous_hash bytea;
BEGIN
    -- Held until the inserting transaction ends: the next writer must see this entry.
    -- The key is 0x4E57A41_0002, distinct from the migration lock in core/migrations.py.
    PERFORM pg_advisory_xact_lock(5383645102082);
    SELECT position, entry_hash INTO previous_position, previous_hash
    FROM audit.audit_logs ORDER BY position DESC LIMIT 1;
    -- Whatever the writer supplied is overwritten: only the database numbers and hashes.
    NEW.position := coalesce(previous_position, 0) + 1;
    NEW.actor_digest := sha256(convert_to(NEW.actor_id::text, 'UTF8'));
    NEW.entry_hash := audit.entry_hash(coalesce(previous_hash, '\\x'::bytea), NEW);
    RETURN NEW;
END
$$
"""

REFUSE_FUNCTION = """
CREATE FUNCTION audit.refuse_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- ON DELETE SET NULL of the actor's foreign key: only actor_id, only to NULL, and only
    -- once that user no longer exists.
    IF TG_OP = 'UPDATE' THEN
        IF OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
            AND to_jsonb(NEW) - 'actor_id' = to_jsonb(OLD) - 'actor_id'
            AND NOT EXISTS (SELECT FROM auth.users WHERE id = OLD.actor_id)
        THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit.audit_logs is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("position", sa.BigInteger(), nullable=True), schema=SCHEMA)
    op.add_column(
        TABLE, sa.Column("actor_digest", postgresql.BYTEA(), nullable=True), schema=SCHEMA
    )
    op.add_column(TABLE, sa.Column("entry_hash", postgresql.BYTEA(), nullable=True), schema=SCHEMA)
    op.execute(ENTRY_HASH_FUNCTION)

    # Chain the entries written before this migration; writers wait meanwhile.
    op.execute("LOCK TABLE audit.audit_logs IN EXCLUSIVE MODE")
    op.execute(
        """
        UPDATE audit.audit_logs AS entry
        SET position = numbered.position,
            actor_digest = sha256(convert_to(entry.actor_id::text, 'UTF8'))
        FROM (
            SELECT id, row_number() OVER (ORDER BY occurred_at, id) AS position
            FROM audit.audit_logs
        ) AS numbered
        WHERE entry.id = numbered.id
        """
    )
    op.execute(
        """
        DO $$
        DECLARE
            entry audit.audit_logs;
            previous bytea := '\\x';
        BEGIN
            FOR entry IN SELECT * FROM audit.audit_logs ORDER BY position LOOP
                previous := audit.entry_hash(previous, entry);
                UPDATE audit.audit_logs SET entry_hash = previous WHERE id = entry.id;
            END LOOP;
        END
        $$
        """
    )
    op.alter_column(TABLE, "position", nullable=False, schema=SCHEMA)
    op.alter_column(TABLE, "entry_hash", nullable=False, schema=SCHEMA)
    op.create_unique_constraint(op.f("uq_audit_logs_position"), TABLE, ["position"], schema=SCHEMA)
    op.create_check_constraint(
        op.f("ck_audit_logs_entry_hash_sha256"),
        TABLE,
        "octet_length(entry_hash) = 32",
        schema=SCHEMA,
    )
    op.create_check_constraint(
        op.f("ck_audit_logs_actor_digest_sha256"),
        TABLE,
        "actor_digest IS NULL OR octet_length(actor_digest) = 32",
        schema=SCHEMA,
    )

    op.execute(CHAIN_FUNCTION)
    op.execute(REFUSE_FUNCTION)
    op.execute(
        "CREATE TRIGGER audit_logs_chain BEFORE INSERT ON audit.audit_logs "
        "FOR EACH ROW EXECUTE FUNCTION audit.chain_entry()"
    )
    op.execute(
        "CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit.audit_logs "
        "FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()"
    )
    op.execute(
        "CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit.audit_logs "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_logs_no_truncate ON audit.audit_logs")
    op.execute("DROP TRIGGER audit_logs_append_only ON audit.audit_logs")
    op.execute("DROP TRIGGER audit_logs_chain ON audit.audit_logs")
    op.execute("DROP FUNCTION audit.refuse_change()")
    op.execute("DROP FUNCTION audit.chain_entry()")
    op.drop_constraint(op.f("ck_audit_logs_actor_digest_sha256"), TABLE, schema=SCHEMA)
    op.drop_constraint(op.f("ck_audit_logs_entry_hash_sha256"), TABLE, schema=SCHEMA)
    op.drop_constraint(op.f("uq_audit_logs_position"), TABLE, schema=SCHEMA)
    op.execute("DROP FUNCTION audit.entry_hash(bytea, audit.audit_logs)")
    op.drop_column(TABLE, "entry_hash", schema=SCHEMA)
    op.drop_column(TABLE, "actor_digest", schema=SCHEMA)
    op.drop_column(TABLE, "position", schema=SCHEMA)
