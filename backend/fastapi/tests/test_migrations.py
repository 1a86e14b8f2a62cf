"""The migration chain and the models agree, migrate both ways, and the schema protects data.

Every test works in its own throwaway database (random name) on the server named by
TEST_DATABASE_SERVER_URL or DATABASE_URL (default: the local PostgreSQL), and drops it
afterwards. None of them uses the shared fixtures of conftest.py.
"""

import secrets
import subprocess
import sys
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import selectinload
from sqlalchemy.pool import NullPool

from hestami_api.auth.repository import authenticated_user
from hestami_api.core.config import get_settings
from hestami_api.core.context import RequestContext
from hestami_api.core.db import SCHEMAS, async_url
from hestami_api.core.migrations import (
    AUTOGENERATE_OPTIONS,
    MIGRATIONS_DIR,
    alembic_config,
    upgrade_to_head,
)
from hestami_api.db_models import (
    AuditLog,
    Inquiry,
    Offering,
    PasswordResetToken,
    Property,
    ProviderProfile,
    User,
    UserSession,
    metadata,
)
from tests.databases import throwaway_database
from tests.factories import property_columns, service_columns

# --------------------------------------------------------------------------- helpers


@contextmanager
def engine_for(url: str) -> Iterator[Engine]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


def model_diff(engine: Engine) -> list[Any]:
    """What autogenerate would write to bring the database to the models (empty when equal).

    Alembic only warns about some differences (e.g. a changed generated-column expression):
    warnings count as differences too.
    """
    with warnings.catch_warnings(record=True) as caught, engine.connect() as conn:
        warnings.simplefilter("always")
        context = MigrationContext.configure(conn, opts=dict(AUTOGENERATE_OPTIONS))
        diff: list[Any] = list(compare_metadata(context, metadata))
    return diff + [f"warning: {w.message}" for w in caught]


CATALOG_QUERIES = {
    "schemas": """
        SELECT nspname, '' FROM pg_namespace WHERE nspname = ANY(:schemas)
    """,
    "columns": """
        SELECT table_schema || '.' || table_name || '.' || column_name,
               concat_ws(' | ', data_type, character_maximum_length, numeric_precision,
                         numeric_scale, is_nullable, column_default, is_generated,
                         generation_expression)
        FROM information_schema.columns WHERE table_schema = ANY(:schemas)
    """,
    "constraints": """
        SELECT n.nspname || '.' || c.conname, c.contype::text || ' ' || pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = ANY(:schemas)
          AND c.contype <> 't'  -- constraint triggers: migration-only, like every trigger
    """,
    "indexes": """
        SELECT schemaname || '.' || indexname, indexdef
        FROM pg_indexes WHERE schemaname = ANY(:schemas)
    """,
    "extensions": """
        SELECT extname, '' FROM pg_extension WHERE extname IN ('pg_trgm', 'btree_gin')
    """,
}


def catalog(engine: Engine) -> dict[str, dict[str, str]]:
    """A normalised description of our schemas, as PostgreSQL itself prints it."""
    with engine.connect() as conn:
        return {
            kind: {
                row[0]: row[1]
                for row in conn.execute(text(query), {"schemas": list(SCHEMAS)}).all()
            }
            for kind, query in CATALOG_QUERIES.items()
        }


def tables_in_our_schemas(conn: Connection) -> list[str]:
    return list(
        conn.execute(
            text(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables "
                "WHERE table_schema = ANY(:schemas)"
            ),
            {"schemas": list(SCHEMAS)},
        ).scalars()
    )


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config("postgresql://unused")).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def migrated_url() -> Iterator[str]:
    """A database migrated to head, shared by the read-only and rolled-back tests below."""
    with throwaway_database("hestami_test_migrations") as url:
        upgrade_to_head(url)
        yield url


@pytest.fixture
def conn(migrated_url: str) -> Iterator[Connection]:
    """A connection to the migrated database inside a transaction that is rolled back."""
    with engine_for(migrated_url) as engine, engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


Rejects = Callable[..., None]


@pytest.fixture
def rejects(conn: Connection) -> Rejects:
    """``rejects("constraint_name", statement, params)``: the statement fails on that constraint."""

    def check(constraint: str, statement: Any, params: Any = None) -> None:
        with pytest.raises(IntegrityError) as failure, conn.begin_nested():
            conn.execute(statement, params)
        assert failure.value.orig is not None
        assert failure.value.orig.diag.constraint_name == constraint  # type: ignore[attr-defined]

    return check


