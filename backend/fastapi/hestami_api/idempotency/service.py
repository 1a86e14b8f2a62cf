"""Running a creating request once per Idempotency-Key.

Within one transaction: take a transaction-scoped advisory lock on (user, key) without
waiting (taken elsewhere: the first request is still running, 409); a stored record replays
its response (422 if the body differs); otherwise create, and store the response in the
same transaction, so the record exists exactly when the created row does. A request that
fails stores nothing, and a retry runs it again. Only the body is stored: every kept
response was a creation, and the route answers a replay with the same 201.
"""

import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Final

from pydantic import BaseModel

from hestami_api.auth.models import User
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import ConflictError, InvalidInputError
from hestami_api.idempotency import repository

RETENTION: Final = timedelta(hours=24)
STILL_RUNNING = "A request with this Idempotency-Key is still being processed; retry shortly."
KEY_REUSED = "This Idempotency-Key was already used with a different request body."


def fingerprint(operation: str, body: BaseModel) -> str:
    canonical = operation + "\n" + body.model_dump_json(by_alias=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def create_once[M: BaseModel](
    ctx: RequestContext,
    user: User,
    *,
    key: str | None,
    operation: str,
    body: BaseModel,
    response_model: type[M],
    create: Callable[[], Awaitable[M]],
) -> M:
    if key is None:
        return await create()
    if not await repository.try_lock(ctx.db, user.id, key):
        raise ConflictError(STILL_RUNNING)
    request_fingerprint = fingerprint(operation, body)
    record = await repository.find(ctx.db, user.id, key)
    if record is not None and record.created_at <= datetime.now(UTC) - RETENTION:
        await repository.forget(ctx.db, record)  # expired: the key is free again
        record = None
    if record is not None:
        if record.request_fingerprint != request_fingerprint:
            raise InvalidInputError(
                KEY_REUSED, loc=["header", "Idempotency-Key"], error_type="idempotency_key_reused"
            )
        return response_model.model_validate_json(record.response_body)
    created = await create()
    repository.add(
        ctx.db,
        user_id=user.id,
        key=key,
        operation=operation,
        request_fingerprint=request_fingerprint,
        response_body=created.model_dump_json(by_alias=True),
    )
    return created
