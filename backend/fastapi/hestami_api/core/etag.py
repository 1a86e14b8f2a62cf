"""Entity tags for single resources, and the If-Match precondition (lost-update guard).

The tag is a digest of the resource's JSON representation, so it changes with any field
(``updated_at`` included) and needs no version column. Writers load the row locked
(``FOR UPDATE``), compare its current tag with If-Match, then write: of two writers holding
the same tag exactly one succeeds, the other gets 412.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from hestami_api.core.errors import PreconditionFailedError
from hestami_api.core.views import json_body

STALE = (
    "The resource changed since you read it (If-Match does not match its ETag); "
    "nothing was changed."
)


def entity_tag(representation: BaseModel) -> str:
    return tag_of(json_body(representation))


def tag_of(representation: bytes) -> str:
    """The tag of a JSON representation already serialized (a response body)."""
    return f'"{hashlib.sha256(representation).hexdigest()[:32]}"'


def check_if_match(if_match: str | None, current: BaseModel) -> None:
    """Raises 412 unless If-Match is absent, ``*``, or lists the current (strong) tag."""
    if if_match is None:
        return
    candidates = [candidate.strip() for candidate in if_match.split(",")]
    if "*" in candidates or entity_tag(current) in candidates:
        return
    raise PreconditionFailedError(STALE)


@dataclass(frozen=True, slots=True)
class Precondition[T]:
    """A request's If-Match with the view that renders a row as the client saw it, for a
    service to check under its row lock without knowing the response models."""

    if_match: str | None
    view: Callable[[T], BaseModel]

    @property
    def given(self) -> bool:
        return self.if_match is not None

    def check(self, current: T) -> None:
        if self.if_match is None:
            return  # nothing to compare: no need to render the row
        check_if_match(self.if_match, self.view(current))


def unconditional() -> "Precondition[Any]":
    """No If-Match: the write proceeds whatever the current version (the view is never run)."""
    return Precondition(None, _never_rendered)


def _never_rendered(_: object) -> BaseModel:
    raise AssertionError("an unconditional write renders nothing")
