"""The audit log is append-only and hash-chained by the database (migration 0003), and
``hestami-api audit-verify`` names the first broken link.

Every test gets its own migrated throwaway database: tampering commits, and the shared test
databases must stay intact. Tampering is done as the superuser the tests connect as, with the
refusing trigger disabled, as an attacker with full database access would.
"""

import os
import secrets
import subprocess
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from hestami_api.audit.chain import actor_digest, entry_hash, verify_chain
from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import User
from hestami_api.core.migrations import alembic_config, upgrade_to_head
from tests.conftest import run_cli
from tests.databases import throwaway_database


@dataclass
class AuditDatabase:
    url: str
    engine: Engine

    def add(self, action: str = "auth.login", actor_id: uuid.UUID | None = None) -> uuid.UUID:
        with self.engine.begin() as conn:
            entry_id: uuid.UUID = conn.execute(
                insert(AuditLog)
                .values(action=action, actor_id=actor_id, ip_address="198.51.100.7")
                .returning(AuditLog.id)
            ).scalar_one()
        return entry_id

    def add_user(self) -> uuid.UUID:
        name = f"u{secrets.token_hex(4)}"
        with self.engine.begin() as conn:
            user_id: uuid.UUID = conn.execute(
                insert(User)
                .values(
                    username=name, email=f"{name}@example.com", password_hash="h", role="homeowner"
                )
                .returning(User.id)
            ).scalar_one()
        return user_id

    def tamper(self, statement: str, **params: object) -> None:
        """Run ``statement`` with the append-only trigger disabled (owner or superuser only)."""
        with self.engine.begin() as conn:
            conn.execute(
                text("ALTER TABLE audit.audit_logs DISABLE TRIGGER audit_logs_append_only")
            )
            conn.execute(text(statement), params)
            conn.execute(text("ALTER TABLE audit.audit_logs ENABLE TRIGGER audit_logs_append_only"))

    def verify(self) -> subprocess.CompletedProcess[str]:
        return run_cli(
            "audit-verify", env=os.environ | {"DATABASE_URL": self.url, "ENVIRONMENT": "test"}
        )

    def assert_broken_at(self, position: int, entry: uuid.UUID) -> str:
        """Runs audit-verify, which must fail naming this entry as the first broken link;
        returns what it reported (its stderr)."""
        result = self.verify()
        assert result.returncode == 1
        assert f"broken at position {position} (entry {entry})" in result.stderr
        return result.stderr


@pytest.fixture
def audit_db() -> Iterator[AuditDatabase]:
    with throwaway_database("hestami_test_audit") as url:
        engine = create_engine(url, poolclass=NullPool)
        try:
            upgrade_to_head(url)
            yield AuditDatabase(url=url, engine=engine)
        finally:
            engine.dispose()


def test_entries_are_numbered_and_chained_by_the_database(audit_db: AuditDatabase) -> None:
    actor = audit_db.add_user()
    audit_db.add("auth.register", actor)
    # Whatever a writer supplies for the chain columns is overwritten.
    with audit_db.engine.begin() as conn:
        conn.execute(
            insert(AuditLog).values(
                action="auth.login", position=99, entry_hash=b"\x00" * 32, actor_digest=None
            )
        )
        # Several rows in one statement are chained one after another too.
        conn.execute(insert(AuditLog), [{"action": "auth.logout"}, {"action": "auth.refresh"}])

    with audit_db.engine.connect() as conn:
        rows = conn.execute(select(AuditLog.__table__).order_by(AuditLog.position)).all()
        assert [row.position for row in rows] == [1, 2, 3, 4]
        assert rows[0].actor_digest == actor_digest(actor)
        assert rows[1].actor_digest is None
        assert rows[1].entry_hash != b"\x00" * 32
    report = verify_chain(audit_db.engine)
    assert report.broken is None
    assert report.verified == 4
    assert report.head_hash == rows[-1].entry_hash

    result = audit_db.verify()
    assert result.returncode == 0, result.stderr
    assert f"4 entries, head hash {rows[-1].entry_hash.hex()}" in result.stdout


def test_the_canonical_form_is_the_documented_one(audit_db: AuditDatabase) -> None:
    """Recomputed by hand from SECURITY.md's description, for one entry."""
    with audit_db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit.audit_logs (id, occurred_at, action, target_type, target_id,"
                " ip_address, details) VALUES ('00000000-0000-4000-8000-000000000001',"
                " '2026-12-01 10:00:00.5+00', 'admin.user_updated', 'user', 'x\"y',"
                ' \'203.0.113.9\', \'{"b": [1, 2.50], "a": "\\u00e9"}\')'
            )
        )
        stored = conn.execute(select(AuditLog.entry_hash)).scalar_one()
    canonical = (
        '[1, "00000000-0000-4000-8000-000000000001", "2026-12-01T10:00:00.500000Z", null, '
        '"admin.user_updated", "user", "x\\"y", "203.0.113.9", {"a": "é", "b": [1, 2.50]}]'
    )
    assert stored == entry_hash(b"", canonical)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit.audit_logs SET details = '{\"forged\": true}'",
        "UPDATE audit.audit_logs SET actor_id = NULL",
        "DELETE FROM audit.audit_logs",
        "TRUNCATE audit.audit_logs",
    ],
)
def test_changes_are_refused_even_for_the_owner(audit_db: AuditDatabase, statement: str) -> None:
    audit_db.add("auth.login", audit_db.add_user())
    with pytest.raises(DBAPIError, match="append-only") as refused, audit_db.engine.begin() as conn:
        conn.execute(text(statement))
    assert refused.value.orig is not None
    assert refused.value.orig.pgcode == "42501"  # type: ignore[attr-defined]
    with audit_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit.audit_logs")).scalar_one() == 1


