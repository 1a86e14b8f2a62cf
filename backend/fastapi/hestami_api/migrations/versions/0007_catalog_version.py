"""The catalog's version: a number every change to what the catalog shows moves on.

The API keeps recent catalog search results in each process and serves one again only while
the version it was read at is still the current one (``offerings.service``). Triggers, not
the application, move the version on, so no write can forget it: any change to a service, to
a provider profile, or to the account columns the catalog shows or filters on. The triggers
are deferred constraint triggers: they run at commit, once per transaction, so concurrent
writers wait on the version's row only for the moment of their commit.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = "marketplace.advance_catalog_version"
# (trigger, table, events): what the catalog reads (offerings.repository._CATALOG_QUERY).
TRIGGERS = (
    ("catalog_version_services", "marketplace.services", "INSERT OR UPDATE OR DELETE"),
    (
        "catalog_version_provider_profiles",
        "marketplace.provider_profiles",
        "INSERT OR UPDATE OR DELETE",
    ),
)
# The account columns the catalog shows or filters on; other updates (a login's) leave it.
USER_COLUMNS = ("is_active", "role", "full_name", "username")


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE marketplace.catalog_version (
            id boolean DEFAULT true NOT NULL,
            version bigint DEFAULT 0 NOT NULL,
            CONSTRAINT pk_catalog_version PRIMARY KEY (id),
            CONSTRAINT ck_catalog_version_single_row CHECK (id)
        )
        """
    )
    op.execute("INSERT INTO marketplace.catalog_version DEFAULT VALUES")
    # One update per transaction however many rows it changed: the flag is transaction-local
    # (set_config's third argument), so the next transaction starts without it.
    op.execute(
        f"""
        CREATE FUNCTION {FUNCTION}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('hestami.catalog_version_advanced', true) = 'yes' THEN
                RETURN NULL;
            END IF;
            UPDATE marketplace.catalog_version SET version = version + 1;
            PERFORM set_config('hestami.catalog_version_advanced', 'yes', true);
            RETURN NULL;
        END
        $$
        """  # noqa: S608 - the function's name, a constant of this module
    )
    for name, table, events in TRIGGERS:
        op.execute(
            f"CREATE CONSTRAINT TRIGGER {name} AFTER {events} ON {table}"
            f" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )
    changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in USER_COLUMNS)
    op.execute(
        f"CREATE CONSTRAINT TRIGGER catalog_version_users"
        f" AFTER UPDATE OF {', '.join(USER_COLUMNS)} ON auth.users"
        f" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ({changed})"
        f" EXECUTE FUNCTION {FUNCTION}()"
    )
    # TRUNCATE has no row triggers and no constraint trigger: a plain statement trigger.
    for table in ("marketplace.services", "marketplace.provider_profiles"):
        op.execute(
            f"CREATE TRIGGER catalog_version_truncate AFTER TRUNCATE ON {table}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )


def downgrade() -> None:
    for table in ("marketplace.services", "marketplace.provider_profiles"):
        op.execute(f"DROP TRIGGER catalog_version_truncate ON {table}")
    op.execute("DROP TRIGGER catalog_version_users ON auth.users")
    for name, table, _ in TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON {table}")
    op.execute(f"DROP FUNCTION {FUNCTION}()")
    op.execute("DROP TABLE marketplace.catalog_version")
