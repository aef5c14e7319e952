"""Who may do what in projects, one module per concern (organisations, the review); every
rule is importable from here."""

from projects.permissions.organisations import (
    can_decide_join_request,
    can_leave,
    can_manage_members,
    can_remove_member,
    can_revoke_invitation,
    can_view_members,
    can_view_organisation_in_admin,
    is_last_admin,
    is_member,
    membership_of,
)
from projects.permissions.review import (
    HUB_EDITABLE,
    DossierPermissionPolicy,
    can_instruct_dossier,
    can_manage_review,
    can_review,
    can_see_others_reviews,
    can_submit_dossier,
    can_write_dossier,
    dossier_permission_policy,
    is_assigned,
    visible_reviews,
)

__all__ = [
    "HUB_EDITABLE",
    "DossierPermissionPolicy",
    "can_decide_join_request",
    "can_instruct_dossier",
    "can_leave",
    "can_manage_members",
    "can_manage_review",
    "can_remove_member",
    "can_review",
    "can_revoke_invitation",
    "can_see_others_reviews",
    "can_submit_dossier",
    "can_view_members",
    "can_view_organisation_in_admin",
    "can_write_dossier",
    "dossier_permission_policy",
    "is_assigned",
    "is_last_admin",
    "is_member",
    "membership_of",
    "visible_reviews",
]
