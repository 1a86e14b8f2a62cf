from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.email_verification_accepted import EmailVerificationAccepted
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/auth/verify-email/resend",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EmailVerificationAccepted | Problem:
    if response.status_code == 202:
        response_202 = EmailVerificationAccepted.from_dict(response.json())

        return response_202

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[EmailVerificationAccepted | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[EmailVerificationAccepted | Problem]:
    """Send a new verification link

     Sends a new verification link to the signed-in user's current address
    (earlier links stop working). Limited like `POST /auth/reset-password`
    (`RATE_LIMIT_RESET`, per user). Any signed-in role.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmailVerificationAccepted | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> EmailVerificationAccepted | Problem | None:
    """Send a new verification link

     Sends a new verification link to the signed-in user's current address
    (earlier links stop working). Limited like `POST /auth/reset-password`
    (`RATE_LIMIT_RESET`, per user). Any signed-in role.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmailVerificationAccepted | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[EmailVerificationAccepted | Problem]:
    """Send a new verification link

     Sends a new verification link to the signed-in user's current address
    (earlier links stop working). Limited like `POST /auth/reset-password`
    (`RATE_LIMIT_RESET`, per user). Any signed-in role.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmailVerificationAccepted | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> EmailVerificationAccepted | Problem | None:
    """Send a new verification link

     Sends a new verification link to the signed-in user's current address
    (earlier links stop working). Limited like `POST /auth/reset-password`
    (`RATE_LIMIT_RESET`, per user). Any signed-in role.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmailVerificationAccepted | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
