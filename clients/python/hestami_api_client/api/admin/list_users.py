from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.role import Role
from ...models.user_page import UserPage
from ...models.user_sort import UserSort
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    sort: UserSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    json_role: str | Unset = UNSET
    if not isinstance(role, Unset):
        json_role = role.value

    params["role"] = json_role

    params["is_active"] = is_active

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/admin/users",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | UserPage:
    if response.status_code == 200:
        response_200 = UserPage.from_dict(response.json())

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
) -> Response[Problem | UserPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    sort: UserSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[Problem | UserPage]:
    """List users

     Lists every account. `q` matches a substring of the username, email or full name; `role` and
    `is_active` match exactly. Staff only.

    Args:
        q (str | Unset):
        role (Role | Unset): The role of an account. `homeowner` and `service_provider` can
            register; `staff` accounts are made by the command line or by staff.
        is_active (bool | Unset):
        sort (UserSort | Unset): Sort order of users: a field, `-` prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserPage]
    """

    kwargs = _get_kwargs(
        q=q,
        role=role,
        is_active=is_active,
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
    q: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    sort: UserSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Problem | UserPage | None:
    """List users

     Lists every account. `q` matches a substring of the username, email or full name; `role` and
    `is_active` match exactly. Staff only.

    Args:
        q (str | Unset):
        role (Role | Unset): The role of an account. `homeowner` and `service_provider` can
            register; `staff` accounts are made by the command line or by staff.
        is_active (bool | Unset):
        sort (UserSort | Unset): Sort order of users: a field, `-` prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserPage
    """

    return sync_detailed(
        client=client,
        q=q,
        role=role,
        is_active=is_active,
        sort=sort,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    sort: UserSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[Problem | UserPage]:
    """List users

     Lists every account. `q` matches a substring of the username, email or full name; `role` and
    `is_active` match exactly. Staff only.

    Args:
        q (str | Unset):
        role (Role | Unset): The role of an account. `homeowner` and `service_provider` can
            register; `staff` accounts are made by the command line or by staff.
        is_active (bool | Unset):
        sort (UserSort | Unset): Sort order of users: a field, `-` prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserPage]
    """

    kwargs = _get_kwargs(
        q=q,
        role=role,
        is_active=is_active,
        sort=sort,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    role: Role | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    sort: UserSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Problem | UserPage | None:
    """List users

     Lists every account. `q` matches a substring of the username, email or full name; `role` and
    `is_active` match exactly. Staff only.

    Args:
        q (str | Unset):
        role (Role | Unset): The role of an account. `homeowner` and `service_provider` can
            register; `staff` accounts are made by the command line or by staff.
        is_active (bool | Unset):
        sort (UserSort | Unset): Sort order of users: a field, `-` prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserPage
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            role=role,
            is_active=is_active,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    ).parsed
