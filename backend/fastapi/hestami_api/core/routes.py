"""Operations served by a plain Starlette route instead of FastAPI's.

FastAPI's route solves an operation's dependencies and validates each of its parameters on
every request, and wraps the endpoint in two exit stacks: about a fifth of a worker's CPU on
``GET /users/me``. An operation whose inputs the generated endpoint reads itself (no body, no
header parameters; only query or only path parameters, through `core.request_parameters`)
needs none of it, so the route generator gives it a plain route (`direct_route`): the
endpoint takes the request and makes its context and the caller's claims with the same
functions FastAPI would have called, in the same order, so the answers, errors included, are
the same.
"""

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request, Response
from starlette.routing import Match, Route
from starlette.types import Scope

from hestami_api.core.context import RequestContext

type Endpoint = Callable[[Request], Awaitable[Response]]
type ContextMaker = Callable[[Request], Awaitable[RequestContext]]


class DirectRoute(Route):
    """A plain route for one method that, as FastAPI's routes do, names itself in the scope
    (FastAPI's router leaves that to the route): the metrics label requests by its path."""

    def __init__(self, path: str, endpoint: Endpoint, *, method: str, name: str) -> None:
        super().__init__(path, endpoint, methods=[method], name=name)
        # Starlette answers HEAD wherever GET is served; the spec and FastAPI's routes do not.
        self.methods = {method}

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match is not Match.NONE:
            child_scope["route"] = self
        return match, child_scope


def direct_route(
    router: APIRouter, method: str, path: str, name: str
) -> Callable[[Endpoint], Endpoint]:
    """Adds the decorated endpoint to ``router`` as a plain route for ``method`` alone."""

    def add(endpoint: Endpoint) -> Endpoint:
        router.routes.append(DirectRoute(path, endpoint, method=method, name=name))
        return endpoint

    return add


async def context_of(request: Request, make: ContextMaker) -> RequestContext:
    """``make``'s context for the request, or that of the app's override of ``make``: the
    overrides FastAPI's own routes honour (tests run requests in their own transaction so)."""
    override = request.app.dependency_overrides.get(make)
    context: RequestContext = await (override or make)(request)
    return context
