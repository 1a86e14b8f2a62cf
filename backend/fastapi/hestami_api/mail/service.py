"""Queueing email: a row in the request's transaction, sent once it has committed."""

from typing import Any

from hestami_api.core.context import RequestContext
from hestami_api.mail import delivery, repository
from hestami_api.mail.models import OutboxKind


def queue_email(ctx: RequestContext, *, to: str, subject: str, body: str) -> None:
    """The message lands exactly when the change it reports does, and is never lost: the
    delivery loop of any process sends it, retrying while the mail server refuses."""
    queue(ctx, kind="message", recipient=to, subject=subject, body=body)


def queue(
    ctx: RequestContext,
    *,
    kind: OutboxKind,
    recipient: str,
    subject: str = "",
    body: str = "",
    payload: dict[str, Any] | None = None,
) -> None:
    repository.add(
        ctx.db, kind=kind, recipient=recipient, subject=subject, body=body, payload=payload
    )
    # This process's loop looks at once instead of at its next poll.
    ctx.after_commit(delivery.wake_up)
