"""Operations served by a plain Starlette route instead of FastAPI's.

FastAPI's route solves an operation's dependencies and validates each of its parameters on
every request, and wraps the endpoint in two exit stacks: about a fifth of a worker's CPU
on ``GET /users/me``, more than the rest of the operation's own Python. An operation whose
inputs the generated endpoint reads itself (no body, no path or header parameters; query
parameters through `core.query_parameters`) needs none of it, so the route generator gives
it a plain route (`direct_route`): the endpoint takes the request and makes its context and
the caller's claims with the same functions FastAPI would have called, in the same order,
so the answers, errors included, are the same.
"""

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request, Response
from starlette.routing import Route

from hestami_api.core.context import RequestContext

type Endpoint = Callable[[Request], Awaitable[Response]]
type ContextMaker = Callable[[Request], Awaitable[RequestContext]]


def direct_route(
    router: APIRouter, method: str, path: str, name: str
) -> Callable[[Endpoint], Endpoint]:
    """Adds the decorated endpoint to ``router`` as a plain route for ``method`` alone."""

    def add(endpoint: Endpoint) -> Endpoint:
        route = Route(path, endpoint, methods=[method], name=name)
        # Starlette answers HEAD wherever GET is served; the spec and FastAPI's routes do not.
        route.methods = {method.upper()}
        router.routes.append(route)
        return endpoint

    return add


async def context_of(request: Request, make: ContextMaker) -> RequestContext:
    """``make``'s context for the request, or that of the app's override of ``make``: the
    overrides FastAPI's own routes honour (tests run requests in their own transaction so)."""
    override = request.app.dependency_overrides.get(make)
    context: RequestContext = await (override or make)(request)
    return context
