"""seed_demo: the demo data set, and running it twice."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hestami_api.auth.models import User
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import InvalidInputError
from hestami_api.marketplace.demo import ACCOUNTS, DEMO_PASSWORD, seed_demo
from hestami_api.marketplace.models import Inquiry, Property, ProviderProfile, Service
from tests.factories import log_in, make_user


def row_counts(db: Session) -> dict[str, int]:
    def count(model: type[object]) -> int:
        return db.scalar(select(func.count()).select_from(model)) or 0

    return {
        "users": count(User),
        "properties": count(Property),
        "services": count(Service),
        "provider_profiles": count(ProviderProfile),
        "inquiries": count(Inquiry),
    }


def test_seed_creates_a_varied_data_set_once(db: Session) -> None:
    ctx = RequestContext(db=db, client_ip=None, user_agent="test")

    created = seed_demo(ctx)
    after_first = row_counts(db)
    again = seed_demo(ctx)

    assert created == after_first  # the database was empty before
    assert created["users"] == len(ACCOUNTS)
    assert min(created.values()) > 0
    assert again == dict.fromkeys(created, 0)
    assert row_counts(db) == after_first
    statuses = set(db.scalars(select(Inquiry.status)))
    assert statuses == {"open", "accepted", "declined", "completed", "cancelled"}
    assert len(set(db.scalars(select(Service.category)))) >= 4
    assert len(set(db.scalars(select(Service.city)))) >= 3
    assert db.scalar(select(func.count()).where(Service.is_active.is_(False))) == 1


def test_demo_accounts_can_log_in_and_see_the_catalog(client: TestClient, db: Session) -> None:
    seed_demo(RequestContext(db=db, client_ip=None, user_agent="test"))
    db.commit()
    maria = db.scalars(select(User).where(User.username == "maria.lopez")).one()

    session = log_in(client, maria, DEMO_PASSWORD)
    catalog = client.get("/services?limit=100", headers=session.headers).json()
    inquiries = client.get("/homeowners/inquiries", headers=session.headers).json()

    assert catalog["total"] == 8  # the inactive service is hidden
    names = {item["provider"]["business_name"] for item in catalog["items"]}
    assert {"Barton Plumbing Co.", "Grace Kim"} <= names  # saved and default profiles
    assert inquiries["total"] == 2


def test_seed_skips_when_a_demo_username_is_taken(db: Session) -> None:
    make_user(db, username=ACCOUNTS[-1].username)
    before = row_counts(db)

    created = seed_demo(RequestContext(db=db, client_ip=None, user_agent="test"))

    assert set(created.values()) == {0}
    assert row_counts(db) == before


def test_seed_with_a_custom_password_checks_the_policy(db: Session) -> None:
    ctx = RequestContext(db=db, client_ip=None, user_agent="test")

    with pytest.raises(InvalidInputError):
        seed_demo(ctx, password="short")

    assert seed_demo(ctx, password="Another long demo phrase 42")["users"] == len(ACCOUNTS)
