"""A small, realistic demo data set for ``hestami-api seed-demo``: a composition of the
domains (accounts through auth, listings through marketplace), kept out of both.

Three homeowners with properties, four providers (three with a saved business profile,
one showing the default profile) offering services across categories and cities, and
inquiries in every status. Everything goes through the same service functions as the
API, so the data obeys every rule and the audit log tells how it came about.

Idempotent: if any demo account already exists (a previous run, or someone registered
one of the names), nothing is created and every count is 0.

All demo accounts share one password: ``password`` or :data:`DEMO_PASSWORD`.
"""

import uuid
from dataclasses import dataclass, field
from typing import Any, Final

from hestami_api.auth import repository as auth_repository
from hestami_api.auth.models import User
from hestami_api.auth.service import create_account
from hestami_api.core.context import RequestContext
from hestami_api.core.etag import unconditional
from hestami_api.generated.enums import InquiryStatus, Role
from hestami_api.generated.models import (
    InquiryCreate,
    PropertyInput,
    ProviderProfileUpdate,
    ServiceInput,
)
from hestami_api.inquiries.service import (
    create_inquiry,
    update_homeowner_inquiry,
    update_provider_inquiry,
)
from hestami_api.offerings.models import Offering
from hestami_api.offerings.service import create_service
from hestami_api.properties.service import create_property
from hestami_api.provider_profiles.service import update_provider_profile

DEMO_PASSWORD: Final = "Porch-Lantern-Demo-2026"  # noqa: S105 - public demo default
"""Default password of every demo account (passes the password policy)."""

EMAIL_DOMAIN: Final = "example.com"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    profile: dict[str, Any] | None = None  # a provider's saved business profile
    properties: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class DemoInquiry:
    homeowner: str
    service_title: str
    property_name: str | None
    message: str
    # The moves after creation, as (status, provider response or None).
    history: tuple[tuple[InquiryStatus, str | None], ...] = ()


ACCOUNTS: Final = (
    DemoAccount(
        "maria.lopez",
        "Maria Lopez",
        "homeowner",
        properties=[
            {
                "name": "Bouldin bungalow",
                "address_line1": "1208 S 5th St",
                "city": "Austin",
                "state": "TX",
                "postal_code": "78704",
                "property_type": "single_family",
                "bedrooms": 3,
                "bathrooms": 2,
                "square_feet": 1650,
                "year_built": 1948,
                "description": "Pier-and-beam house with a detached garage.",
            },
            {
                "name": "Lake Travis cabin",
                "address_line1": "17 Hurst Creek Rd",
                "city": "Lakeway",
                "state": "TX",
                "postal_code": "78734",
                "property_type": "single_family",
                "bedrooms": 2,
                "bathrooms": 1.5,
            },
        ],
    ),
    DemoAccount(
        "james.chen",
        "James Chen",
        "homeowner",
        properties=[
            {
                "name": "LoDo condo",
                "address_line1": "1700 Wynkoop St",
                "address_line2": "Unit 512",
                "city": "Denver",
                "state": "CO",
                "postal_code": "80202",
                "property_type": "condo",
                "bedrooms": 1,
                "bathrooms": 1,
                "square_feet": 820,
                "year_built": 2009,
            }
        ],
    ),
    DemoAccount(
        "aisha.patel",
        "Aisha Patel",
        "homeowner",
        properties=[
            {
                "name": "Hawthorne townhouse",
                "address_line1": "3525 SE Hawthorne Blvd",
                "city": "Portland",
                "state": "OR",
                "postal_code": "97214",
                "property_type": "townhouse",
                "bedrooms": 3,
                "bathrooms": 2.5,
                "square_feet": 1480,
                "year_built": 1996,
            }
        ],
    ),
    DemoAccount(
        "barton.plumbing",
        "Luis Herrera",
        "service_provider",
        profile={
            "business_name": "Barton Plumbing Co.",
            "description": "Family-run plumbing since 1994.",
            "phone": "(512) 555-0142",
            "website": "https://bartonplumbing.example.com",
            "service_area": "Austin, Round Rock and Cedar Park",
        },
        services=[
            {
                "title": "Emergency leak repair",
                "description": "Licensed plumber; same-day visits for leaks and burst pipes.",
                "category": "plumbing",
                "price_min": 95,
                "price_max": 250,
                "price_unit": "hourly",
                "city": "Austin",
                "state": "TX",
                "postal_code": "78701",
            },
            {
                "title": "Water heater installation",
                "description": "Tank and tankless heaters, haul-away of the old unit included.",
                "category": "plumbing",
                "price_min": 900,
                "price_max": 1800,
                "price_unit": "fixed",
                "city": "Round Rock",
                "state": "TX",
            },
            {
                "title": "Septic inspection",
                "description": "Paused for the season.",
                "category": "plumbing",
                "price_unit": "quote",
                "city": "Austin",
                "state": "TX",
                "is_active": False,
            },
        ],
    ),
    DemoAccount(
        "mile.high.hvac",
        "Dana Brooks",
        "service_provider",
        profile={
            "business_name": "Mile High Heating & Air",
            "phone": "+1 303 555 0188",
            "website": "https://milehighhvac.example.com",
            "service_area": "Denver metro",
        },
        services=[
            {
                "title": "Furnace tune-up",
                "description": "Safety check, filter change and burner cleaning before winter.",
                "category": "hvac",
                "price_min": 89,
                "price_max": 149,
                "price_unit": "per_visit",
                "city": "Denver",
                "state": "CO",
                "postal_code": "80202",
            },
            {
                "title": "Air conditioning repair",
                "description": "Diagnosis and repair of central air and heat pumps.",
                "category": "hvac",
                "price_min": 110,
                "price_max": 180,
                "price_unit": "hourly",
                "city": "Denver",
                "state": "CO",
            },
        ],
    ),
    DemoAccount(
        "rose.city.green",
        "Sam Rivera",
        "service_provider",
        profile={
            "business_name": "Rose City Gardens",
            "description": "Organic lawn and garden care.",
            "service_area": "Portland east side",
        },
        services=[
            {
                "title": "Weekly lawn care",
                "description": "Mowing, edging and leaf blowing, every week from April.",
                "category": "landscaping",
                "price_min": 45,
                "price_max": 80,
                "price_unit": "per_visit",
                "city": "Portland",
                "state": "OR",
                "postal_code": "97214",
            },
            {
                "title": "Gutter cleaning",
                "description": "Gutters and downspouts cleared and flushed.",
                "category": "cleaning",
                "price_min": 150,
                "price_max": 300,
                "price_unit": "fixed",
                "city": "Portland",
                "state": "OR",
            },
        ],
    ),
    # No saved profile: the catalog shows the default (the full name).
    DemoAccount(
        "kim.electric",
        "Grace Kim",
        "service_provider",
        services=[
            {
                "title": "Electrical panel upgrade",
                "description": "200 A panel upgrades with permit and inspection.",
                "category": "electrical",
                "price_unit": "quote",
                "city": "Austin",
                "state": "TX",
            },
            {
                "title": "Ceiling fan installation",
                "description": "Fans and light fixtures, existing wiring.",
                "category": "electrical",
                "price_min": 120,
                "price_max": 200,
                "price_unit": "fixed",
                "city": "Austin",
                "state": "TX",
                "postal_code": "78704",
            },
        ],
    ),
)

