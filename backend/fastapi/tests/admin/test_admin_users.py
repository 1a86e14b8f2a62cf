"""GET /admin/users and GET /admin/users/{user_id}."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import USER_FIELDS, LoggedIn, get_ok, make_user, problem


async def list_users(client: httpx.AsyncClient, staff: LoggedIn, **params: Any) -> dict[str, Any]:
    page: dict[str, Any] = await get_ok(client, "/admin/users", staff, **params)
    return page


def usernames(page: dict[str, Any]) -> list[str]:
    return [user["username"] for user in page["items"]]


async def test_search_matches_username_email_or_full_name_ignoring_case(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    await make_user(db, username="jane.doe", full_name=None)
    await make_user(db, username="mjones", full_name="Mary JANE Jones")
    await make_user(db, username="pat", email="Jane.P@example.org", full_name=None)
    await make_user(db, username="other", full_name="Someone Else")

    page = await list_users(client, staff, q="jAnE", sort="username")

    assert usernames(page) == ["jane.doe", "mjones", "pat"]
    assert page["total"] == 3


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("%", ["percent"]),
        ("_", ["under_score"]),
        ("\\", ["backslash"]),
        ("100%", ["percent"]),
        ("a_b", []),  # "_" is not "any character": "a.b" does not match
    ],
)
async def test_like_wildcards_in_search_are_literal(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn, q: str, expected: list[str]
) -> None:
    await make_user(db, username="percent", full_name="100% handy")
    await make_user(db, username="under_score", full_name=None)
    await make_user(db, username="backslash", full_name="Back\\slash")
    await make_user(db, username="a.b", full_name="plain")

    assert usernames(await list_users(client, staff, q=q)) == expected


async def test_role_and_active_filters(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    await make_user(db, username="home_active", role="homeowner")
    await make_user(db, username="home_inactive", role="homeowner", is_active=False)
    await make_user(db, username="pro_active", role="service_provider")
    await make_user(db, username="pro_inactive", role="service_provider", is_active=False)

    assert usernames(await list_users(client, staff, role="homeowner", sort="username")) == [
        "home_active",
        "home_inactive",
    ]
    assert usernames(await list_users(client, staff, is_active="false", sort="username")) == [
        "home_inactive",
        "pro_inactive",
    ]
    assert usernames(
        await list_users(client, staff, role="service_provider", is_active="true", sort="username")
    ) == ["pro_active"]
    assert usernames(await list_users(client, staff, role="staff")) == [staff.user.username]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("username", ["alice", "Bob", "carol"]),
        ("-username", ["carol", "Bob", "alice"]),
        ("email", ["carol", "alice", "Bob"]),
        ("-email", ["Bob", "alice", "carol"]),
    ],
)
async def test_sort_by_username_and_email_ignores_case(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn, sort: str, expected: list[str]
) -> None:
    # Plain byte order would put "Bob" before "alice" and "Zed" before "xia".
    await make_user(db, username="Bob", email="Zed@example.com", role="service_provider")
    await make_user(db, username="alice", email="yan@example.com", role="service_provider")
    await make_user(db, username="carol", email="xia@example.com", role="service_provider")

    page = await list_users(client, staff, sort=sort, role="service_provider")

    assert usernames(page) == expected


async def test_sort_by_created_at_breaks_ties_by_id(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    oldest, middle = (
        await make_user(db, role="service_provider"),
        await make_user(db, role="service_provider"),
    )
    twins = [await make_user(db, role="service_provider") for _ in range(5)]
    oldest.created_at = start
    middle.created_at = start + timedelta(days=1)
    for twin in twins:
        twin.created_at = start + timedelta(days=2)
    await db.flush()
    twins.sort(key=lambda user: user.id)

    newest_first = await list_users(client, staff, role="service_provider")  # the default sort
    oldest_first = await list_users(client, staff, role="service_provider", sort="created_at")

    assert usernames(newest_first) == [user.username for user in [*twins[::-1], middle, oldest]]
    assert usernames(oldest_first) == [user.username for user in [oldest, middle, *twins]]


async def test_pagination(client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn) -> None:
    for name in ["pro1", "pro2", "pro3", "pro4", "pro5"]:
        await make_user(db, username=name, role="service_provider")

    page = await list_users(
        client, staff, role="service_provider", sort="username", limit=2, offset=2
    )
    past_the_end = await list_users(client, staff, role="service_provider", limit=2, offset=10)

    assert usernames(page) == ["pro3", "pro4"]
    assert (page["total"], page["limit"], page["offset"]) == (5, 2, 2)
    assert past_the_end["items"] == []
    assert past_the_end["total"] == 5


async def test_listed_users_show_no_secrets(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    page = await list_users(client, staff)

    assert set(page) == {"items", "total", "limit", "offset"}
    assert (page["limit"], page["offset"]) == (20, 0)
    assert set(page["items"][0]) == USER_FIELDS


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
        {"sort": "password_hash"},
        {"role": "admin"},
        {"is_active": "maybe"},
        {"q": "x" * 201},
        {"q": "bad\x00byte"},
    ],
)
async def test_bad_query_parameters_are_422_problems(
    client: httpx.AsyncClient, staff: LoggedIn, params: dict[str, Any]
) -> None:
    response = await client.get("/admin/users", headers=staff.headers, params=params)

    assert problem(response, 422)["errors"]


async def test_get_user(client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn) -> None:
    target = await make_user(db, username="target", role="service_provider", is_active=False)

    response = await client.get(f"/admin/users/{target.id}", headers=staff.headers)

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["username"], body["role"], body["is_active"]) == (
        str(target.id),
        "target",
        "service_provider",
        False,
    )


async def test_get_unknown_user_is_404(client: httpx.AsyncClient, staff: LoggedIn) -> None:
    response = await client.get(f"/admin/users/{uuid.uuid4()}", headers=staff.headers)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_get_user_with_malformed_id_is_422(
    client: httpx.AsyncClient, staff: LoggedIn
) -> None:
    response = await client.get("/admin/users/not-a-uuid", headers=staff.headers)

    problem(response, 422)


async def test_blank_q_is_ignored(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    blank = await client.get("/admin/users", headers=staff.headers, params={"q": "   "})
    unfiltered = await client.get("/admin/users", headers=staff.headers)

    assert blank.status_code == 200
    assert blank.json()["total"] == unfiltered.json()["total"] >= 1
