from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.service import Service
from ...models.service_input import ServiceInput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    service_id: UUID,
    *,
    body: ServiceInput,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/service-providers/services/{service_id}".format(
            service_id=quote(str(service_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Service:
    if response.status_code == 200:
        response_200 = Service.from_dict(response.json())

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
) -> Response[Problem | Service]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    service_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ServiceInput,
    if_match: str | Unset = UNSET,
) -> Response[Problem | Service]:
    """Replace one own service

     Replaces the service with the body (optional fields left out are cleared; `is_active` falls back to
    `true`). `price_max` must not be below `price_min` (422). Set `is_active` to `false` to withdraw the
    service from the catalog while keeping it and its inquiries. Another provider's service gets 404.
    Service providers only.

    Args:
        service_id (UUID):
        if_match (str | Unset):
        body (ServiceInput): A service as written by its provider (`POST` and `PUT`; a `PUT`
            replaces everything, so optional fields left out are cleared). `price_max` must not be
            below `price_min` (422). Prices are stored to the cent (rounded to two decimals).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Service]
    """

    kwargs = _get_kwargs(
        service_id=service_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    service_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ServiceInput,
    if_match: str | Unset = UNSET,
) -> Problem | Service | None:
    """Replace one own service

     Replaces the service with the body (optional fields left out are cleared; `is_active` falls back to
    `true`). `price_max` must not be below `price_min` (422). Set `is_active` to `false` to withdraw the
    service from the catalog while keeping it and its inquiries. Another provider's service gets 404.
    Service providers only.

    Args:
        service_id (UUID):
        if_match (str | Unset):
        body (ServiceInput): A service as written by its provider (`POST` and `PUT`; a `PUT`
            replaces everything, so optional fields left out are cleared). `price_max` must not be
            below `price_min` (422). Prices are stored to the cent (rounded to two decimals).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Service
    """

    return sync_detailed(
        service_id=service_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    service_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ServiceInput,
    if_match: str | Unset = UNSET,
) -> Response[Problem | Service]:
    """Replace one own service

     Replaces the service with the body (optional fields left out are cleared; `is_active` falls back to
    `true`). `price_max` must not be below `price_min` (422). Set `is_active` to `false` to withdraw the
    service from the catalog while keeping it and its inquiries. Another provider's service gets 404.
    Service providers only.

    Args:
        service_id (UUID):
        if_match (str | Unset):
        body (ServiceInput): A service as written by its provider (`POST` and `PUT`; a `PUT`
            replaces everything, so optional fields left out are cleared). `price_max` must not be
            below `price_min` (422). Prices are stored to the cent (rounded to two decimals).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Service]
    """

    kwargs = _get_kwargs(
        service_id=service_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    service_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ServiceInput,
    if_match: str | Unset = UNSET,
) -> Problem | Service | None:
    """Replace one own service

     Replaces the service with the body (optional fields left out are cleared; `is_active` falls back to
    `true`). `price_max` must not be below `price_min` (422). Set `is_active` to `false` to withdraw the
    service from the catalog while keeping it and its inquiries. Another provider's service gets 404.
    Service providers only.

    Args:
        service_id (UUID):
        if_match (str | Unset):
        body (ServiceInput): A service as written by its provider (`POST` and `PUT`; a `PUT`
            replaces everything, so optional fields left out are cleared). `price_max` must not be
            below `price_min` (422). Prices are stored to the cent (rounded to two decimals).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Service
    """

    return (
        await asyncio_detailed(
            service_id=service_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
