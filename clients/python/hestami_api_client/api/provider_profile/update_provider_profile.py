from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.provider_profile import ProviderProfile
from ...models.provider_profile_update import ProviderProfileUpdate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ProviderProfileUpdate,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/service-providers/profile",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ProviderProfile:
    if response.status_code == 200:
        response_200 = ProviderProfile.from_dict(response.json())

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
) -> Response[Problem | ProviderProfile]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ProviderProfileUpdate,
    if_match: str | Unset = UNSET,
) -> Response[Problem | ProviderProfile]:
    """Replace own business profile

     Replaces the business profile (optional fields left out are cleared). `business_name` and `website`
    appear in the catalog's provider summary. Service providers only.

    Args:
        if_match (str | Unset):
        body (ProviderProfileUpdate): The business profile (full replacement: optional fields left
            out are cleared).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProviderProfile]
    """

    kwargs = _get_kwargs(
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ProviderProfileUpdate,
    if_match: str | Unset = UNSET,
) -> Problem | ProviderProfile | None:
    """Replace own business profile

     Replaces the business profile (optional fields left out are cleared). `business_name` and `website`
    appear in the catalog's provider summary. Service providers only.

    Args:
        if_match (str | Unset):
        body (ProviderProfileUpdate): The business profile (full replacement: optional fields left
            out are cleared).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProviderProfile
    """

    return sync_detailed(
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ProviderProfileUpdate,
    if_match: str | Unset = UNSET,
) -> Response[Problem | ProviderProfile]:
    """Replace own business profile

     Replaces the business profile (optional fields left out are cleared). `business_name` and `website`
    appear in the catalog's provider summary. Service providers only.

    Args:
        if_match (str | Unset):
        body (ProviderProfileUpdate): The business profile (full replacement: optional fields left
            out are cleared).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProviderProfile]
    """

    kwargs = _get_kwargs(
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ProviderProfileUpdate,
    if_match: str | Unset = UNSET,
) -> Problem | ProviderProfile | None:
    """Replace own business profile

     Replaces the business profile (optional fields left out are cleared). `business_name` and `website`
    appear in the catalog's provider summary. Service providers only.

    Args:
        if_match (str | Unset):
        body (ProviderProfileUpdate): The business profile (full replacement: optional fields left
            out are cleared).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProviderProfile
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
