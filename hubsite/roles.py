"""The portal's roles. A role is a Django group; a hub coordinator is in the hub's own group."""

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

NATIONAL_TEAM = "Équipe nationale"
MEDIATORS = "Médiateurs"
FUNDER_REVIEWERS = "Relecteurs Banque des territoires"

ROLE_LABELS = {
    NATIONAL_TEAM: _("Équipe nationale"),
    MEDIATORS: _("Médiateur ou médiatrice"),
    FUNDER_REVIEWERS: _("Relecteur ou relectrice (Banque des territoires)"),
}


def coordinators_group_name(hub_name: str) -> str:
    return f"Coordination — {hub_name}"


def _in_group(user, name: str) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_maillage_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._maillage_group_names = cache
    return name in cache


def is_national(user) -> bool:
    """The national team sees and edits everything, like a superuser."""
    return user.is_authenticated and (user.is_superuser or _in_group(user, NATIONAL_TEAM))


def is_mediator(user) -> bool:
    return _in_group(user, MEDIATORS)


def is_funder_reviewer(user) -> bool:
    return _in_group(user, FUNDER_REVIEWERS)


def role_group(name: str) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    return group
