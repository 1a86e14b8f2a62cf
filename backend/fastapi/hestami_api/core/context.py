"""Per-request dependencies shared by every handler: the database session and request facts."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from hestami_api.core.db import get_session_factory
from hestami_api.core.errors import DomainError


def unit_of_work(session: Session) -> Iterator[Session]:
    """Commits once when the handler returns; rolls back if it raises (see DomainError)."""
    try:
        yield session
        session.commit()
    except DomainError as error:
        if error.keep_changes:
            session.commit()
        else:
            session.rollback()
        raise
    except BaseException:
        session.rollback()
        raise


def database_session() -> Iterator[Session]:
    """One session per request."""
    with get_session_factory()() as session:
        yield from unit_of_work(session)


# scope="function" commits before the response is sent, so a client never sees a
# success whose transaction later failed.
DbSession = Annotated[Session, Depends(database_session, scope="function")]


@dataclass(frozen=True, slots=True)
class RequestContext:
    db: Session
    client_ip: str | None
    user_agent: str | None


def request_context(request: Request, db: DbSession) -> RequestContext:
    client = request.client
    return RequestContext(
        db=db,
        client_ip=client.host if client else None,
        user_agent=request.headers.get("user-agent"),
    )


Context = Annotated[RequestContext, Depends(request_context)]


def json_response(model: BaseModel, status_code: int) -> Response:
    """Serialize once with pydantic-core; FastAPI's response_model would validate again."""
    return Response(
        content=model.model_dump_json(by_alias=True),
        status_code=status_code,
        media_type="application/json",
    )