def add_row(conn: Connection, model: type[User | Offering | Property], **values: Any) -> uuid.UUID:
    row_id: uuid.UUID = conn.execute(insert(model).values(values).returning(model.id)).scalar_one()
    return row_id


def add_user(conn: Connection, username: str, role: str = "homeowner", **extra: Any) -> uuid.UUID:
    values = {
        "username": username,
        "email": f"{username.lower()}-{secrets.token_hex(3)}@example.com",
        "password_hash": "$2b$12$" + "x" * 53,
        "role": role,
    }
    return add_row(conn, User, **(values | extra))


def add_service(conn: Connection, provider_id: uuid.UUID, **extra: Any) -> uuid.UUID:
    return add_row(conn, Offering, provider_id=provider_id, **service_columns(**extra))


def add_property(conn: Connection, owner_id: uuid.UUID, **extra: Any) -> uuid.UUID:
    return add_row(conn, Property, owner_id=owner_id, **property_columns(**extra))


# --------------------------------------------------------------------------- the chain


def test_single_linear_chain_with_downgrades() -> None:
    script = ScriptDirectory.from_config(alembic_config("postgresql://unused"))
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    assert revisions, "no migration found"
    assert revisions[-1].down_revision is None
    for revision in revisions:
        assert callable(revision.module.upgrade), revision.revision
        assert callable(revision.module.downgrade), revision.revision
    # Revision ids are short enough for alembic_version.version_num (VARCHAR(32)).
    assert all(len(revision.revision) <= 32 for revision in revisions)


def test_alembic_config_needs_no_ini_and_keeps_the_url() -> None:
    url = "postgresql+psycopg2://app:p%40ss%25word@db.example:5432/hestami"
    config = alembic_config(url)
    assert config.config_file_name is None
    assert config.get_main_option("sqlalchemy.url") == url
    assert config.get_main_option("script_location") == str(MIGRATIONS_DIR)
    assert (MIGRATIONS_DIR / "env.py").is_file()


def test_alembic_config_defaults_to_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg2://someone@db.example:5432/from_settings"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        assert alembic_config().get_main_option("sqlalchemy.url") == url
    finally:
        get_settings.cache_clear()


def test_env_falls_back_to_settings_url(monkeypatch: pytest.MonkeyPatch) -> None:
    with throwaway_database("hestami_test_migrations") as url:
        config = Config()  # no sqlalchemy.url at all: env.py must use Settings.database_url
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("path_separator", "os")
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        try:
            command.upgrade(config, "head")
        finally:
            get_settings.cache_clear()
        with engine_for(url) as engine:
            assert current_revision(engine) == head_revision()


def test_head_matches_models_per_autogenerate(migrated_url: str) -> None:
    with engine_for(migrated_url) as engine:
        assert current_revision(engine) == head_revision()
        assert model_diff(engine) == []


def test_head_catalog_equals_create_all_catalog(migrated_url: str) -> None:
    """What autogenerate does not compare (partial-index predicates, index methods and
    operator classes, CHECK constraints, generated-column expressions, ON DELETE) must
    also be identical: compare PostgreSQL's own rendering of both databases."""
    with throwaway_database("hestami_test_migrations") as url, engine_for(url) as fresh:
        with fresh.begin() as conn:
            for schema in SCHEMAS:
                conn.execute(text(f"CREATE SCHEMA {schema}"))
            conn.execute(text("CREATE EXTENSION pg_trgm WITH SCHEMA public"))
            conn.execute(text("CREATE EXTENSION btree_gin WITH SCHEMA public"))
            metadata.create_all(conn)
        expected = catalog(fresh)
    with engine_for(migrated_url) as engine:
        actual = catalog(engine)
    for kind in CATALOG_QUERIES:
        assert actual[kind] == expected[kind], kind
    assert len(actual["constraints"]) > 40
    assert "ix_sessions_user_id_live" in actual["indexes"]["auth.ix_sessions_user_id_live"]
    assert "WHERE (revoked_at IS NULL)" in actual["indexes"]["auth.ix_sessions_user_id_live"]
    assert "gin_trgm_ops" in actual["indexes"]["marketplace.ix_services_title_trgm"]
    city_search = actual["indexes"]["marketplace.ix_services_city_search_vector"]
    assert "gin (lower((city)::text), search_vector)" in city_search


