"""/homeowners/inquiries and /service-providers/inquiries: inquiries and their answers."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import httpx
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.inquiries.models import Inquiry
from tests.factories import LoggedIn, make_logged_in
from tests.marketplace.factories import (
    audit_entries,
    backdate,
    change_account,
    create_inquiry,
    create_property,
    create_service,
)

INQUIRY_FIELDS = {
    "id", "service_id", "property_id", "homeowner_id", "provider_id", "message", "status",
    "response", "created_at", "updated_at",
}  # fmt: skip


@dataclass
class Parties:
    homeowner: LoggedIn
    provider: LoggedIn
    service: dict[str, Any]


@pytest.fixture
async def parties(client: httpx.AsyncClient, db: AsyncSession) -> Parties:
    provider = await make_logged_in(client, db, role="service_provider")
    return Parties(
        homeowner=await make_logged_in(client, db),
        provider=provider,
        service=await create_service(client, provider),
    )


async def homeowner_patch(
    client: httpx.AsyncClient, who: LoggedIn, inquiry_id: str, **body: Any
) -> Any:
    return await client.patch(f"/homeowners/inquiries/{inquiry_id}", headers=who.headers, json=body)


async def provider_patch(
    client: httpx.AsyncClient, who: LoggedIn, inquiry_id: str, **body: Any
) -> Any:
    return await client.patch(
        f"/service-providers/inquiries/{inquiry_id}", headers=who.headers, json=body
    )


class Move(NamedTuple):
    start: str
    actor: Literal["homeowner", "provider"]
    target: str


async def move_status(
    client: httpx.AsyncClient, parties: Parties, actor: str, inquiry_id: str, target: str
) -> httpx.Response:
    """The party's PATCH setting ``target`` as the inquiry's status."""
    if actor == "provider":
        return await provider_patch(client, parties.provider, inquiry_id, status=target)
    return await homeowner_patch(client, parties.homeowner, inquiry_id, status=target)


async def inquiry_in(client: httpx.AsyncClient, parties: Parties, status: str) -> dict[str, Any]:
    """An inquiry brought to ``status`` through the API's allowed moves."""
    inquiry = await create_inquiry(client, parties.homeowner, parties.service["id"])
    path = {
        "open": [],
        "accepted": [("provider", "accepted")],
        "declined": [("provider", "declined")],
        "cancelled": [("homeowner", "cancelled")],
        "completed": [("provider", "accepted"), ("provider", "completed")],
    }[status]
    for actor, target in path:
        response = await move_status(client, parties, actor, inquiry["id"], target)
        assert response.status_code == 200, response.text
        inquiry = response.json()
    assert inquiry["status"] == status
    return inquiry


# ---------------------------------------------------------------- creating


async def test_create_an_inquiry(
    client: httpx.AsyncClient, db: AsyncSession, parties: Parties
) -> None:
    home = await create_property(client, parties.homeowner)

    inquiry = await create_inquiry(
        client, parties.homeowner, parties.service["id"], property_id=home["id"],
        message="Leak under the sink.\nThis week?",
    )  # fmt: skip

    assert set(inquiry) == INQUIRY_FIELDS
    assert inquiry["status"] == "open"
    assert inquiry["response"] is None
    assert inquiry["homeowner_id"] == str(parties.homeowner.user.id)
    assert inquiry["provider_id"] == str(parties.provider.user.id)  # copied from the service
    assert inquiry["property_id"] == home["id"]
    assert inquiry["message"] == "Leak under the sink.\nThis week?"
    [entry] = await audit_entries(db, "inquiry.created", inquiry["id"])
    assert entry.actor_id == parties.homeowner.user.id
    assert "message" not in entry.details


