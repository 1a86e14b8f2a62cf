from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.session_page import SessionPage
from ...models.session_sort import SessionSort
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    sort: SessionSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/auth/sessions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SessionPage:
    if response.status_code == 200:
        response_200 = SessionPage.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[Problem | SessionPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    sort: SessionSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[Problem | SessionPage]:
    """The signed-in user's live sessions

     Lists the caller's sessions that have not ended (logged out, revoked or
    expired), newest first by default. `current` marks the session of the
    calling access token. Any signed-in role.

    Args:
        sort (SessionSort | Unset): Sort of the sessions list.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SessionPage]
    """

    kwargs = _get_kwargs(
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
    sort: SessionSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Problem | SessionPage | None:
    """The signed-in user's live sessions

     Lists the caller's sessions that have not ended (logged out, revoked or
    expired), newest first by default. `current` marks the session of the
    calling access token. Any signed-in role.

    Args:
        sort (SessionSort | Unset): Sort of the sessions list.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SessionPage
    """

    return sync_detailed(
        client=client,
        sort=sort,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    sort: SessionSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[Problem | SessionPage]:
    """The signed-in user's live sessions

     Lists the caller's sessions that have not ended (logged out, revoked or
    expired), newest first by default. `current` marks the session of the
    calling access token. Any signed-in role.

    Args:
        sort (SessionSort | Unset): Sort of the sessions list.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SessionPage]
    """

    kwargs = _get_kwargs(
        sort=sort,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    sort: SessionSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Problem | SessionPage | None:
    """The signed-in user's live sessions

     Lists the caller's sessions that have not ended (logged out, revoked or
    expired), newest first by default. `current` marks the session of the
    calling access token. Any signed-in role.

    Args:
        sort (SessionSort | Unset): Sort of the sessions list.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SessionPage
    """

    return (
        await asyncio_detailed(
            client=client,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    ).parsed
