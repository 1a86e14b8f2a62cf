from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.provider_inquiry_status import ProviderInquiryStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProviderInquiryUpdate")


@_attrs_define
class ProviderInquiryUpdate:
    """A provider's answer to an inquiry: a status change, a response, or both (at least one)."""

    status: ProviderInquiryStatus | Unset = UNSET
    """ The statuses a provider may set: `accepted` or `declined` from `open`; `completed` from `accepted`. """
    response: str | Unset = UNSET
    """ A message for the homeowner; line breaks allowed. Replaces any earlier response. """

    def to_dict(self) -> dict[str, Any]:
        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        response = self.response

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if response is not UNSET:
            field_dict["response"] = response

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _status = d.pop("status", UNSET)
        status: ProviderInquiryStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = ProviderInquiryStatus(_status)

        response = d.pop("response", UNSET)

        provider_inquiry_update = cls(
            status=status,
            response=response,
        )

        return provider_inquiry_update