async def test_inquiring_about_a_service_outside_the_catalog_is_404(
    client: httpx.AsyncClient, db: AsyncSession, parties: Parties
) -> None:
    withdrawn = await create_service(client, parties.provider, is_active=False)
    leaving = await make_logged_in(client, db, role="service_provider")
    orphaned = await create_service(client, leaving)
    await change_account(db, leaving.user, is_active=False)

    for service_id in (withdrawn["id"], orphaned["id"], str(uuid.uuid4())):
        response = await client.post(
            "/homeowners/inquiries",
            headers=parties.homeowner.headers,
            json={"service_id": service_id, "message": "Hello?"},
        )
        assert response.status_code == 404, service_id
        assert response.json()["detail"] == "Service not found."
    assert await db.scalar(select(func.count()).select_from(Inquiry)) == 0


async def test_property_must_be_the_homeowners_own(
    client: httpx.AsyncClient, db: AsyncSession, parties: Parties
) -> None:
    neighbour = await make_logged_in(client, db)
    their_home = await create_property(client, neighbour)

    for property_id in (their_home["id"], str(uuid.uuid4())):
        response = await client.post(
            "/homeowners/inquiries",
            headers=parties.homeowner.headers,
            json={
                "service_id": parties.service["id"],
                "property_id": property_id,
                "message": "Hi",
            },
        )
        assert response.status_code == 404
        assert response.json()["detail"] == "Property not found."
    assert await db.scalar(select(func.count()).select_from(Inquiry)) == 0


@pytest.mark.parametrize(
    "body",
    [{"message": ""}, {"message": "<script>"}, {"message": "x" * 5001}, {"status": "accepted"},
     {"message": "a\x00b"}, {"service_id": "not-a-uuid"}],
)  # fmt: skip
async def test_bad_inquiry_bodies_are_422(
    client: httpx.AsyncClient, parties: Parties, body: dict[str, Any]
) -> None:
    response = await client.post(
        "/homeowners/inquiries",
        headers=parties.homeowner.headers,
        json={"service_id": parties.service["id"], "message": "Hi"} | body,
    )

    assert response.status_code == 422


# ---------------------------------------------------------------- ownership


async def test_other_parties_inquiries_are_not_found(
    client: httpx.AsyncClient, db: AsyncSession, parties: Parties
) -> None:
    inquiry = await create_inquiry(client, parties.homeowner, parties.service["id"])
    other_homeowner = await make_logged_in(client, db)
    other_provider = await make_logged_in(client, db, role="service_provider")

    cancel = await homeowner_patch(client, other_homeowner, inquiry["id"], status="cancelled")
    accept = await provider_patch(client, other_provider, inquiry["id"], status="accepted")

    assert (cancel.status_code, accept.status_code) == (404, 404)
    assert cancel.json()["detail"] == "Inquiry not found."
    assert (await client.get("/homeowners/inquiries", headers=other_homeowner.headers)).json()[
        "total"
    ] == 0
    listed = (
        await client.get("/service-providers/inquiries", headers=other_provider.headers)
    ).json()
    assert listed["total"] == 0
    assert (await db.get(Inquiry, uuid.UUID(inquiry["id"]))).status == "open"  # type: ignore[union-attr]


# ---------------------------------------------------------------- listing