def test_deleting_a_user_anonymises_their_entries_and_keeps_the_chain(
    audit_db: AuditDatabase,
) -> None:
    actor = audit_db.add_user()
    entry = audit_db.add("auth.register", actor)
    audit_db.add()
    with audit_db.engine.begin() as conn:
        conn.execute(text("DELETE FROM auth.users WHERE id = :id"), {"id": actor})
    with audit_db.engine.connect() as conn:
        assert (
            conn.execute(select(AuditLog.actor_id).where(AuditLog.id == entry)).scalar_one() is None
        )
    assert audit_db.verify().returncode == 0


def test_an_edited_entry_is_named(audit_db: AuditDatabase) -> None:
    ids = [audit_db.add() for _ in range(4)]
    audit_db.tamper("UPDATE audit.audit_logs SET ip_address = '10.0.0.1' WHERE id = :id", id=ids[2])

    report = audit_db.assert_broken_at(3, ids[2])

    assert "hash mismatch" in report
    assert "2 entries before it verified" in report


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(audit_db: AuditDatabase) -> None:
    ids = [audit_db.add() for _ in range(3)]
    # The attacker knows the scheme and rehashes the entry they changed.
    audit_db.tamper("UPDATE audit.audit_logs SET action = 'auth.logout' WHERE id = :id", id=ids[1])
    audit_db.tamper(
        "UPDATE audit.audit_logs AS e SET entry_hash = audit.entry_hash(p.entry_hash, e)"
        " FROM audit.audit_logs AS p WHERE p.position = 1 AND e.position = 2"
    )

    audit_db.assert_broken_at(3, ids[2])


def test_a_deleted_entry_is_named(audit_db: AuditDatabase) -> None:
    ids = [audit_db.add() for _ in range(4)]
    audit_db.tamper("DELETE FROM audit.audit_logs WHERE id = :id", id=ids[1])

    report = audit_db.assert_broken_at(3, ids[2])

    assert "entry 2 is missing" in report


def test_a_reassigned_actor_is_named(audit_db: AuditDatabase) -> None:
    owner, other = audit_db.add_user(), audit_db.add_user()
    entry = audit_db.add("admin.user_updated", owner)
    audit_db.tamper(
        "UPDATE audit.audit_logs SET actor_id = :other WHERE id = :id", other=other, id=entry
    )

    report = audit_db.assert_broken_at(1, entry)

    assert "actor_id does not match" in report


def test_replication_role_bypass_is_detected_too(audit_db: AuditDatabase) -> None:
    """``session_replication_role = replica`` (superuser) silences every trigger at once."""
    ids = [audit_db.add() for _ in range(2)]
    with audit_db.engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text("UPDATE audit.audit_logs SET details = '{\"x\": 1}'"))

    audit_db.assert_broken_at(1, ids[0])


def test_concurrent_writers_keep_one_gapless_chain(audit_db: AuditDatabase) -> None:
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(15):
                audit_db.add()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    writers = [threading.Thread(target=write) for _ in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()

    assert errors == []
    report = verify_chain(audit_db.engine)
    assert report.broken is None
    assert report.verified == 60


def test_downgrade_is_clean_and_upgrade_chains_existing_entries(audit_db: AuditDatabase) -> None:
    config = alembic_config(audit_db.url)
    command.downgrade(config, "0003")
    with audit_db.engine.begin() as conn:
        columns = conn.execute(
            text(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = 'audit' AND table_name = 'audit_logs'"
            )
        ).scalars()
        assert {"position", "entry_hash", "actor_digest"}.isdisjoint(columns)
        assert (
            conn.execute(
                text("SELECT count(*) FROM pg_proc WHERE pronamespace = 'audit'::regnamespace")
            ).scalar_one()
            == 0
        )
        # Entries written before the upgrade, deliberately out of insertion order in time.
        for when in ("2026-01-03", "2026-01-01", "2026-01-02"):
            conn.execute(
                text("INSERT INTO audit.audit_logs (action, occurred_at) VALUES ('old', :when)"),
                {"when": when},
            )
        conn.execute(text('UPDATE audit.audit_logs SET details = \'{"still": "editable"}\''))

    command.upgrade(config, "head")
    audit_db.add("new")

    with audit_db.engine.connect() as conn:
        ordered = conn.execute(
            text("SELECT action, occurred_at::date::text FROM audit.audit_logs ORDER BY position")
        ).all()
    report = verify_chain(audit_db.engine)
    assert [tuple(row) for row in ordered[:3]] == [
        ("old", "2026-01-01"),
        ("old", "2026-01-02"),
        ("old", "2026-01-03"),
    ]
    assert report.broken is None
    assert report.verified == 4
