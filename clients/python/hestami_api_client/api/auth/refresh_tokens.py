from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.refresh_request import RefreshRequest
from ...models.token_pair import TokenPair
from ...types import Response


def _get_kwargs(
    *,
    body: RefreshRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/auth/refresh",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TokenPair:
    if response.status_code == 200:
        response_200 = TokenPair.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[Problem | TokenPair]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshRequest,
) -> Response[Problem | TokenPair]:
    """Rotate the token pair

     Exchanges a refresh token for a new access and refresh token of the same
    session. The presented refresh token stops working (rotation).

    401 when the refresh token is malformed, expired, revoked, not a refresh
    token, or already used. Presenting an already-used refresh token also
    revokes the whole session it belongs to (reuse detection, audited as
    `auth.refresh_reused`): the legitimate client must log in again.

    Args:
        body (RefreshRequest): A refresh token to rotate.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TokenPair]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshRequest,
) -> Problem | TokenPair | None:
    """Rotate the token pair

     Exchanges a refresh token for a new access and refresh token of the same
    session. The presented refresh token stops working (rotation).

    401 when the refresh token is malformed, expired, revoked, not a refresh
    token, or already used. Presenting an already-used refresh token also
    revokes the whole session it belongs to (reuse detection, audited as
    `auth.refresh_reused`): the legitimate client must log in again.

    Args:
        body (RefreshRequest): A refresh token to rotate.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TokenPair
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshRequest,
) -> Response[Problem | TokenPair]:
    """Rotate the token pair

     Exchanges a refresh token for a new access and refresh token of the same
    session. The presented refresh token stops working (rotation).

    401 when the refresh token is malformed, expired, revoked, not a refresh
    token, or already used. Presenting an already-used refresh token also
    revokes the whole session it belongs to (reuse detection, audited as
    `auth.refresh_reused`): the legitimate client must log in again.

    Args:
        body (RefreshRequest): A refresh token to rotate.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TokenPair]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshRequest,
) -> Problem | TokenPair | None:
    """Rotate the token pair

     Exchanges a refresh token for a new access and refresh token of the same
    session. The presented refresh token stops working (rotation).

    401 when the refresh token is malformed, expired, revoked, not a refresh
    token, or already used. Presenting an already-used refresh token also
    revokes the whole session it belongs to (reuse detection, audited as
    `auth.refresh_reused`): the legitimate client must log in again.

    Args:
        body (RefreshRequest): A refresh token to rotate.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TokenPair
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
