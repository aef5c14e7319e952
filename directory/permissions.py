"""Who may do what with venues. Every admin view, bulk action, import and API uses these.

The national team manages every venue; a hub's coordinators manage the venues of their hub's
départements; nobody else manages any. A venue's département follows from its commune, so
"their hub's venues" is ``Venue.objects.visible_to(user)`` and ``can_edit`` agrees with it.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from directory.models import ErrorReport, PendingImport, Venue
from hubsite.models import Departement, Hub
from hubsite.roles import NATIONAL_TEAM, is_national

_CACHE_ATTRIBUTE = "_maillage_venue_departements"


def editable_departements(user) -> frozenset[str] | None:
    """Codes of the départements whose venues ``user`` manages; None means every one."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    if is_national(user):
        return None
    codes = getattr(user, _CACHE_ATTRIBUTE, None)
    if codes is None:
        codes = frozenset(
            Departement.objects.filter(hub__in=Hub.objects.coordinated_by(user)).values_list(
                "code", flat=True
            )
        )
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


class VenuePermissionPolicy(BasePermissionPolicy):
    """Wagtail's view of the rules above, so that its generic views, listing buttons and bulk
    actions ask ``can_edit`` about each venue rather than Django's per-model permissions."""

    ACTIONS = frozenset({"add", "change", "delete", "view"})

    def __init__(self):
        super().__init__(Venue)

    def user_has_permission(self, user, action):
        return action in self.ACTIONS and can_manage_venues(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return action in self.ACTIONS and can_edit(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.ACTIONS.intersection(actions):
            return Venue.objects.none()
        return Venue.objects.visible_to(user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def _national_users(self):
        return get_user_model().objects.filter(
            Q(is_superuser=True) | Q(groups__name=NATIONAL_TEAM), is_active=True
        )

    def users_with_any_permission(self, actions):
        if not self.ACTIONS.intersection(actions):
            return get_user_model().objects.none()
        coordinators = get_user_model().objects.filter(
            groups__coordinated_hub__departements__isnull=False, is_active=True
        )
        return (self._national_users() | coordinators).distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])

    def users_with_any_permission_for_instance(self, actions, instance):
        if not self.ACTIONS.intersection(actions):
            return get_user_model().objects.none()
        users = self._national_users()
        hub = instance.hub
        if hub is not None and hub.group_id:
            users = users | get_user_model().objects.filter(groups=hub.group_id, is_active=True)
        return users.distinct()

    def users_with_permission_for_instance(self, action, instance):
        return self.users_with_any_permission_for_instance([action], instance)


venue_permission_policy = VenuePermissionPolicy()


def can_confirm_import(user, pending: PendingImport) -> bool:
    """Confirm a previewed import: only the person who uploaded the file, while they may
    still import."""
    return pending.user_id == user.pk and can_import(user)


def can_view_import_job(user, job) -> bool:
    """An import job's progress, result and rejected rows: only whoever started it, while
    they may still import (its rows name venues of their hub)."""
    return job.user_id == user.pk and can_import(user)
