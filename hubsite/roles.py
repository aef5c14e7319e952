"""The portal's roles. A role is a Django group; a hub coordinator is in the hub's own group.

What each role may do is declared here; ``hubsite.services.sync_roles`` writes it into the
groups. Later apps add the permissions their roles need through the
``maillage_role_permissions`` Wagtail hook: a callable returning
``{role: ["app_label.codename", ...]}`` where ``role`` is one of the group names below or
``HUB_COORDINATORS`` (applied to every hub's own group). A role without a hub (mediators)
gets media rights on a collection of its own through ``maillage_role_collections``:
``{role: {collection name: ["wagtailimages.add_image", ...]}}``.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NATIONAL_TEAM = "Équipe nationale"
MEDIATORS = "Médiateurs"
FUNDER_REVIEWERS = "Relecteurs Banque des territoires"
# Created by Wagtail's initial migrations with rights on the whole page tree and every
# collection, hence on every hub: the portal's roles replace them, and sync_roles deletes them.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")
# Not a group name: the key under which permissions for every hub's own group are declared.
HUB_COORDINATORS = "hub-coordinators"

ROLE_LABELS = {
    NATIONAL_TEAM: _("Équipe nationale"),
    MEDIATORS: _("Médiateur ou médiatrice"),
    FUNDER_REVIEWERS: _("Relecteur ou relectrice (Banque des territoires)"),
    HUB_COORDINATORS: _("Coordination d'un hub"),
}

# Apps whose every model permission the national team holds.
NATIONAL_APPS = ("hubsite", "directory", "projects", "funding")
# Further model permissions of the national team: user management, sites, redirects,
# workflows. Pages, images, documents and collections are granted on the root page and the
# root collection instead, which is how Wagtail checks them.
NATIONAL_EXTRA_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.view_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
    "auth.view_group",
    "wagtailcore.add_site",
    "wagtailcore.change_site",
    "wagtailcore.delete_site",
    "wagtailcore.view_site",
    "wagtailcore.add_workflow",
    "wagtailcore.change_workflow",
    "wagtailcore.delete_workflow",
    "wagtailcore.add_task",
    "wagtailcore.change_task",
    "wagtailcore.delete_task",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
)
# Wagtail's page permissions (``wagtail.models.PAGE_PERMISSION_TYPES``), given on the root
# page to the national team and on its hub page to a hub's group.
PAGE_PERMISSIONS = (
    "add_page",
    "bulk_delete_page",
    "change_page",
    "lock_page",
    "publish_page",
    "unlock_page",
)
MEDIA_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.delete_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
    "wagtaildocs.choose_document",
)
COLLECTION_MANAGEMENT_PERMISSIONS = (
    "wagtailcore.add_collection",
    "wagtailcore.change_collection",
    "wagtailcore.delete_collection",
)
# Model permissions of a hub's group; its pages and media are scoped by page and
# collection permissions, its hub by ``hubsite.permissions``.
COORDINATOR_PERMISSIONS = ("wagtailadmin.access_admin",)


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


def national_users():
    """The active members of the national team, superusers included."""
    return get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=NATIONAL_TEAM), is_active=True
    )


def is_mediator(user) -> bool:
    return _in_group(user, MEDIATORS)


def is_funder_reviewer(user) -> bool:
    return _in_group(user, FUNDER_REVIEWERS)


def role_group(name: str) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    return group