async def test_homeowner_list_shows_own_inquiries_filtered_sorted_paged(
    client: httpx.AsyncClient, db: AsyncSession, parties: Parties
) -> None:
    other = await make_logged_in(client, db)
    await create_inquiry(client, other, parties.service["id"])
    ids = [
        (await create_inquiry(client, parties.homeowner, parties.service["id"]))["id"]
        for _ in range(3)
    ]
    for age, inquiry_id in enumerate(ids):
        await backdate(db, Inquiry, inquiry_id, days=age)  # ids[0] newest
    await homeowner_patch(client, parties.homeowner, ids[1], status="cancelled")

    async def listed(query: str) -> dict[str, Any]:
        response = await client.get(
            f"/homeowners/inquiries?{query}", headers=parties.homeowner.headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    newest_first = await listed("")
    assert [item["id"] for item in newest_first["items"]] == ids
    assert newest_first["total"] == 3
    assert [item["id"] for item in (await listed("sort=created_at"))["items"]] == ids[::-1]
    assert [item["id"] for item in (await listed("status=cancelled"))["items"]] == [ids[1]]
    assert [item["id"] for item in (await listed("status=open"))["items"]] == [ids[0], ids[2]]
    page = await listed("limit=1&offset=1")
    assert ([item["id"] for item in page["items"]], page["total"]) == ([ids[1]], 3)


async def test_provider_list_includes_inquiries_to_inactive_services(
    client: httpx.AsyncClient, db: AsyncSession, parties: Parties
) -> None:
    first = await create_inquiry(client, parties.homeowner, parties.service["id"])
    second_service = await create_service(client, parties.provider, title="Second")
    second = await create_inquiry(client, parties.homeowner, second_service["id"])
    await backdate(db, Inquiry, second["id"], days=1)
    await provider_patch(client, parties.provider, second["id"], status="accepted")
    withdrawn = await client.put(
        f"/service-providers/services/{second_service['id']}",
        headers=parties.provider.headers,
        json={"title": "Second", "category": "plumbing", "city": "Austin", "state": "TX",
              "is_active": False},
    )  # fmt: skip
    assert withdrawn.status_code == 200
    rival = await make_logged_in(client, db, role="service_provider")
    await create_inquiry(client, parties.homeowner, (await create_service(client, rival))["id"])

    page = (
        await client.get("/service-providers/inquiries", headers=parties.provider.headers)
    ).json()
    accepted = (
        await client.get(
            "/service-providers/inquiries?status=accepted", headers=parties.provider.headers
        )
    ).json()

    assert [item["id"] for item in page["items"]] == [first["id"], second["id"]]
    assert page["total"] == 2
    assert [item["id"] for item in accepted["items"]] == [second["id"]]


# ---------------------------------------------------------------- transitions


@pytest.mark.parametrize(
    "move",
    [
        Move("open", "provider", "accepted"),
        Move("open", "provider", "declined"),
        Move("open", "homeowner", "cancelled"),
        Move("accepted", "provider", "completed"),
        Move("accepted", "homeowner", "cancelled"),
    ],
)
async def test_allowed_transitions(
    client: httpx.AsyncClient, db: AsyncSession, parties: Parties, move: Move
) -> None:
    inquiry = await inquiry_in(client, parties, move.start)

    response = await move_status(client, parties, move.actor, inquiry["id"], move.target)

    assert response.status_code == 200, response.text
    assert response.json()["status"] == move.target
    [*_, entry] = await audit_entries(db, "inquiry.updated", inquiry["id"])
    assert entry.details == {"fields": ["status"], "from_status": move.start,
                             "to_status": move.target}  # fmt: skip
    actor = parties.provider if move.actor == "provider" else parties.homeowner
    assert entry.actor_id == actor.user.id


@pytest.mark.parametrize(
    "move",
    [
        Move("open", "provider", "completed"),
        Move("accepted", "provider", "accepted"),
        Move("accepted", "provider", "declined"),
        Move("declined", "provider", "accepted"),
        Move("declined", "homeowner", "cancelled"),
        Move("completed", "homeowner", "cancelled"),
        Move("completed", "provider", "completed"),
        Move("cancelled", "homeowner", "cancelled"),
        Move("cancelled", "provider", "accepted"),
    ],
)
async def test_forbidden_transitions_are_409(
    client: httpx.AsyncClient, db: AsyncSession, parties: Parties, move: Move
) -> None:
    inquiry = await inquiry_in(client, parties, move.start)
    updates_before = len(await audit_entries(db, "inquiry.updated", inquiry["id"]))

    response = await move_status(client, parties, move.actor, inquiry["id"], move.target)

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == (
        f"An inquiry that is {move.start} cannot become {move.target}."
    )
    db.expire_all()
    assert (await db.get(Inquiry, uuid.UUID(inquiry["id"]))).status == move.start  # type: ignore[union-attr]
    assert len(await audit_entries(db, "inquiry.updated", inquiry["id"])) == updates_before


async def test_homeowner_cannot_set_other_statuses(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    inquiry = await inquiry_in(client, parties, "open")

    response = await homeowner_patch(client, parties.homeowner, inquiry["id"], status="accepted")

    assert response.status_code == 422  # the homeowner's schema only knows `cancelled`


async def test_provider_cannot_cancel(client: httpx.AsyncClient, parties: Parties) -> None:
    inquiry = await inquiry_in(client, parties, "open")

    response = await provider_patch(client, parties.provider, inquiry["id"], status="cancelled")

    assert response.status_code == 422


# ---------------------------------------------------------------- responses


@pytest.mark.parametrize("start", ["open", "accepted"])
async def test_response_alone_while_in_play(
    client: httpx.AsyncClient, db: AsyncSession, parties: Parties, start: str
) -> None:
    inquiry = await inquiry_in(client, parties, start)

    response = await provider_patch(
        client, parties.provider, inquiry["id"], response="Thursday morning?\nOr Friday."
    )

    assert response.status_code == 200, response.text
    assert response.json()["response"] == "Thursday morning?\nOr Friday."
    assert response.json()["status"] == start
    entries = await audit_entries(db, "inquiry.updated", inquiry["id"])
    assert entries[-1].details == {"fields": ["response"]}  # the text itself is not logged


@pytest.mark.parametrize("start", ["declined", "completed", "cancelled"])
async def test_response_to_a_final_inquiry_is_409(
    client: httpx.AsyncClient, parties: Parties, start: str
) -> None:
    inquiry = await inquiry_in(client, parties, start)

    response = await provider_patch(client, parties.provider, inquiry["id"], response="Too late")

    assert response.status_code == 409


async def test_response_with_a_status_is_saved_with_the_transition(
    client: httpx.AsyncClient, db: AsyncSession, parties: Parties
) -> None:
    inquiry = await inquiry_in(client, parties, "open")

    response = await provider_patch(
        client, parties.provider, inquiry["id"], status="accepted", response="On my way."
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["response"]) == ("accepted", "On my way.")
    details = (await audit_entries(db, "inquiry.updated", inquiry["id"]))[-1].details
    assert sorted(details["fields"]) == ["response", "status"]


async def test_rejected_transition_does_not_save_the_response(
    client: httpx.AsyncClient, db: AsyncSession, parties: Parties
) -> None:
    inquiry = await inquiry_in(client, parties, "open")

    response = await provider_patch(
        client, parties.provider, inquiry["id"], status="completed", response="Done!"
    )

    assert response.status_code == 409
    db.expire_all()
    assert (await db.get(Inquiry, uuid.UUID(inquiry["id"]))).response is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "body", [{}, {"status": None}, {"response": None}, {"response": ""}, {"note": "x"}]
)
async def test_empty_provider_update_is_422(
    client: httpx.AsyncClient, parties: Parties, body: dict[str, Any]
) -> None:
    inquiry = await inquiry_in(client, parties, "open")

    response = await client.patch(
        f"/service-providers/inquiries/{inquiry['id']}", headers=parties.provider.headers, json=body
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


# ---------------------------------------------------------------- locking


@asynccontextmanager
async def captured_sql(db: AsyncSession) -> AsyncIterator[list[str]]:
    statements: list[str] = []

    def capture(*args: Any) -> None:
        statements.append(args[2])

    connection = (await db.connection()).sync_connection
    event.listen(connection, "before_cursor_execute", capture)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", capture)


@pytest.mark.parametrize("actor", ["homeowner", "provider"])
async def test_status_changes_lock_the_inquiry_row(
    client: httpx.AsyncClient, db: AsyncSession, parties: Parties, actor: str
) -> None:
    inquiry = await inquiry_in(client, parties, "open")

    target = "accepted" if actor == "provider" else "cancelled"

    async with captured_sql(db) as statements:
        response = await move_status(client, parties, actor, inquiry["id"], target)

    assert response.status_code == 200
    locking = [sql for sql in statements if "marketplace.inquiries" in sql and "FOR UPDATE" in sql]
    assert len(locking) == 1
