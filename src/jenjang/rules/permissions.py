"""Who may edit rule parameters. The role and agency checks themselves are jenjang.core.access's."""

from __future__ import annotations

from typing import Any

from jenjang.core import access


def can_edit_national_parameters(user: Any) -> bool:
    return access.is_national(user)


def can_edit_agency_parameters(user: Any, agency_id: int | None) -> bool:
    return agency_id is not None and access.can_administer(user) and access.user_may_act_for_agency(user, agency_id)


def parameter_edit_scope(user: Any) -> tuple[str, int | None] | None:
    """The values this user adds from a parameter page: ("national", None) for a national administrator,
    ("agency", agency_id) for an agency administrator; None when the user may not edit parameters."""
    if can_edit_national_parameters(user):
        return "national", None
    if can_edit_agency_parameters(user, getattr(user, "agency_id", None)):
        return "agency", user.agency_id
    return None
