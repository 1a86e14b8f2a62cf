from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.register_request import RegisterRequest
from ...models.user import User
from ...types import Response


def _get_kwargs(
    *,
    body: RegisterRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/auth/register",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | User:
    if response.status_code == 201:
        response_201 = User.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
    *,
    client: AuthenticatedClient | Client,
    body: RegisterRequest,
) -> Response[Problem | User]:
    """Create an account

     Creates a `homeowner` or `service_provider` account and returns it (the
    client then logs in with `POST /auth/login`). Staff accounts cannot be
    self-registered (422).

    Usernames and emails are unique case-insensitively: `Jane.Doe` is taken
    when `jane.doe` exists (409). The password must satisfy the password
    policy (422 naming the rule broken). A `service_provider` account has a
    default business profile until it saves one (see
    `GET /service-providers/profile`).

    Rate limited per client IP.

    Args:
        body (RegisterRequest): A new account.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | User]
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
    body: RegisterRequest,
) -> Problem | User | None:
    """Create an account

     Creates a `homeowner` or `service_provider` account and returns it (the
    client then logs in with `POST /auth/login`). Staff accounts cannot be
    self-registered (422).

    Usernames and emails are unique case-insensitively: `Jane.Doe` is taken
    when `jane.doe` exists (409). The password must satisfy the password
    policy (422 naming the rule broken). A `service_provider` account has a
    default business profile until it saves one (see
    `GET /service-providers/profile`).

    Rate limited per client IP.

    Args:
        body (RegisterRequest): A new account.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | User
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterRequest,
) -> Response[Problem | User]:
    """Create an account

     Creates a `homeowner` or `service_provider` account and returns it (the
    client then logs in with `POST /auth/login`). Staff accounts cannot be
    self-registered (422).

    Usernames and emails are unique case-insensitively: `Jane.Doe` is taken
    when `jane.doe` exists (409). The password must satisfy the password
    policy (422 naming the rule broken). A `service_provider` account has a
    default business profile until it saves one (see
    `GET /service-providers/profile`).

    Rate limited per client IP.

    Args:
        body (RegisterRequest): A new account.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | User]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterRequest,
) -> Problem | User | None:
    """Create an account

     Creates a `homeowner` or `service_provider` account and returns it (the
    client then logs in with `POST /auth/login`). Staff accounts cannot be
    self-registered (422).

    Usernames and emails are unique case-insensitively: `Jane.Doe` is taken
    when `jane.doe` exists (409). The password must satisfy the password
    policy (422 naming the rule broken). A `service_provider` account has a
    default business profile until it saves one (see
    `GET /service-providers/profile`).

    Rate limited per client IP.

    Args:
        body (RegisterRequest): A new account.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | User
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