INQUIRIES: Final = (
    DemoInquiry(
        "maria.lopez",
        "Emergency leak repair",
        "Bouldin bungalow",
        "The kitchen sink is leaking under the cabinet. Are you available this week?",
    ),
    DemoInquiry(
        "maria.lopez",
        "Electrical panel upgrade",
        "Bouldin bungalow",
        "We have an old 100 A panel and want to add an EV charger.",
        history=(("accepted", "I can come by Thursday morning for an estimate."),),
    ),
    DemoInquiry(
        "james.chen",
        "Furnace tune-up",
        "LoDo condo",
        "Annual furnace check before the cold weather, please.",
        history=(
            ("accepted", "Booked for Monday at 9."),
            ("completed", "All done; the filter was changed."),
        ),
    ),
    DemoInquiry(
        "james.chen",
        "Air conditioning repair",
        None,
        "Do you service mini-splits?",
        history=(("declined", "Sorry, we only work on central systems."),),
    ),
    DemoInquiry(
        "aisha.patel",
        "Weekly lawn care",
        "Hawthorne townhouse",
        "Small front and back yard, weekly from May.",
        history=(("cancelled", None),),
    ),
    DemoInquiry(
        "aisha.patel",
        "Gutter cleaning",
        "Hawthorne townhouse",
        "Two-storey townhouse; gutters overflow in heavy rain.",
    ),
)


def _email(username: str) -> str:
    return f"{username}@{EMAIL_DOMAIN}"


async def seed_demo(ctx: RequestContext, *, password: str = DEMO_PASSWORD) -> dict[str, int]:
    """Creates the demo data set in the caller's transaction and returns what was created
    (``users``, ``properties``, ``services``, ``provider_profiles``, ``inquiries``).

    Idempotent: when any demo username is already taken, creates nothing and returns
    zeros. ``password`` must pass the password policy (422 ``InvalidInputError``
    otherwise). The caller commits (``async with transaction(ctx)``).
    """
    counts = dict.fromkeys(("users", "properties", "services", "provider_profiles", "inquiries"), 0)
    for account in ACCOUNTS:
        if await auth_repository.username_taken(ctx.db, account.username):
            return counts

    users: dict[str, User] = {}
    property_ids: dict[str, uuid.UUID] = {}
    offerings_by_title: dict[str, Offering] = {}
    for account in ACCOUNTS:
        user = await create_account(
            ctx,
            username=account.username,
            email=_email(account.username),
            password=password,
            role=account.role,
            full_name=account.full_name,
        )
        users[account.username] = user
        counts["users"] += 1
        if account.profile is not None:
            profile = ProviderProfileUpdate(**account.profile)
            await update_provider_profile(ctx, user, profile, unconditional())
            counts["provider_profiles"] += 1
        for values in account.properties:
            home = await create_property(ctx, user, PropertyInput(**values))
            property_ids[home.name] = home.id
            counts["properties"] += 1
        for values in account.services:
            offered = await create_service(ctx, user, ServiceInput(**values))
            offerings_by_title[offered.title] = offered
            counts["services"] += 1

    users_by_id = {user.id: user for user in users.values()}
    for demo in INQUIRIES:
        homeowner = users[demo.homeowner]
        offered = offerings_by_title[demo.service_title]
        inquiry = await create_inquiry(
            ctx,
            homeowner,
            InquiryCreate(
                service_id=offered.id,
                property_id=property_ids[demo.property_name] if demo.property_name else None,
                message=demo.message,
            ),
        )
        counts["inquiries"] += 1
        for status, response in demo.history:
            if status == "cancelled":
                await update_homeowner_inquiry(ctx, homeowner, inquiry.id, unconditional())
            else:
                provider = users_by_id[offered.provider_id]
                await update_provider_inquiry(
                    ctx,
                    provider,
                    inquiry.id,
                    status=status,
                    response=response,
                    precondition=unconditional(),
                )
    return counts
