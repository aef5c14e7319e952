"""Who may do what with venues. Every admin view, bulk action, import and API uses these.

The national team manages every venue; a hub's coordinators manage the venues of their hub's
départements; nobody else manages any. A venue's département follows from its commune, so
"their hub's venues" is ``Venue.objects.visible_to(user)`` and ``can_edit`` agrees with it.
"""

from directory.models import ConfirmationRequest, DuplicatePair, ErrorReport, PendingImport, Venue
from hubsite.models import Departement, Hub
from hubsite.permissions import HubScopedPermissionPolicy
from hubsite.scoping import hub_scope

_CACHE_ATTRIBUTE = "_maillage_venue_departements"


def editable_departements(user) -> frozenset[str] | None:
    """Codes of the départements whose venues ``user`` manages (those of the hubs they
    coordinate, ``hubsite.scoping.hub_scope``); None means every one."""
    scope = hub_scope(user)
    if scope.everything:
        return None
    if not scope.hub_ids:
        return frozenset()
    codes = getattr(user, _CACHE_ATTRIBUTE, None)
    if codes is None:
        codes = frozenset(Departement.objects.visible_to(user).values_list("code", flat=True))
        setattr(user, _CACHE_ATTRIBUTE, codes)
    return codes


def can_manage_venues(user) -> bool:
    """Reach the venues' admin at all: the national team and coordinators of a hub that covers
    at least one département."""
    codes = editable_departements(user)
    return codes is None or bool(codes)


def can_edit(user, venue: Venue) -> bool:
    """Change, delete, place on the map, see the history and error reports of ``venue``."""
    codes = editable_departements(user)
    if codes is None:
        return True
    return venue.departement_id is not None and venue.departement_id in codes


def can_qualify(user, venue: Venue) -> bool:
    """Qualify or suspend ``venue``: its hub's coordinators and the national team."""
    return can_edit(user, venue)


def can_create_in(user, departement_code: str | None) -> bool:
    """Add a venue (by hand or by import) in this département."""
    codes = editable_departements(user)
    if codes is None:
        return True
    return departement_code is not None and departement_code in codes


def can_import(user) -> bool:
    return can_manage_venues(user)


def can_resolve_report(user, report: ErrorReport) -> bool:
    return can_edit(user, report.venue)


# Wagtail's view of the rules above, so that its generic views, listing buttons and bulk
# actions ask ``can_edit`` about each venue rather than Django's per-model permissions.
VENUE_ACTIONS = frozenset({"add", "change", "delete", "view"})
venue_permission_policy = HubScopedPermissionPolicy(
    Venue,
    coordinator_actions=VENUE_ACTIONS,
    national_actions=VENUE_ACTIONS,
    hub_requires="departements",
    rule=can_edit,
)


def can_confirm_import(user, pending: PendingImport) -> bool:
    """Confirm a previewed import: only the person who uploaded the file, while they may
    still import."""
    return pending.user_id == user.pk and can_import(user)


def can_view_import_job(user, job) -> bool:
    """An import job's progress, result and rejected rows: only whoever started it, while
    they may still import (its rows name venues of their hub)."""
    return job.user_id == user.pk and can_import(user)


def can_review_pair(user, pair: DuplicatePair) -> bool:
    """See, merge or dismiss a likely duplicate: whoever may edit both venues."""
    return can_edit(user, pair.first) and (pair.second is None or can_edit(user, pair.second))


duplicate_permission_policy = HubScopedPermissionPolicy(
    DuplicatePair,
    coordinator_actions={"view", "change"},
    national_actions={"view", "change"},
    hub_requires="departements",
    rule=can_review_pair,
)


# --- Confirmation of a venue's data (``directory.confirmation_service``) ---------------------


def can_request_confirmation(user, venue: Venue) -> bool:
    """Send ``venue`` a confirmation request, confirm it as is, revoke its links."""
    return can_edit(user, venue)


def can_review_proposal(user, request: ConfirmationRequest) -> bool:
    """Accept or refuse the corrections a venue proposed: its hub's coordinators."""
    return can_edit(user, request.venue)


def can_launch_campaign(user, hub: Hub | None) -> bool:
    """Send the yearly campaign to ``hub``'s venues (a coordinator of it, or the national
    team); ``hub=None`` means every hub, for the national team only."""
    scope = hub_scope(user)
    if hub is None:
        return scope.everything
    return scope.includes(hub.pk)


confirmation_permission_policy = HubScopedPermissionPolicy(
    ConfirmationRequest,
    coordinator_actions={"change", "view"},
    national_actions={"change", "view"},
    hub_requires="departements",
    rule=can_review_proposal,
)
