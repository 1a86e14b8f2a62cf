"""Queueing email: a row in the request's transaction, sent once it has committed."""

from typing import Any

from hestami_api.core.context import RequestContext
from hestami_api.mail import delivery, repository
from hestami_api.mail.models import OutboxKind


def queue_email(ctx: RequestContext, *, to: str, subject: str, body: str) -> None:
    """The message lands exactly when the change it reports does, and is never lost: the
    delivery loop of any process sends it, retrying while the mail server refuses."""
    repository.add(ctx.db, kind="message", recipient=to, subject=subject, body=body)
    _deliver_after_commit(ctx)


def queue_request(
    ctx: RequestContext, *, kind: OutboxKind, recipient: str, payload: dict[str, Any]
) -> None:
    """A request row, which the delivery loop turns into a message with the composer of
    ``kind`` after the response was sent (see `delivery.Composer`)."""
    repository.add(ctx.db, kind=kind, recipient=recipient, payload=payload)
    _deliver_after_commit(ctx)


def _deliver_after_commit(ctx: RequestContext) -> None:
    # This process's loop looks at once instead of at its next poll.
    ctx.after_commit(delivery.wake_up)
