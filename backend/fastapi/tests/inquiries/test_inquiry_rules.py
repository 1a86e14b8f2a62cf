"""inquiries.rules: the status transitions, checked without a database."""

import pytest

from hestami_api.core.errors import ConflictError
from hestami_api.generated.enums import InquiryStatus
from hestami_api.inquiries.models import INQUIRY_STATUSES
from hestami_api.inquiries.rules import check_can_respond, check_transition

ALLOWED = {
    ("open", "accepted", "service_provider"),
    ("open", "declined", "service_provider"),
    ("open", "cancelled", "homeowner"),
    ("accepted", "completed", "service_provider"),
    ("accepted", "cancelled", "homeowner"),
}


@pytest.mark.parametrize("current", INQUIRY_STATUSES)
@pytest.mark.parametrize("target", INQUIRY_STATUSES)
@pytest.mark.parametrize("actor", ["homeowner", "service_provider"])
def test_transition_table_is_exactly_the_specs(
    current: InquiryStatus, target: InquiryStatus, actor: str
) -> None:
    if (current, target, actor) in ALLOWED:
        check_transition(current, target, actor)  # type: ignore[arg-type]
    else:
        with pytest.raises(ConflictError):
            check_transition(current, target, actor)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", INQUIRY_STATUSES)
def test_responses_only_while_in_play(status: InquiryStatus) -> None:
    if status in {"open", "accepted"}:
        check_can_respond(status)
    else:
        with pytest.raises(ConflictError):
            check_can_respond(status)
