"""GET /admin/audit-logs: filters, time window, order and pages."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import User
from tests.factories import LoggedIn, get_ok, make_logged_in, make_user, problem


async def list_logs(client: httpx.AsyncClient, staff: LoggedIn, **params: Any) -> dict[str, Any]:
    page: dict[str, Any] = await get_ok(client, "/admin/audit-logs", staff, **params)
    return page


async def failed_login(client: httpx.AsyncClient, username: str) -> None:
    response = await client.post(
        "/auth/login", data={"username": username, "password": "wrong" * 3}
    )
    assert response.status_code == 401


async def add_entry(
    db: AsyncSession, action: str, occurred_at: datetime, actor: User | None = None
) -> str:
    entry = AuditLog(
        action=action,
        occurred_at=occurred_at,
        actor_id=actor.id if actor else None,
        details={},
    )
    db.add(entry)
    await db.flush()
    return str(entry.id)


def ids(page: dict[str, Any]) -> list[str]:
    return [entry["id"] for entry in page["items"]]


async def test_filter_by_action_shows_failed_logins(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    user = await make_user(db)
    await failed_login(client, user.username)
    await failed_login(client, "nobody-by-this-name")

    page = await list_logs(client, staff, action="auth.login_failed")

    assert page["total"] == 2
    by_actor = {entry["actor_id"]: entry for entry in page["items"]}
    assert set(by_actor) == {str(user.id), None}
    known = by_actor[str(user.id)]
    assert known["target_type"] == "user"
    assert known["target_id"] == str(user.id)
    assert known["details"] == {"reason": "wrong_password"}
    assert known["ip_address"] == "127.0.0.1"  # the ASGI test client's address
    assert by_actor[None]["details"] == {"reason": "unknown_user"}
    assert set(known) == {
        "id",
        "occurred_at",
        "actor_id",
        "action",
        "target_type",
        "target_id",
        "ip_address",
        "details",
    }


async def test_filter_by_actor(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    user = (await make_logged_in(client, db)).user
    await failed_login(client, user.username)

    page = await list_logs(client, staff, actor_id=str(user.id))

    assert sorted(entry["action"] for entry in page["items"]) == [
        "auth.login_failed",
        "auth.login_succeeded",
    ]
    assert {entry["actor_id"] for entry in page["items"]} == {str(user.id)}
    both = await list_logs(client, staff, actor_id=str(user.id), action="auth.login_succeeded")
    assert [entry["action"] for entry in both["items"]] == ["auth.login_succeeded"]
    assert (await list_logs(client, staff, actor_id=str(uuid.uuid4())))["total"] == 0


async def test_time_window_is_since_inclusive_until_exclusive(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    start = datetime(2026, 3, 1, tzinfo=UTC)
    before = await add_entry(db, "test.window", start - timedelta(seconds=1))
    at_start = await add_entry(db, "test.window", start)
    inside = await add_entry(db, "test.window", start + timedelta(hours=1))
    at_end = await add_entry(db, "test.window", start + timedelta(days=1))

    page = await list_logs(
        client,
        staff,
        action="test.window",
        since="2026-03-01T00:00:00Z",
        until="2026-03-02T00:00:00Z",
        sort="occurred_at",
    )
    # The same instants written in another zone select the same entries.
    shifted = await list_logs(
        client,
        staff,
        action="test.window",
        since="2026-03-01T02:00:00+02:00",
        until="2026-03-01T19:00:00-05:00",
        sort="occurred_at",
    )

    # Python accepts offsets up to ±23:59, PostgreSQL only up to ±15:59.
    far_offset = await list_logs(
        client,
        staff,
        action="test.window",
        since="2026-03-01T23:59:00+23:59",
        until="2026-03-02T00:00:00Z",
        sort="occurred_at",
    )

    assert ids(page) == ids(shifted) == ids(far_offset) == [at_start, inside]
    assert ids(
        await list_logs(client, staff, action="test.window", until="2026-03-01T00:00:00Z")
    ) == [before]
    assert ids(
        await list_logs(client, staff, action="test.window", since="2026-03-02T00:00:00Z")
    ) == [at_end]


async def test_sort_and_pages(client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn) -> None:
    start = datetime(2026, 4, 1, tzinfo=UTC)
    first = await add_entry(db, "test.order", start)
    third = await add_entry(db, "test.order", start + timedelta(minutes=2))
    second = await add_entry(db, "test.order", start + timedelta(minutes=1))

    newest_first = await list_logs(client, staff, action="test.order")  # the default sort
    oldest_first = await list_logs(client, staff, action="test.order", sort="occurred_at")
    second_page = await list_logs(client, staff, action="test.order", limit=2, offset=2)

    assert ids(newest_first) == [third, second, first]
    assert ids(oldest_first) == [first, second, third]
    assert ids(second_page) == [first]
    assert (second_page["total"], second_page["limit"], second_page["offset"]) == (3, 2, 2)


async def test_entries_of_one_instant_are_ordered_by_id(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    instant = datetime(2026, 5, 1, tzinfo=UTC)
    same_time = sorted([await add_entry(db, "test.tie", instant) for _ in range(6)])

    oldest_first = await list_logs(client, staff, action="test.tie", sort="occurred_at")
    newest_first = await list_logs(client, staff, action="test.tie", sort="-occurred_at")
    one_per_page = [
        ids(
            await list_logs(client, staff, action="test.tie", sort="occurred_at", limit=1, offset=n)
        )
        for n in range(6)
    ]

    assert ids(oldest_first) == same_time
    assert ids(newest_first) == same_time[::-1]
    assert [page[0] for page in one_per_page] == same_time


async def test_default_page_holds_the_staff_login(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    page = await list_logs(client, staff)

    assert (page["limit"], page["offset"]) == (20, 0)
    entries = (await db.scalars(select(AuditLog).where(AuditLog.actor_id == staff.user.id))).all()
    assert [entry.action for entry in entries] == ["auth.login_succeeded"]
    assert str(entries[0].id) in ids(page)


async def test_since_later_than_until_is_422(client: httpx.AsyncClient, staff: LoggedIn) -> None:
    response = await client.get(
        "/admin/audit-logs",
        headers=staff.headers,
        params={"since": "2026-03-02T00:00:00Z", "until": "2026-03-01T00:00:00Z"},
    )

    assert problem(response, 422)["errors"][0]["loc"] == ["query", "since"]


async def test_an_empty_window_is_not_an_error(client: httpx.AsyncClient, staff: LoggedIn) -> None:
    page = await list_logs(
        client, staff, since="2026-03-01T00:00:00Z", until="2026-03-01T00:00:00Z"
    )

    assert page["items"] == []
    assert page["total"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2026-03-01T00:00:00"},  # no zone
        {"until": "2026-03-01T00:00:00"},
        {"since": "yesterday"},
        {"since": "0001-01-01T00:00:00+01:00"},  # before year 1 in UTC
        {"until": "9999-12-31T23:59:59-01:00"},  # after year 9999 in UTC
        {"actor_id": "not-a-uuid"},
        {"action": "DROP TABLE"},
        {"action": "a" * 65},
        {"sort": "action"},
        {"limit": 1000},
    ],
)
async def test_bad_filters_are_422_problems(
    client: httpx.AsyncClient, staff: LoggedIn, params: dict[str, str]
) -> None:
    response = await client.get("/admin/audit-logs", headers=staff.headers, params=params)

    assert problem(response, 422)["errors"]
