from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.catalog_service_page import CatalogServicePage
from ...models.catalog_sort import CatalogSort
from ...models.problem import Problem
from ...models.service_category import ServiceCategory
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = UNSET,
    category: ServiceCategory | Unset = UNSET,
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    min_price: float | Unset = UNSET,
    max_price: float | Unset = UNSET,
    provider_id: UUID | Unset = UNSET,
    sort: CatalogSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    json_category: str | Unset = UNSET
    if not isinstance(category, Unset):
        json_category = category.value

    params["category"] = json_category

    params["city"] = city

    params["state"] = state

    params["postal_code"] = postal_code

    params["min_price"] = min_price

    params["max_price"] = max_price

    json_provider_id: str | Unset = UNSET
    if not isinstance(provider_id, Unset):
        json_provider_id = str(provider_id)
    params["provider_id"] = json_provider_id

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/services",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CatalogServicePage | Problem:
    if response.status_code == 200:
        response_200 = CatalogServicePage.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[CatalogServicePage | Problem]:
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
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    min_price: float | Unset = UNSET,
    max_price: float | Unset = UNSET,
    provider_id: UUID | Unset = UNSET,
    sort: CatalogSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[CatalogServicePage | Problem]:
    """Search the service catalog

     Lists the active services of active providers, each with its provider's
    summary. Any signed-in role.

    - `q`: full-text search (English stemming: `leaking` finds `leak`) over
      the title, description and category. Every word must match; quoted
      phrases, `or` and `-word` (exclude) are understood. A blank `q` is
      ignored.
    - `category`, `city`, `state`, `postal_code`, `provider_id`: exact
      matches (case-insensitive for text).
    - `min_price` / `max_price`: keep services whose `price_min` is at least
      `min_price` / at most `max_price`; services without a price are left
      out when either is given. `min_price` greater than `max_price` is 422.
    - `sort`: `relevance` (best full-text match first) is the default when
      `q` is given, `-created_at` otherwise; `relevance` without `q` means
      `-created_at`. Sorting by `price_min` puts services without a price
      last.

    Args:
        q (str | Unset):
        category (ServiceCategory | Unset): The fixed list of service categories.
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        min_price (float | Unset):
        max_price (float | Unset):
        provider_id (UUID | Unset):
        sort (CatalogSort | Unset): Sort order of the catalog: `relevance` (best full-text match
            first) or a field, `-` prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CatalogServicePage | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        category=category,
        city=city,
        state=state,
        postal_code=postal_code,
        min_price=min_price,
        max_price=max_price,
        provider_id=provider_id,
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
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    min_price: float | Unset = UNSET,
    max_price: float | Unset = UNSET,
    provider_id: UUID | Unset = UNSET,
    sort: CatalogSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> CatalogServicePage | Problem | None:
    """Search the service catalog

     Lists the active services of active providers, each with its provider's
    summary. Any signed-in role.

    - `q`: full-text search (English stemming: `leaking` finds `leak`) over
      the title, description and category. Every word must match; quoted
      phrases, `or` and `-word` (exclude) are understood. A blank `q` is
      ignored.
    - `category`, `city`, `state`, `postal_code`, `provider_id`: exact
      matches (case-insensitive for text).
    - `min_price` / `max_price`: keep services whose `price_min` is at least
      `min_price` / at most `max_price`; services without a price are left
      out when either is given. `min_price` greater than `max_price` is 422.
    - `sort`: `relevance` (best full-text match first) is the default when
      `q` is given, `-created_at` otherwise; `relevance` without `q` means
      `-created_at`. Sorting by `price_min` puts services without a price
      last.

    Args:
        q (str | Unset):
        category (ServiceCategory | Unset): The fixed list of service categories.
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        min_price (float | Unset):
        max_price (float | Unset):
        provider_id (UUID | Unset):
        sort (CatalogSort | Unset): Sort order of the catalog: `relevance` (best full-text match
            first) or a field, `-` prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CatalogServicePage | Problem
    """

    return sync_detailed(
        client=client,
        q=q,
        category=category,
        city=city,
        state=state,
        postal_code=postal_code,
        min_price=min_price,
        max_price=max_price,
        provider_id=provider_id,
        sort=sort,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    category: ServiceCategory | Unset = UNSET,
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    min_price: float | Unset = UNSET,
    max_price: float | Unset = UNSET,
    provider_id: UUID | Unset = UNSET,
    sort: CatalogSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[CatalogServicePage | Problem]:
    """Search the service catalog

     Lists the active services of active providers, each with its provider's
    summary. Any signed-in role.

    - `q`: full-text search (English stemming: `leaking` finds `leak`) over
      the title, description and category. Every word must match; quoted
      phrases, `or` and `-word` (exclude) are understood. A blank `q` is
      ignored.
    - `category`, `city`, `state`, `postal_code`, `provider_id`: exact
      matches (case-insensitive for text).
    - `min_price` / `max_price`: keep services whose `price_min` is at least
      `min_price` / at most `max_price`; services without a price are left
      out when either is given. `min_price` greater than `max_price` is 422.
    - `sort`: `relevance` (best full-text match first) is the default when
      `q` is given, `-created_at` otherwise; `relevance` without `q` means
      `-created_at`. Sorting by `price_min` puts services without a price
      last.

    Args:
        q (str | Unset):
        category (ServiceCategory | Unset): The fixed list of service categories.
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        min_price (float | Unset):
        max_price (float | Unset):
        provider_id (UUID | Unset):
        sort (CatalogSort | Unset): Sort order of the catalog: `relevance` (best full-text match
            first) or a field, `-` prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CatalogServicePage | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        category=category,
        city=city,
        state=state,
        postal_code=postal_code,
        min_price=min_price,
        max_price=max_price,
        provider_id=provider_id,
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
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    min_price: float | Unset = UNSET,
    max_price: float | Unset = UNSET,
    provider_id: UUID | Unset = UNSET,
    sort: CatalogSort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> CatalogServicePage | Problem | None:
    """Search the service catalog

     Lists the active services of active providers, each with its provider's
    summary. Any signed-in role.

    - `q`: full-text search (English stemming: `leaking` finds `leak`) over
      the title, description and category. Every word must match; quoted
      phrases, `or` and `-word` (exclude) are understood. A blank `q` is
      ignored.
    - `category`, `city`, `state`, `postal_code`, `provider_id`: exact
      matches (case-insensitive for text).
    - `min_price` / `max_price`: keep services whose `price_min` is at least
      `min_price` / at most `max_price`; services without a price are left
      out when either is given. `min_price` greater than `max_price` is 422.
    - `sort`: `relevance` (best full-text match first) is the default when
      `q` is given, `-created_at` otherwise; `relevance` without `q` means
      `-created_at`. Sorting by `price_min` puts services without a price
      last.

    Args:
        q (str | Unset):
        category (ServiceCategory | Unset): The fixed list of service categories.
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        min_price (float | Unset):
        max_price (float | Unset):
        provider_id (UUID | Unset):
        sort (CatalogSort | Unset): Sort order of the catalog: `relevance` (best full-text match
            first) or a field, `-` prefix for descending.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CatalogServicePage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            category=category,
            city=city,
            state=state,
            postal_code=postal_code,
            min_price=min_price,
            max_price=max_price,
            provider_id=provider_id,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    ).parsed
