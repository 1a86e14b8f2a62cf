from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.property_ import Property
from ...models.property_input import PropertyInput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    property_id: UUID,
    *,
    body: PropertyInput,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/homeowners/properties/{property_id}".format(
            property_id=quote(str(property_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Property:
    if response.status_code == 200:
        response_200 = Property.from_dict(response.json())

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
) -> Response[Problem | Property]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    property_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PropertyInput,
    if_match: str | Unset = UNSET,
) -> Response[Problem | Property]:
    """Replace one own property

     Replaces the property with the body (optional fields left out are cleared; `country` falls back to
    `US`). Another owner's property gets 404. Homeowners only.

    Args:
        property_id (UUID):
        if_match (str | Unset):
        body (PropertyInput): A property as written by its owner (`POST` and `PUT`; a `PUT`
            replaces everything, so optional fields left out are cleared).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Property]
    """

    kwargs = _get_kwargs(
        property_id=property_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    property_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PropertyInput,
    if_match: str | Unset = UNSET,
) -> Problem | Property | None:
    """Replace one own property

     Replaces the property with the body (optional fields left out are cleared; `country` falls back to
    `US`). Another owner's property gets 404. Homeowners only.

    Args:
        property_id (UUID):
        if_match (str | Unset):
        body (PropertyInput): A property as written by its owner (`POST` and `PUT`; a `PUT`
            replaces everything, so optional fields left out are cleared).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Property
    """

    return sync_detailed(
        property_id=property_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    property_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PropertyInput,
    if_match: str | Unset = UNSET,
) -> Response[Problem | Property]:
    """Replace one own property

     Replaces the property with the body (optional fields left out are cleared; `country` falls back to
    `US`). Another owner's property gets 404. Homeowners only.

    Args:
        property_id (UUID):
        if_match (str | Unset):
        body (PropertyInput): A property as written by its owner (`POST` and `PUT`; a `PUT`
            replaces everything, so optional fields left out are cleared).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Property]
    """

    kwargs = _get_kwargs(
        property_id=property_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    property_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PropertyInput,
    if_match: str | Unset = UNSET,
) -> Problem | Property | None:
    """Replace one own property

     Replaces the property with the body (optional fields left out are cleared; `country` falls back to
    `US`). Another owner's property gets 404. Homeowners only.

    Args:
        property_id (UUID):
        if_match (str | Unset):
        body (PropertyInput): A property as written by its owner (`POST` and `PUT`; a `PUT`
            replaces everything, so optional fields left out are cleared).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Property
    """

    return (
        await asyncio_detailed(
            property_id=property_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
