"""Query or path parameters read in one validation.

FastAPI validates each parameter on its own and, in the version we run, looks at each one's
annotation again on every request. For the catalog search's eleven query parameters that was
a sixth of the request. The generated parameters object (generated/parameters.py) carries the
spec's constraints, so one pydantic validation of the query string (or of the path's values)
makes it.

The errors are FastAPI's own (``RequestValidationError``, each ``loc`` starting with ``query``
or ``path``), so a 422 reads as it did. The generated endpoint reads the parameters after the
token's check and before any database work, in the order FastAPI validated them.
"""

from collections.abc import Mapping
from typing import Any, ClassVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError


class ParametersReader[Params]:
    """Reads an operation's parameters object from one part of the request (``location``)."""

    __slots__ = ("_adapter",)
    location: ClassVar[str]

    def __init__(self, params_class: type[Params]) -> None:
        self._adapter: TypeAdapter[Params] = TypeAdapter(params_class)

    def values(self, request: Request) -> Mapping[str, Any]:
        raise NotImplementedError

    def read(self, request: Request) -> Params:
        try:
            return self._adapter.validate_python(self.values(request))
        except ValidationError as error:
            raise RequestValidationError(
                [
                    {**detail, "loc": (self.location, *detail["loc"])}
                    for detail in error.errors(include_url=False)
                ]
            ) from None


class QueryParameters[Params](ParametersReader[Params]):
    """From the request's query string."""

    __slots__ = ()
    location = "query"

    def values(self, request: Request) -> Mapping[str, Any]:
        # The last of repeated keys wins, as with FastAPI's parameters; unknown keys are ignored.
        return dict(request.query_params)


class PathParameters[Params](ParametersReader[Params]):
    """From the values the request's route took from its path."""

    __slots__ = ()
    location = "path"

    def values(self, request: Request) -> Mapping[str, Any]:
        path_params: Mapping[str, Any] = request.path_params
        return path_params