def test_the_comparisons_see_drift() -> None:
    """Guard against a comparison that is blind: damage a migrated database, expect a diff."""
    with throwaway_database("hestami_test_migrations") as url, engine_for(url) as engine:
        upgrade_to_head(url)
        before = catalog(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP INDEX auth.uq_users_email_lower"))
            conn.execute(text("CREATE UNIQUE INDEX uq_users_email_lower ON auth.users (email)"))
            conn.execute(text("DROP INDEX auth.ix_sessions_user_id_live"))
            conn.execute(text("CREATE INDEX ix_sessions_user_id_live ON auth.sessions (user_id)"))
            conn.execute(text("ALTER TABLE marketplace.services DROP COLUMN price_unit"))
        diff = model_diff(engine)
        assert any(d[0] == "add_index" and d[1].name == "uq_users_email_lower" for d in diff)
        assert any(d[0] == "add_column" and d[3].name == "price_unit" for d in diff)
        after = catalog(engine)
        assert after["indexes"] != before["indexes"]
        assert after["constraints"] != before["constraints"]


def test_downgrade_removes_everything_and_upgrade_again(migrated_url: str) -> None:
    with throwaway_database("hestami_test_migrations") as url, engine_for(url) as engine:
        upgrade_to_head(url)
        upgrade_to_head(url)  # at head already: a no-op
        assert current_revision(engine) == head_revision()
        # Data in every table must not stop the downgrade.
        with engine.begin() as conn:
            owner = add_user(conn, "owner")
            provider = add_user(conn, "provider", role="service_provider")
            service = add_service(conn, provider)
            prop = add_property(conn, owner)
            conn.execute(
                insert(Inquiry).values(
                    service_id=service,
                    property_id=prop,
                    homeowner_id=owner,
                    provider_id=provider,
                    message="Hello",
                )
            )
            conn.execute(insert(AuditLog).values(actor_id=owner, action="register"))

        command.downgrade(alembic_config(url), "base")
        with engine.connect() as conn:
            assert tables_in_our_schemas(conn) == []
            schemas = conn.execute(
                text("SELECT nspname FROM pg_namespace WHERE nspname = ANY(:s)"),
                {"s": list(SCHEMAS)},
            ).all()
            assert schemas == []
            extensions = text(
                "SELECT count(*) FROM pg_extension WHERE extname IN ('pg_trgm', 'btree_gin')"
            )
            assert conn.execute(extensions).scalar_one() == 0
        assert current_revision(engine) is None

        upgrade_to_head(url)
        assert current_revision(engine) == head_revision()
        assert model_diff(engine) == []
        with engine_for(migrated_url) as reference:
            assert catalog(engine) == catalog(reference)

        command.downgrade(alembic_config(url), "base")
        assert current_revision(engine) is None


@pytest.mark.parametrize(
    ("extension", "index"),
    [
        ("pg_trgm", "CREATE INDEX notes_trgm ON public.notes USING gin (body gin_trgm_ops)"),
        ("btree_gin", "CREATE INDEX notes_btree_gin ON public.notes USING gin (body)"),
    ],
)
def test_downgrade_keeps_an_extension_when_something_else_uses_it(
    extension: str, index: str
) -> None:
    with throwaway_database("hestami_test_migrations") as url, engine_for(url) as engine:
        upgrade_to_head(url)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE public.notes (body text)"))
            conn.execute(text(index))
        command.downgrade(alembic_config(url), "base")
        with engine.connect() as conn:
            assert tables_in_our_schemas(conn) == []
            present = conn.execute(
                text("SELECT count(*) FROM pg_extension WHERE extname = :name"),
                {"name": extension},
            ).scalar_one()
            assert present == 1


def test_concurrent_upgrades_are_serialised() -> None:
    """Several processes (e.g. workers starting together) migrate the same fresh database."""
    with throwaway_database("hestami_test_migrations") as url:
        code = (
            "import sys\n"
            "from hestami_api.core.migrations import upgrade_to_head\n"
            "upgrade_to_head(sys.argv[1])\n"
        )
        processes = [
            subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        failures = []
        for process in processes:
            _, stderr = process.communicate(timeout=120)
            if process.returncode != 0:
                failures.append(stderr)
        assert failures == []
        with engine_for(url) as engine:
            assert current_revision(engine) == head_revision()
            assert model_diff(engine) == []


# --------------------------------------------------------------------------- constraints


def test_server_defaults(conn: Connection) -> None:
    owner = add_user(conn, "defaults")
    user = conn.execute(select(User.__table__).where(User.id == owner)).one()
    assert user.is_active is True
    assert user.created_at.tzinfo is not None
    assert user.updated_at == user.created_at
    provider = add_user(conn, "prov", role="service_provider")
    service = add_service(conn, provider)
    prop = add_property(conn, owner)
    assert conn.execute(select(Property.country).where(Property.id == prop)).scalar_one() == "US"
    assert conn.execute(select(Offering.is_active).where(Offering.id == service)).scalar_one()
    inquiry = conn.execute(
        insert(Inquiry)
        .values(service_id=service, homeowner_id=owner, provider_id=provider, message="Hi")
        .returning(Inquiry.status)
    ).scalar_one()
    assert inquiry == "open"
    details = conn.execute(
        insert(AuditLog).values(action="login_success").returning(AuditLog.details)
    ).scalar_one()
    assert details == {}


def test_usernames_and_emails_are_unique_regardless_of_case(
    conn: Connection, rejects: Rejects
) -> None:
    add_user(conn, "Alice", email="Alice@Example.com")
    user = {"password_hash": "h", "role": "homeowner"}
    rejects(
        "uq_users_username_lower",
        insert(User).values(username="aLICE", email="other@example.com", **user),
    )
    rejects(
        "uq_users_email_lower",
        insert(User).values(username="bob", email="alice@example.COM", **user),
    )


def test_user_checks(conn: Connection, rejects: Rejects) -> None:
    base = {"password_hash": "h", "email": "x@example.com"}
    rejects("ck_users_role", insert(User).values(username="eve", role="admin", **base))
    rejects("ck_users_username_length", insert(User).values(username="ab", role="staff", **base))
    with pytest.raises(Exception, match="too long"), conn.begin_nested():
        conn.execute(insert(User).values(username="u" * 33, role="staff", **base))
    add_user(conn, "abc", role="staff")  # the boundary is accepted


def test_session_and_reset_token_checks(conn: Connection, rejects: Rejects) -> None:
    user = add_user(conn, "sessions")
    expires = datetime.now(UTC) + timedelta(days=7)
    session = {"user_id": user, "refresh_jti": uuid.uuid4(), "expires_at": expires}
    rejects(
        "ck_sessions_revoked_reason",
        insert(UserSession).values(revoked_at=datetime.now(UTC), revoked_reason="bored", **session),
    )
    rejects(
        "ck_sessions_reason_requires_revoked_at",
        insert(UserSession).values(revoked_reason="logout", **session),
    )
    rejects(
        "fk_sessions_user_id_users",
        insert(UserSession).values(
            user_id=uuid.uuid4(), refresh_jti=uuid.uuid4(), expires_at=expires
        ),
    )
    token = {"user_id": user, "expires_at": expires}
    rejects(
        "ck_password_reset_tokens_token_hash_hex",
        insert(PasswordResetToken).values(token_hash="Z" * 64, **token),
    )
    conn.execute(insert(PasswordResetToken).values(token_hash="a" * 64, **token))
    rejects(
        "uq_password_reset_tokens_token_hash",
        insert(PasswordResetToken).values(token_hash="a" * 64, **token),
    )


def test_marketplace_checks(conn: Connection, rejects: Rejects) -> None:
    owner = add_user(conn, "homeowner")
    provider = add_user(conn, "provider", role="service_provider")
    service = {"provider_id": provider, **service_columns()}
    rejects("ck_services_category", insert(Offering).values(**{**service, "category": "magic"}))
    rejects("ck_services_price_unit", insert(Offering).values(price_unit="per_day", **service))
    rejects("ck_services_price_min_non_negative", insert(Offering).values(price_min=-1, **service))
    rejects(
        "ck_services_price_range_ordered",
        insert(Offering).values(price_min=Decimal("100"), price_max=Decimal("99.99"), **service),
    )
    rejects(
        "ck_services_description_length",
        insert(Offering).values(**{**service, "description": "x" * 5001}),
    )
    rejects("ck_services_title_not_empty", insert(Offering).values(**{**service, "title": ""}))
    add_service(conn, provider, price_min=Decimal("10"), price_max=Decimal("10"))

    prop = {"owner_id": owner, **property_columns()}
    rejects(
        "ck_properties_property_type",
        insert(Property).values(**{**prop, "property_type": "castle"}),
    )
    rejects("ck_properties_bedrooms_range", insert(Property).values(bedrooms=101, **prop))
    rejects("ck_properties_bathrooms_range", insert(Property).values(bathrooms=-0.5, **prop))
    rejects("ck_properties_square_feet_range", insert(Property).values(square_feet=0, **prop))
    rejects("ck_properties_year_built_range", insert(Property).values(year_built=1599, **prop))
    rejects("ck_properties_country_iso_alpha2", insert(Property).values(country="us", **prop))

    profile = {"user_id": provider, "business_name": "Green Thumb"}
    rejects(
        "ck_provider_profiles_description_length",
        insert(ProviderProfile).values(description="x" * 5001, **profile),
    )
    rejects(
        "ck_provider_profiles_website_http",
        insert(ProviderProfile).values(website="javascript:alert(1)", **profile),
    )

    service_id = add_service(conn, provider)
    inquiry = {"service_id": service_id, "homeowner_id": owner, "provider_id": provider}
    rejects("ck_inquiries_message_length", insert(Inquiry).values(message="", **inquiry))
    rejects("ck_inquiries_message_length", insert(Inquiry).values(message="x" * 5001, **inquiry))
    rejects("ck_inquiries_status", insert(Inquiry).values(message="Hi", status="maybe", **inquiry))
    rejects(
        "fk_inquiries_service_id_services",
        insert(Inquiry).values(message="Hi", **{**inquiry, "service_id": uuid.uuid4()}),
    )


def test_audit_details_must_be_an_object(rejects: Rejects) -> None:
    rejects(
        "ck_audit_logs_details_is_object",
        insert(AuditLog).values(action="login_failure", details=["not", "an", "object"]),
    )
    rejects("ck_audit_logs_action_not_empty", insert(AuditLog).values(action=""))


def test_on_delete_rules(conn: Connection) -> None:
    owner = add_user(conn, "owner")
    provider = add_user(conn, "provider", role="service_provider")
    service = add_service(conn, provider)
    prop = add_property(conn, owner)
    conn.execute(insert(ProviderProfile).values(user_id=provider, business_name="Pipes Inc"))
    conn.execute(
        insert(UserSession).values(
            user_id=owner, refresh_jti=uuid.uuid4(), expires_at=datetime.now(UTC)
        )
    )
    inquiry = conn.execute(
        insert(Inquiry)
        .values(
            service_id=service,
            property_id=prop,
            homeowner_id=owner,
            provider_id=provider,
            message="Please come",
        )
        .returning(Inquiry.id)
    ).scalar_one()
    log = conn.execute(
        insert(AuditLog).values(actor_id=owner, action="register").returning(AuditLog.id)
    ).scalar_one()

    # Deleting a property keeps the inquiry, without the property.
    conn.execute(delete(Property).where(Property.id == prop))
    assert conn.execute(select(Inquiry.property_id).where(Inquiry.id == inquiry)).one() == (None,)

    # Deleting a user removes what belongs to them but keeps the audit trail, anonymised.
    conn.execute(delete(User).where(User.id == owner))
    assert conn.execute(select(Inquiry.id).where(Inquiry.id == inquiry)).all() == []
    assert conn.execute(select(UserSession.id).where(UserSession.user_id == owner)).all() == []
    assert conn.execute(select(AuditLog.actor_id).where(AuditLog.id == log)).one() == (None,)

    conn.execute(delete(User).where(User.id == provider))
    assert conn.execute(select(Offering.id).where(Offering.id == service)).all() == []
    assert conn.execute(select(ProviderProfile.user_id)).all() == []


def test_generated_search_vectors_and_trigram_index(conn: Connection) -> None:
    provider = add_user(conn, "searcher", role="service_provider")
    service = add_service(conn, provider, category="pest_control")
    owner = add_user(conn, "houseowner")
    prop = add_property(conn, owner, name="Lake house", city="Shelbyville")

    def service_matches(query: str) -> bool:
        return bool(
            conn.execute(
                select(Offering.id).where(
                    Offering.id == service,
                    Offering.search_vector.op("@@")(text("websearch_to_tsquery('english', :q)")),
                ),
                {"q": query},
            ).all()
        )

    assert service_matches("burst pipes")  # stemmed: pipe
    assert service_matches("pest")  # category words are searchable
    assert not service_matches("roofing")
    conn.execute(update(Offering).where(Offering.id == service).values(title="Roofing"))
    assert service_matches("roofing")  # the generated column follows updates
    rank_title, rank_desc = conn.execute(
        text(
            "SELECT ts_rank(search_vector, to_tsquery('english', 'roofing')),"
            "       ts_rank(search_vector, to_tsquery('english', 'faucet'))"
            " FROM marketplace.services WHERE id = :id"
        ),
        {"id": service},
    ).one()
    assert rank_title > rank_desc > 0  # title weighs more than description

    assert conn.execute(
        text(
            "SELECT count(*) FROM marketplace.properties "
            "WHERE id = :id AND search_vector @@ plainto_tsquery('simple', 'shelbyville lake')"
        ),
        {"id": prop},
    ).scalar_one()
    assert conn.execute(
        text("SELECT similarity(title, 'Rofing') > 0.3 FROM marketplace.services WHERE id = :id"),
        {"id": service},
    ).scalar_one()


async def test_orm_mapping_round_trip(migrated_url: str) -> None:
    """The mapped classes work against the migrated schema: defaults, relationships, hot path.

    On the request path's driver (asyncpg, an AsyncSession), in a transaction rolled back."""
    engine = create_async_engine(async_url(migrated_url), poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            transaction = await connection.begin()
            try:
                async with AsyncSession(
                    bind=connection, join_transaction_mode="create_savepoint"
                ) as db:
                    await _orm_round_trip(db)
            finally:
                await transaction.rollback()
    finally:
        await engine.dispose()


async def _orm_round_trip(db: AsyncSession) -> None:
    owner = User(username="Olivia", email="olivia@example.com", password_hash="h", role="homeowner")
    provider = User(
        username="pat", email="pat@example.com", password_hash="h", role="service_provider"
    )
    db.add_all([owner, provider])
    await db.flush()
    db.add(ProviderProfile(user_id=provider.id, business_name="Pat's Plumbing"))
    service = Offering(
        provider_id=provider.id,
        **service_columns(price_min=Decimal("50.00"), price_unit="per_visit"),
    )
    home = Property(
        owner_id=owner.id, **property_columns(property_type="townhouse", bathrooms=Decimal("1.5"))
    )
    db.add_all([service, home])
    await db.flush()
    inquiry = Inquiry(
        service_id=service.id,
        property_id=home.id,
        homeowner_id=owner.id,
        provider_id=provider.id,
        message="Kitchen sink is slow",
    )
    session = UserSession(
        user_id=owner.id,
        refresh_jti=uuid.uuid4(),
        expires_at=datetime.now(UTC) + timedelta(days=1),
    )
    db.add_all([inquiry, session, AuditLog(actor_id=owner.id, action="register")])
    await db.flush()
    # Server defaults come back with the INSERT (eager defaults): no lazy refresh needed.
    assert inquiry.status == "open"
    assert home.country == "US"
    assert service.is_active is True
    sid, owner_id, provider_id, inquiry_id = session.id, owner.id, provider.id, inquiry.id
    db.expunge_all()

    async def live_user() -> User | None:
        return await authenticated_user(
            RequestContext(db=db), session_id=sid, user_id=owner_id, now=datetime.now(UTC)
        )

    loaded = await live_user()
    assert loaded is not None
    assert loaded.username == "Olivia"
    # Async sessions cannot lazy-load: every relationship is loaded explicitly, which still
    # exercises each relationship's join condition against the schema.
    fetched = await db.get(
        Inquiry,
        inquiry_id,
        options=[
            selectinload(Inquiry.offering).selectinload(Offering.provider_profile),
            selectinload(Inquiry.property),
            selectinload(Inquiry.homeowner),
            selectinload(Inquiry.provider),
        ],
    )
    assert fetched is not None
    assert fetched.offering.provider_profile is not None
    assert fetched.offering.provider_profile.business_name == "Pat's Plumbing"
    assert fetched.property is not None
    assert fetched.property.bathrooms == Decimal("1.5")
    assert fetched.homeowner.id == owner_id
    assert fetched.provider.id == provider_id

    # Revoked, expired, or inactive user: the hot-path statement finds nothing.
    await db.execute(update(User).where(User.id == owner_id).values(is_active=False))
    assert await live_user() is None
    await db.execute(update(User).where(User.id == owner_id).values(is_active=True))
    await db.execute(
        update(UserSession)
        .where(UserSession.id == sid)
        .values(revoked_at=datetime.now(UTC), revoked_reason="logout")
    )
    assert await live_user() is None
