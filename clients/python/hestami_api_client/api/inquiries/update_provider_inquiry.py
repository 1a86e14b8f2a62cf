from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.inquiry import Inquiry
from ...models.problem import Problem
from ...models.provider_inquiry_update import ProviderInquiryUpdate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    inquiry_id: UUID,
    *,
    body: ProviderInquiryUpdate,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/service-providers/inquiries/{inquiry_id}".format(
            inquiry_id=quote(str(inquiry_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Inquiry | Problem:
    if response.status_code == 200:
        response_200 = Inquiry.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[Inquiry | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    inquiry_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ProviderInquiryUpdate,
    if_match: str | Unset = UNSET,
) -> Response[Inquiry | Problem]:
    """Answer an inquiry to own service

     The provider of the inquired service may move its status and/or write
    a `response` (at least one of the two). Allowed: `open` → `accepted` or
    `declined`; `accepted` → `completed`. Any other change of status, and
    any change of an inquiry that is already `declined`, `completed` or
    `cancelled`, gets 409. A `response` alone may be written while the
    inquiry is `open` or `accepted`; sent together with a status, it is
    saved with the transition. An inquiry to another provider's service
    gets 404. Service providers only.

    Args:
        inquiry_id (UUID):
        if_match (str | Unset):
        body (ProviderInquiryUpdate): A provider's answer to an inquiry: a status change, a
            response, or both (at least one).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Inquiry | Problem]
    """

    kwargs = _get_kwargs(
        inquiry_id=inquiry_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    inquiry_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ProviderInquiryUpdate,
    if_match: str | Unset = UNSET,
) -> Inquiry | Problem | None:
    """Answer an inquiry to own service

     The provider of the inquired service may move its status and/or write
    a `response` (at least one of the two). Allowed: `open` → `accepted` or
    `declined`; `accepted` → `completed`. Any other change of status, and
    any change of an inquiry that is already `declined`, `completed` or
    `cancelled`, gets 409. A `response` alone may be written while the
    inquiry is `open` or `accepted`; sent together with a status, it is
    saved with the transition. An inquiry to another provider's service
    gets 404. Service providers only.

    Args:
        inquiry_id (UUID):
        if_match (str | Unset):
        body (ProviderInquiryUpdate): A provider's answer to an inquiry: a status change, a
            response, or both (at least one).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Inquiry | Problem
    """

    return sync_detailed(
        inquiry_id=inquiry_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    inquiry_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ProviderInquiryUpdate,
    if_match: str | Unset = UNSET,
) -> Response[Inquiry | Problem]:
    """Answer an inquiry to own service

     The provider of the inquired service may move its status and/or write
    a `response` (at least one of the two). Allowed: `open` → `accepted` or
    `declined`; `accepted` → `completed`. Any other change of status, and
    any change of an inquiry that is already `declined`, `completed` or
    `cancelled`, gets 409. A `response` alone may be written while the
    inquiry is `open` or `accepted`; sent together with a status, it is
    saved with the transition. An inquiry to another provider's service
    gets 404. Service providers only.

    Args:
        inquiry_id (UUID):
        if_match (str | Unset):
        body (ProviderInquiryUpdate): A provider's answer to an inquiry: a status change, a
            response, or both (at least one).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Inquiry | Problem]
    """

    kwargs = _get_kwargs(
        inquiry_id=inquiry_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    inquiry_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ProviderInquiryUpdate,
    if_match: str | Unset = UNSET,
) -> Inquiry | Problem | None:
    """Answer an inquiry to own service

     The provider of the inquired service may move its status and/or write
    a `response` (at least one of the two). Allowed: `open` → `accepted` or
    `declined`; `accepted` → `completed`. Any other change of status, and
    any change of an inquiry that is already `declined`, `completed` or
    `cancelled`, gets 409. A `response` alone may be written while the
    inquiry is `open` or `accepted`; sent together with a status, it is
    saved with the transition. An inquiry to another provider's service
    gets 404. Service providers only.

    Args:
        inquiry_id (UUID):
        if_match (str | Unset):
        body (ProviderInquiryUpdate): A provider's answer to an inquiry: a status change, a
            response, or both (at least one).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Inquiry | Problem
    """

    return (
        await asyncio_detailed(
            inquiry_id=inquiry_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
