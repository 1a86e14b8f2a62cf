from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.property_page import PropertyPage
from ...models.property_sort import PropertySort
from ...models.property_type import PropertyType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = UNSET,
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    property_type: PropertyType | Unset = UNSET,
    sort: PropertySort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    params["city"] = city

    params["state"] = state

    params["postal_code"] = postal_code

    json_property_type: str | Unset = UNSET
    if not isinstance(property_type, Unset):
        json_property_type = property_type.value

    params["property_type"] = json_property_type

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/homeowners/properties",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | PropertyPage:
    if response.status_code == 200:
        response_200 = PropertyPage.from_dict(response.json())

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
) -> Response[Problem | PropertyPage]:
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
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    property_type: PropertyType | Unset = UNSET,
    sort: PropertySort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[Problem | PropertyPage]:
    """List own properties

     Lists the signed-in homeowner's properties. `q` is a word search: every
    word must appear in the name, address lines, city, state or postal
    code. `city`, `state`, `postal_code` and `property_type` match exactly
    (text case-insensitively). Homeowners only.

    Args:
        q (str | Unset):
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        property_type (PropertyType | Unset): The kind of home.
        sort (PropertySort | Unset): Sort order of properties: a field, `-` prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PropertyPage]
    """

    kwargs = _get_kwargs(
        q=q,
        city=city,
        state=state,
        postal_code=postal_code,
        property_type=property_type,
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
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    property_type: PropertyType | Unset = UNSET,
    sort: PropertySort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Problem | PropertyPage | None:
    """List own properties

     Lists the signed-in homeowner's properties. `q` is a word search: every
    word must appear in the name, address lines, city, state or postal
    code. `city`, `state`, `postal_code` and `property_type` match exactly
    (text case-insensitively). Homeowners only.

    Args:
        q (str | Unset):
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        property_type (PropertyType | Unset): The kind of home.
        sort (PropertySort | Unset): Sort order of properties: a field, `-` prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PropertyPage
    """

    return sync_detailed(
        client=client,
        q=q,
        city=city,
        state=state,
        postal_code=postal_code,
        property_type=property_type,
        sort=sort,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    property_type: PropertyType | Unset = UNSET,
    sort: PropertySort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[Problem | PropertyPage]:
    """List own properties

     Lists the signed-in homeowner's properties. `q` is a word search: every
    word must appear in the name, address lines, city, state or postal
    code. `city`, `state`, `postal_code` and `property_type` match exactly
    (text case-insensitively). Homeowners only.

    Args:
        q (str | Unset):
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        property_type (PropertyType | Unset): The kind of home.
        sort (PropertySort | Unset): Sort order of properties: a field, `-` prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PropertyPage]
    """

    kwargs = _get_kwargs(
        q=q,
        city=city,
        state=state,
        postal_code=postal_code,
        property_type=property_type,
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
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    property_type: PropertyType | Unset = UNSET,
    sort: PropertySort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Problem | PropertyPage | None:
    """List own properties

     Lists the signed-in homeowner's properties. `q` is a word search: every
    word must appear in the name, address lines, city, state or postal
    code. `city`, `state`, `postal_code` and `property_type` match exactly
    (text case-insensitively). Homeowners only.

    Args:
        q (str | Unset):
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        property_type (PropertyType | Unset): The kind of home.
        sort (PropertySort | Unset): Sort order of properties: a field, `-` prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PropertyPage
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            city=city,
            state=state,
            postal_code=postal_code,
            property_type=property_type,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    ).parsed
