"""Inquiry status transitions, a rule that needs no database."""

from collections.abc import Mapping
from typing import Final, Literal

from hestami_api.core.errors import ConflictError
from hestami_api.generated.enums import InquiryStatus

InquiryActor = Literal["homeowner", "service_provider"]

# current status -> {next status: the only party allowed to make that move}.
# A status missing from the outer mapping is final; a pair missing from the inner one is 409.
INQUIRY_TRANSITIONS: Final[Mapping[InquiryStatus, Mapping[InquiryStatus, InquiryActor]]] = {
    "open": {
        "accepted": "service_provider",
        "declined": "service_provider",
        "cancelled": "homeowner",
    },
    "accepted": {
        "completed": "service_provider",
        "cancelled": "homeowner",
    },
}


def is_final(status: InquiryStatus) -> bool:
    return status not in INQUIRY_TRANSITIONS


def check_transition(current: InquiryStatus, target: InquiryStatus, actor: InquiryActor) -> None:
    """Raise 409 unless ``actor`` may move an inquiry from ``current`` to ``target``."""
    if INQUIRY_TRANSITIONS.get(current, {}).get(target) != actor:
        raise ConflictError(f"An inquiry that is {current} cannot become {target}.")


def check_can_respond(current: InquiryStatus) -> None:
    """A response alone may be written while the inquiry is still in play (open/accepted)."""
    if is_final(current):
        raise ConflictError(f"An inquiry that is {current} can no longer be answered.")
