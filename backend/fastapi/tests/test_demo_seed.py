"""seed_demo: the demo data set, and running it twice."""

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth.models import User
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import InvalidInputError
from hestami_api.demo import ACCOUNTS, DEMO_PASSWORD, seed_demo
from hestami_api.inquiries.models import Inquiry
from hestami_api.offerings.models import Offering
from hestami_api.properties.models import Property
from hestami_api.provider_profiles.models import ProviderProfile
from tests.factories import log_in, make_user


async def row_counts(db: AsyncSession) -> dict[str, int]:
    async def count(model: type[object]) -> int:
        return await db.scalar(select(func.count()).select_from(model)) or 0

    return {
        "users": await count(User),
        "properties": await count(Property),
        "services": await count(Offering),
        "provider_profiles": await count(ProviderProfile),
        "inquiries": await count(Inquiry),
    }


async def test_seed_creates_a_varied_data_set_once(db: AsyncSession) -> None:
    ctx = RequestContext(db=db, client_ip=None, user_agent="test")

    created = await seed_demo(ctx)
    after_first = await row_counts(db)
    again = await seed_demo(ctx)

    assert created == after_first  # the database was empty before
    assert created["users"] == len(ACCOUNTS)
    assert min(created.values()) > 0
    assert again == dict.fromkeys(created, 0)
    assert await row_counts(db) == after_first
    statuses = set(await db.scalars(select(Inquiry.status)))
    assert statuses == {"open", "accepted", "declined", "completed", "cancelled"}
    assert len(set(await db.scalars(select(Offering.category)))) >= 4
    assert len(set(await db.scalars(select(Offering.city)))) >= 3
    assert await db.scalar(select(func.count()).where(Offering.is_active.is_(False))) == 1


async def test_demo_accounts_can_log_in_and_see_the_catalog(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    await seed_demo(RequestContext(db=db, client_ip=None, user_agent="test"))
    await db.commit()
    maria = (await db.scalars(select(User).where(User.username == "maria.lopez"))).one()

    session = await log_in(client, maria, DEMO_PASSWORD)
    catalog = (await client.get("/services?limit=100", headers=session.headers)).json()
    inquiries = (await client.get("/homeowners/inquiries", headers=session.headers)).json()

    assert catalog["total"] == 8  # the inactive service is hidden
    names = {item["provider"]["business_name"] for item in catalog["items"]}
    assert {"Barton Plumbing Co.", "Grace Kim"} <= names  # saved and default profiles
    assert inquiries["total"] == 2


async def test_seed_skips_when_a_demo_username_is_taken(db: AsyncSession) -> None:
    await make_user(db, username=ACCOUNTS[-1].username)
    before = await row_counts(db)

    created = await seed_demo(RequestContext(db=db, client_ip=None, user_agent="test"))

    assert set(created.values()) == {0}
    assert await row_counts(db) == before


async def test_seed_with_a_custom_password_checks_the_policy(db: AsyncSession) -> None:
    ctx = RequestContext(db=db, client_ip=None, user_agent="test")

    with pytest.raises(InvalidInputError):
        await seed_demo(ctx, password="short")

    assert (await seed_demo(ctx, password="Another long demo phrase 42"))["users"] == len(ACCOUNTS)
