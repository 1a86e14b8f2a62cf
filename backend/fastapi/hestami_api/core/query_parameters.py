"""Query parameters read in one validation of the whole query string.

FastAPI validates each query parameter on its own and, in the version we run, looks at each
one's annotation again on every request. For the catalog search's eleven parameters that was a
sixth of the request. The generated parameters object (generated/parameters.py) carries the
spec's constraints, so one pydantic validation of the query string makes it.

The errors are FastAPI's own (``RequestValidationError``, each ``loc`` starting with ``query``),
so a 422 reads as it did. The generated endpoint reads the parameters after the token's check
and before any database work, in the order FastAPI validated them.
"""

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError


class QueryParameters[Params]:
    """Reads an operation's parameters object from the request's query string."""

    __slots__ = ("_adapter",)

    def __init__(self, params_class: type[Params]) -> None:
        self._adapter: TypeAdapter[Params] = TypeAdapter(params_class)

    def read(self, request: Request) -> Params:
        # The last of repeated keys wins, as with FastAPI's parameters; unknown keys are ignored.
        query: dict[str, Any] = dict(request.query_params)
        try:
            return self._adapter.validate_python(query)
        except ValidationError as error:
            raise RequestValidationError(
                [
                    {**detail, "loc": ("query", *detail["loc"])}
                    for detail in error.errors(include_url=False)
                ]
            ) from None
