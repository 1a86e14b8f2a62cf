import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.audit_log_page import AuditLogPage
from ...models.audit_log_sort import AuditLogSort
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    actor_id: UUID | Unset = UNSET,
    action: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    sort: AuditLogSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_actor_id: str | Unset = UNSET
    if not isinstance(actor_id, Unset):
        json_actor_id = str(actor_id)
    params["actor_id"] = json_actor_id

    params["action"] = action

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    json_until: str | Unset = UNSET
    if not isinstance(until, Unset):
        json_until = until.isoformat()
    params["until"] = json_until

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/admin/audit-logs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuditLogPage | Problem:
    if response.status_code == 200:
        response_200 = AuditLogPage.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuditLogPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    actor_id: UUID | Unset = UNSET,
    action: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    sort: AuditLogSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[AuditLogPage | Problem]:
    """Read the audit log

     Lists audit-log entries, newest first by default. `actor_id` and
    `action` match exactly; `since` (inclusive) and `until` (exclusive)
    bound `occurred_at`. `since` later than `until` is 422. Staff only.

    Args:
        actor_id (UUID | Unset):
        action (str | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        sort (AuditLogSort | Unset): Sort order of audit-log entries: time of the event, `-`
            prefix for newest first.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditLogPage | Problem]
    """

    kwargs = _get_kwargs(
        actor_id=actor_id,
        action=action,
        since=since,
        until=until,
        sort=sort,
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    actor_id: UUID | Unset = UNSET,
    action: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    sort: AuditLogSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> AuditLogPage | Problem | None:
    """Read the audit log

     Lists audit-log entries, newest first by default. `actor_id` and
    `action` match exactly; `since` (inclusive) and `until` (exclusive)
    bound `occurred_at`. `since` later than `until` is 422. Staff only.

    Args:
        actor_id (UUID | Unset):
        action (str | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        sort (AuditLogSort | Unset): Sort order of audit-log entries: time of the event, `-`
            prefix for newest first.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditLogPage | Problem
    """

    return sync_detailed(
        client=client,
        actor_id=actor_id,
        action=action,
        since=since,
        until=until,
        sort=sort,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    actor_id: UUID | Unset = UNSET,
    action: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    sort: AuditLogSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[AuditLogPage | Problem]:
    """Read the audit log

     Lists audit-log entries, newest first by default. `actor_id` and
    `action` match exactly; `since` (inclusive) and `until` (exclusive)
    bound `occurred_at`. `since` later than `until` is 422. Staff only.

    Args:
        actor_id (UUID | Unset):
        action (str | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        sort (AuditLogSort | Unset): Sort order of audit-log entries: time of the event, `-`
            prefix for newest first.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditLogPage | Problem]
    """

    kwargs = _get_kwargs(
        actor_id=actor_id,
        action=action,
        since=since,
        until=until,
        sort=sort,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    actor_id: UUID | Unset = UNSET,
    action: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    sort: AuditLogSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> AuditLogPage | Problem | None:
    """Read the audit log

     Lists audit-log entries, newest first by default. `actor_id` and
    `action` match exactly; `since` (inclusive) and `until` (exclusive)
    bound `occurred_at`. `since` later than `until` is 422. Staff only.

    Args:
        actor_id (UUID | Unset):
        action (str | Unset):
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        sort (AuditLogSort | Unset): Sort order of audit-log entries: time of the event, `-`
            prefix for newest first.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditLogPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            actor_id=actor_id,
            action=action,
            since=since,
            until=until,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    ).parsed
