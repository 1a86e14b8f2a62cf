from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.inquiry_page import InquiryPage
from ...models.inquiry_sort import InquirySort
from ...models.inquiry_status import InquiryStatus
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: InquiryStatus | Unset = UNSET,
    sort: InquirySort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/homeowners/inquiries",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InquiryPage | Problem:
    if response.status_code == 200:
        response_200 = InquiryPage.from_dict(response.json())

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
) -> Response[InquiryPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: InquiryStatus | Unset = UNSET,
    sort: InquirySort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[InquiryPage | Problem]:
    """List own inquiries

     Lists the inquiries the signed-in homeowner has sent. Homeowners only.

    Args:
        status (InquiryStatus | Unset): Where an inquiry stands. Allowed transitions:
            `open` → `accepted` | `declined` (provider) or `cancelled` (homeowner);
            `accepted` → `completed` (provider) or `cancelled` (homeowner).
            `declined`, `completed` and `cancelled` are final. Any other change is
            409.
        sort (InquirySort | Unset): Sort order of inquiries: creation time, `-` prefix for newest
            first.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InquiryPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
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
    status: InquiryStatus | Unset = UNSET,
    sort: InquirySort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> InquiryPage | Problem | None:
    """List own inquiries

     Lists the inquiries the signed-in homeowner has sent. Homeowners only.

    Args:
        status (InquiryStatus | Unset): Where an inquiry stands. Allowed transitions:
            `open` → `accepted` | `declined` (provider) or `cancelled` (homeowner);
            `accepted` → `completed` (provider) or `cancelled` (homeowner).
            `declined`, `completed` and `cancelled` are final. Any other change is
            409.
        sort (InquirySort | Unset): Sort order of inquiries: creation time, `-` prefix for newest
            first.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InquiryPage | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        sort=sort,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: InquiryStatus | Unset = UNSET,
    sort: InquirySort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[InquiryPage | Problem]:
    """List own inquiries

     Lists the inquiries the signed-in homeowner has sent. Homeowners only.

    Args:
        status (InquiryStatus | Unset): Where an inquiry stands. Allowed transitions:
            `open` → `accepted` | `declined` (provider) or `cancelled` (homeowner);
            `accepted` → `completed` (provider) or `cancelled` (homeowner).
            `declined`, `completed` and `cancelled` are final. Any other change is
            409.
        sort (InquirySort | Unset): Sort order of inquiries: creation time, `-` prefix for newest
            first.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InquiryPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        sort=sort,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: InquiryStatus | Unset = UNSET,
    sort: InquirySort | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> InquiryPage | Problem | None:
    """List own inquiries

     Lists the inquiries the signed-in homeowner has sent. Homeowners only.

    Args:
        status (InquiryStatus | Unset): Where an inquiry stands. Allowed transitions:
            `open` → `accepted` | `declined` (provider) or `cancelled` (homeowner);
            `accepted` → `completed` (provider) or `cancelled` (homeowner).
            `declined`, `completed` and `cancelled` are final. Any other change is
            409.
        sort (InquirySort | Unset): Sort order of inquiries: creation time, `-` prefix for newest
            first.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InquiryPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    ).parsed
