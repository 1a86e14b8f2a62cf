from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.provider_service_sort import ProviderServiceSort
from ...models.service_category import ServiceCategory
from ...models.service_page import ServicePage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = UNSET,
    category: ServiceCategory | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    sort: ProviderServiceSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    json_category: str | Unset = UNSET
    if not isinstance(category, Unset):
        json_category = category.value

    params["category"] = json_category

    params["is_active"] = is_active

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/service-providers/services",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ServicePage:
    if response.status_code == 200:
        response_200 = ServicePage.from_dict(response.json())

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
) -> Response[Problem | ServicePage]:
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
    category: ServiceCategory | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    sort: ProviderServiceSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[Problem | ServicePage]:
    """List own services

     Lists the signed-in provider's services, active and inactive. `q` is
    the same full-text search as in the catalog (title, description and
    category); `category` and `is_active` match exactly. Sorting by
    `price_min` puts services without a price last. Service providers
    only.

    Args:
        q (str | Unset):
        category (ServiceCategory | Unset): The fixed list of service categories.
        is_active (bool | Unset):
        sort (ProviderServiceSort | Unset): Sort order of a provider's own services: a field, `-`
            prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ServicePage]
    """

    kwargs = _get_kwargs(
        q=q,
        category=category,
        is_active=is_active,
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
    category: ServiceCategory | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    sort: ProviderServiceSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Problem | ServicePage | None:
    """List own services

     Lists the signed-in provider's services, active and inactive. `q` is
    the same full-text search as in the catalog (title, description and
    category); `category` and `is_active` match exactly. Sorting by
    `price_min` puts services without a price last. Service providers
    only.

    Args:
        q (str | Unset):
        category (ServiceCategory | Unset): The fixed list of service categories.
        is_active (bool | Unset):
        sort (ProviderServiceSort | Unset): Sort order of a provider's own services: a field, `-`
            prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ServicePage
    """

    return sync_detailed(
        client=client,
        q=q,
        category=category,
        is_active=is_active,
        sort=sort,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    category: ServiceCategory | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    sort: ProviderServiceSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[Problem | ServicePage]:
    """List own services

     Lists the signed-in provider's services, active and inactive. `q` is
    the same full-text search as in the catalog (title, description and
    category); `category` and `is_active` match exactly. Sorting by
    `price_min` puts services without a price last. Service providers
    only.

    Args:
        q (str | Unset):
        category (ServiceCategory | Unset): The fixed list of service categories.
        is_active (bool | Unset):
        sort (ProviderServiceSort | Unset): Sort order of a provider's own services: a field, `-`
            prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ServicePage]
    """

    kwargs = _get_kwargs(
        q=q,
        category=category,
        is_active=is_active,
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
    category: ServiceCategory | Unset = UNSET,
    is_active: bool | Unset = UNSET,
    sort: ProviderServiceSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Problem | ServicePage | None:
    """List own services

     Lists the signed-in provider's services, active and inactive. `q` is
    the same full-text search as in the catalog (title, description and
    category); `category` and `is_active` match exactly. Sorting by
    `price_min` puts services without a price last. Service providers
    only.

    Args:
        q (str | Unset):
        category (ServiceCategory | Unset): The fixed list of service categories.
        is_active (bool | Unset):
        sort (ProviderServiceSort | Unset): Sort order of a provider's own services: a field, `-`
            prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ServicePage
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            category=category,
            is_active=is_active,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    ).parsed
