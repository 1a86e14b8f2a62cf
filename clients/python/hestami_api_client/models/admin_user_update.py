from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="AdminUserUpdate")


@_attrs_define
class AdminUserUpdate:
    """A staff change to an account: `role`, `is_active`, or both (at least one). A staff member cannot change their own
    role or deactivate themselves (409).

    """

    role: Role | Unset = UNSET
    """ The role of an account. `homeowner` and `service_provider` can register; `staff` accounts are made by the
    command line or by staff. """
    is_active: bool | Unset = UNSET
    """ `false` deactivates the account and ends its sessions; `true` reactivates it. """

    def to_dict(self) -> dict[str, Any]:
        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        is_active = self.is_active

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if role is not UNSET:
            field_dict["role"] = role
        if is_active is not UNSET:
            field_dict["is_active"] = is_active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _role = d.pop("role", UNSET)
        role: Role | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = Role(_role)

        is_active = d.pop("is_active", UNSET)

        admin_user_update = cls(
            role=role,
            is_active=is_active,
        )

        return admin_user_update
