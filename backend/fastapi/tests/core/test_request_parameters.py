"""Query and path parameters read in one validation: FastAPI's errors, defaults and key rules."""

import uuid

import pytest
from fastapi import Request
from fastapi.exceptions import RequestValidationError

from hestami_api.generated import parameters


def request_with(query: str) -> Request:
    return Request({"type": "http", "method": "GET", "query_string": query.encode(), "headers": []})


def request_to(path_params: dict[str, str]) -> Request:
    scope = {"type": "http", "method": "GET", "path_params": path_params, "headers": []}
    return Request(scope)


def test_every_invalid_parameter_is_reported_in_order_under_query() -> None:
    with pytest.raises(RequestValidationError) as raised:
        parameters.SEARCH_SERVICES_QUERY.read(request_with("offset=-1&limit=0&city=&sort=x"))

    assert [(error["loc"], error["type"]) for error in raised.value.errors()] == [
        (("query", "city"), "string_too_short"),
        (("query", "sort"), "enum"),
        (("query", "limit"), "greater_than_equal"),
        (("query", "offset"), "greater_than_equal"),
    ]


def test_absent_parameters_take_the_spec_defaults() -> None:
    params = parameters.LIST_HOMEOWNER_INQUIRIES_QUERY.read(request_with(""))

    assert params == parameters.ListHomeownerInquiriesParams(
        status=None, sort=parameters.InquirySort.CREATED_AT_DESC, limit=20, offset=0
    )


def test_the_last_of_repeated_keys_wins_and_unknown_keys_are_ignored() -> None:
    params = parameters.SEARCH_SERVICES_QUERY.read(
        request_with("limit=5&q=roof&limit=7&page=3&min_price=1.5")
    )

    assert (params.limit, params.q, params.min_price) == (7, "roof", 1.5)


def test_a_path_value_that_is_no_uuid_is_reported_under_path() -> None:
    with pytest.raises(RequestValidationError) as raised:
        parameters.GET_SERVICE_PATH.read(request_to({"service_id": "x"}))

    [error] = raised.value.errors()
    assert (error["loc"], error["type"], error["input"]) == (
        ("path", "service_id"),
        "uuid_parsing",
        "x",
    )


def test_a_path_value_becomes_the_parameters_object() -> None:
    service_id = uuid.uuid4()

    params = parameters.GET_SERVICE_PATH.read(request_to({"service_id": str(service_id).upper()}))

    assert params == parameters.GetServiceParams(service_id=service_id)
