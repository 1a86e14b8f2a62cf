from http import HTTPStatus
from typing import Any, cast

import httpx

from ...client import AuthenticatedClient, Client
from ...models.logout_request import LogoutRequest
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: LogoutRequest | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/auth/logout",
    }

    if isinstance(body, LogoutRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: LogoutRequest | None | Unset = UNSET,
) -> Response[Any | Problem]:
    """End the current session

     Ends the session of the access token used for this request: that access
    token and the session's refresh token stop working at once.

    The body is optional. When it carries a `refresh_token` of another
    session of the same user, that session ends too; a refresh token that is
    invalid, expired or not the user's is ignored (the answer is still 204).
    Any signed-in role.

    Args:
        body (LogoutRequest | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
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
    client: AuthenticatedClient,
    body: LogoutRequest | None | Unset = UNSET,
) -> Any | Problem | None:
    """End the current session

     Ends the session of the access token used for this request: that access
    token and the session's refresh token stop working at once.

    The body is optional. When it carries a `refresh_token` of another
    session of the same user, that session ends too; a refresh token that is
    invalid, expired or not the user's is ignored (the answer is still 204).
    Any signed-in role.

    Args:
        body (LogoutRequest | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: LogoutRequest | None | Unset = UNSET,
) -> Response[Any | Problem]:
    """End the current session

     Ends the session of the access token used for this request: that access
    token and the session's refresh token stop working at once.

    The body is optional. When it carries a `refresh_token` of another
    session of the same user, that session ends too; a refresh token that is
    invalid, expired or not the user's is ignored (the answer is still 204).
    Any signed-in role.

    Args:
        body (LogoutRequest | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: LogoutRequest | None | Unset = UNSET,
) -> Any | Problem | None:
    """End the current session

     Ends the session of the access token used for this request: that access
    token and the session's refresh token stop working at once.

    The body is optional. When it carries a `refresh_token` of another
    session of the same user, that session ends too; a refresh token that is
    invalid, expired or not the user's is ignored (the answer is still 204).
    Any signed-in role.

    Args:
        body (LogoutRequest | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
