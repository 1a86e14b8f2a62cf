from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.admin_user_update import AdminUserUpdate
from ...models.problem import Problem
from ...models.user import User
from ...types import UNSET, Response, Unset


def _get_kwargs(
    user_id: UUID,
    *,
    body: AdminUserUpdate,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/admin/users/{user_id}".format(
            user_id=quote(str(user_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | User:
    if response.status_code == 200:
        response_200 = User.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[Problem | User]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AdminUserUpdate,
    if_match: str | Unset = UNSET,
) -> Response[Problem | User]:
    """Change a user's role or active flag

     Sets `role` and/or `is_active` (at least one). Any staff member can
    promote a user to `staff`. A role change or a deactivation ends every
    session of that user at once. Audited as
    `user.role_changed`, `user.activated` or `user.deactivated`.

    A staff member cannot change their own role or deactivate themselves
    (409), so the service always keeps at least one staff account. Staff
    only.

    Args:
        user_id (UUID):
        if_match (str | Unset):
        body (AdminUserUpdate): A staff change to an account: `role`, `is_active`, or both (at
            least one). A staff member cannot change their own role or deactivate themselves (409).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | User]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AdminUserUpdate,
    if_match: str | Unset = UNSET,
) -> Problem | User | None:
    """Change a user's role or active flag

     Sets `role` and/or `is_active` (at least one). Any staff member can
    promote a user to `staff`. A role change or a deactivation ends every
    session of that user at once. Audited as
    `user.role_changed`, `user.activated` or `user.deactivated`.

    A staff member cannot change their own role or deactivate themselves
    (409), so the service always keeps at least one staff account. Staff
    only.

    Args:
        user_id (UUID):
        if_match (str | Unset):
        body (AdminUserUpdate): A staff change to an account: `role`, `is_active`, or both (at
            least one). A staff member cannot change their own role or deactivate themselves (409).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | User
    """

    return sync_detailed(
        user_id=user_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AdminUserUpdate,
    if_match: str | Unset = UNSET,
) -> Response[Problem | User]:
    """Change a user's role or active flag

     Sets `role` and/or `is_active` (at least one). Any staff member can
    promote a user to `staff`. A role change or a deactivation ends every
    session of that user at once. Audited as
    `user.role_changed`, `user.activated` or `user.deactivated`.

    A staff member cannot change their own role or deactivate themselves
    (409), so the service always keeps at least one staff account. Staff
    only.

    Args:
        user_id (UUID):
        if_match (str | Unset):
        body (AdminUserUpdate): A staff change to an account: `role`, `is_active`, or both (at
            least one). A staff member cannot change their own role or deactivate themselves (409).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | User]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    user_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AdminUserUpdate,
    if_match: str | Unset = UNSET,
) -> Problem | User | None:
    """Change a user's role or active flag

     Sets `role` and/or `is_active` (at least one). Any staff member can
    promote a user to `staff`. A role change or a deactivation ends every
    session of that user at once. Audited as
    `user.role_changed`, `user.activated` or `user.deactivated`.

    A staff member cannot change their own role or deactivate themselves
    (409), so the service always keeps at least one staff account. Staff
    only.

    Args:
        user_id (UUID):
        if_match (str | Unset):
        body (AdminUserUpdate): A staff change to an account: `role`, `is_active`, or both (at
            least one). A staff member cannot change their own role or deactivate themselves (409).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | User
    """

    return (
        await asyncio_detailed(
            user_id=user_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
