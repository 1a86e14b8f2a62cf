"""The catalog's version (migration 0007): every change to what the catalog shows moves it on,
once per transaction; nothing else does.

The triggers are deferred to the commit, which a test's transaction never reaches: ``SET
CONSTRAINTS ALL IMMEDIATE`` runs them at the end of each statement instead, and
`as_new_transaction` clears the transaction's mark that the version has moved on already."""

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth.models import User
from tests.factories import make_user, service_columns

Change = Callable[[AsyncSession, User], Awaitable[Any]]


async def version(db: AsyncSession) -> int:
    value = (await db.execute(text("SELECT version FROM marketplace.catalog_version"))).scalar()
    assert isinstance(value, int)
    return value


async def add_service(db: AsyncSession, provider: User, **columns: Any) -> None:
    values = service_columns(**columns) | {"provider_id": provider.id}
    names = ", ".join(values)
    placeholders = ", ".join(f":{name}" for name in values)
    await db.execute(
        text(f"INSERT INTO marketplace.services ({names}) VALUES ({placeholders})"),  # noqa: S608
        values,
    )


async def update_services(db: AsyncSession, provider: User) -> None:
    await db.execute(
        text("UPDATE marketplace.services SET title = 'Renamed' WHERE provider_id = :id"),
        {"id": provider.id},
    )


async def delete_services(db: AsyncSession, provider: User) -> None:
    await db.execute(
        text("DELETE FROM marketplace.services WHERE provider_id = :id"), {"id": provider.id}
    )


async def add_profile(db: AsyncSession, provider: User) -> None:
    await db.execute(
        text(
            "INSERT INTO marketplace.provider_profiles (user_id, business_name)"
            " VALUES (:id, 'Pipes & Co')"
        ),
        {"id": provider.id},
    )


def update_account(**values: Any) -> Change:
    async def change(db: AsyncSession, provider: User) -> None:
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        await db.execute(
            text(f"UPDATE auth.users SET {assignments} WHERE id = :id"),  # noqa: S608
            values | {"id": provider.id},
        )

    return change


async def as_new_transaction(db: AsyncSession) -> None:
    """From here, changes move the version on at once, as if in a transaction of their own."""
    await db.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))  # also runs the pending triggers
    await db.execute(text("SELECT set_config('hestami.catalog_version_advanced', '', true)"))


@pytest.fixture
async def provider(db: AsyncSession) -> User:
    provider = await make_user(db, role="service_provider")
    await add_service(db, provider)
    await add_profile(db, provider)
    await as_new_transaction(db)
    return provider


@pytest.mark.parametrize(
    "change",
    [
        add_service,
        update_services,
        delete_services,
        update_account(is_active=False),
        update_account(role="homeowner"),
        update_account(full_name="Someone Else"),
        update_account(username="renamed_provider"),
    ],
    ids=lambda change: getattr(change, "__name__", "change"),
)
async def test_a_change_to_what_the_catalog_shows_moves_the_version_on(
    db: AsyncSession, provider: User, change: Change
) -> None:
    before = await version(db)

    await change(db, provider)

    assert await version(db) == before + 1


async def test_a_profile_change_moves_the_version_on(db: AsyncSession) -> None:
    provider = await make_user(db, role="service_provider")
    await as_new_transaction(db)
    before = await version(db)

    await add_profile(db, provider)

    assert await version(db) == before + 1


@pytest.mark.parametrize(
    "change",
    [
        update_account(email="elsewhere@example.com"),
        update_account(full_name="Pat Example"),  # the name it already has
    ],
    ids=["another-column", "same-value"],
)
async def test_other_account_changes_leave_the_version(
    db: AsyncSession, provider: User, change: Change
) -> None:
    before = await version(db)

    await change(db, provider)

    assert await version(db) == before


async def test_the_version_moves_on_once_per_transaction(db: AsyncSession, provider: User) -> None:
    before = await version(db)

    await update_services(db, provider)
    await add_service(db, provider, title="Drain cleaning")
    await update_account(full_name="Someone Else")(db, provider)

    assert await version(db) == before + 1
