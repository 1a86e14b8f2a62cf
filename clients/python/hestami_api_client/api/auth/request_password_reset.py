from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.password_reset_accepted import PasswordResetAccepted
from ...models.password_reset_request import PasswordResetRequest
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: PasswordResetRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/auth/reset-password",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PasswordResetAccepted | Problem:
    if response.status_code == 202:
        response_202 = PasswordResetAccepted.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

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
) -> Response[PasswordResetAccepted | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordResetRequest,
) -> Response[PasswordResetAccepted | Problem]:
    """Request a password-reset email

     When an active account has this email (compared case-insensitively),
    sends it a message with a link containing a single-use reset token,
    valid 30 minutes by default.

    The answer is the same 202 whether or not the account exists, so it
    cannot be used to discover accounts. Rate limited per client IP.

    Args:
        body (PasswordResetRequest): The email of the account whose password was forgotten.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PasswordResetAccepted | Problem]
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
    body: PasswordResetRequest,
) -> PasswordResetAccepted | Problem | None:
    """Request a password-reset email

     When an active account has this email (compared case-insensitively),
    sends it a message with a link containing a single-use reset token,
    valid 30 minutes by default.

    The answer is the same 202 whether or not the account exists, so it
    cannot be used to discover accounts. Rate limited per client IP.

    Args:
        body (PasswordResetRequest): The email of the account whose password was forgotten.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PasswordResetAccepted | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordResetRequest,
) -> Response[PasswordResetAccepted | Problem]:
    """Request a password-reset email

     When an active account has this email (compared case-insensitively),
    sends it a message with a link containing a single-use reset token,
    valid 30 minutes by default.

    The answer is the same 202 whether or not the account exists, so it
    cannot be used to discover accounts. Rate limited per client IP.

    Args:
        body (PasswordResetRequest): The email of the account whose password was forgotten.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PasswordResetAccepted | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordResetRequest,
) -> PasswordResetAccepted | Problem | None:
    """Request a password-reset email

     When an active account has this email (compared case-insensitively),
    sends it a message with a link containing a single-use reset token,
    valid 30 minutes by default.

    The answer is the same 202 whether or not the account exists, so it
    cannot be used to discover accounts. Rate limited per client IP.

    Args:
        body (PasswordResetRequest): The email of the account whose password was forgotten.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PasswordResetAccepted | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
