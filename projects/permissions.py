"""Who may do what with calls for projects and the hubs' dossiers.

A hub's coordinators write their hub's dossier and may change it while it is theirs to
change (a draft, or when the funder asked for more); the national team (which runs the
calls for the Banque des territoires) sees every dossier and moves it along its path.
"""

from hubsite.permissions import HubScopedPermissionPolicy, can_coordinate
from hubsite.roles import is_national
from projects.models import Dossier, DossierStatus

# The statuses in which the hub may still change what it wrote.
HUB_EDITABLE = frozenset({DossierStatus.DRAFT, DossierStatus.CHANGES_REQUESTED})


def can_write_dossier(user, dossier: Dossier) -> bool:
    """Change the dossier's content: its hub's coordinators, while it is theirs to change."""
    return (
        dossier.status in HUB_EDITABLE
        and can_coordinate(user, dossier.hub)
        and not is_national(user)
    )


def can_submit_dossier(user, dossier: Dossier) -> bool:
    """Send the dossier (or its completed version) to the funder: its hub's coordinators."""
    return can_coordinate(user, dossier.hub) and not is_national(user)


def can_instruct_dossier(user, dossier: Dossier) -> bool:
    """Check eligibility, open the review, ask for more, decide: the national team."""
    return is_national(user)


class DossierPermissionPolicy(HubScopedPermissionPolicy):
    """A hub deletes only a draft it has never sent; nobody deletes a sent dossier. Changing
    one the hub may no longer change is refused by the edit view (``can_write_dossier``),
    which sends the coordinator to the dossier's page instead."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and instance.status != DossierStatus.DRAFT:
            return False
        return super().user_has_permission_for_instance(user, action, instance)


dossier_permission_policy = DossierPermissionPolicy(
    Dossier,
    coordinator_actions={"add", "change", "delete", "view"},
    national_actions={"view"},
)
