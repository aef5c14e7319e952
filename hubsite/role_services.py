"""Role services: each role's Wagtail group and permissions, written from ``hubsite.roles``."""

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from hubsite.models import Hub
from hubsite.roles import (
    COLLECTION_MANAGEMENT_PERMISSIONS,
    COORDINATOR_PERMISSIONS,
    FUNDER_REVIEWERS,
    HUB_COORDINATORS,
    MEDIA_PERMISSIONS,
    MEDIATORS,
    NATIONAL_APPS,
    NATIONAL_EXTRA_PERMISSIONS,
    NATIONAL_TEAM,
    PAGE_PERMISSIONS,
    WAGTAIL_DEFAULT_GROUPS,
    role_group,
)


def _permissions(names: Iterable) -> list[Permission]:
    """Permissions from ``"app_label.codename"`` strings or ``(app_label, codename)`` pairs."""
    pairs = {tuple(name.split(".", 1)) if isinstance(name, str) else tuple(name) for name in names}
    if not pairs:
        return []
    query = Q()
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(query).select_related("content_type"))
    found = {(p.content_type.app_label, p.codename) for p in permissions}
    if missing := pairs - found:
        raise LookupError(f"Unknown permissions: {sorted(missing)}")
    return permissions


def _declared_permissions(role: str) -> list[str]:
    declared = []
    for provider in hooks.get_hooks("maillage_role_permissions"):
        declared.extend(provider().get(role, ()))
    return declared


def _declared_collections(role: str) -> dict[str, list[str]]:
    """{collection name: permissions} the apps give ``role`` on a collection of its own
    (hook ``maillage_role_collections``): media of people who have no hub."""
    declared: dict[str, list[str]] = {}
    for provider in hooks.get_hooks("maillage_role_collections"):
        for name, permissions in provider().get(role, {}).items():
            declared.setdefault(name, []).extend(permissions)
    return declared


def role_collection(name: str) -> Collection | None:
    """The collection of that name under the root, created if missing."""
    root = Collection.get_first_root_node()
    if root is None:
        return None
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(instance=Collection(name=name))


def national_team_permissions() -> list[Permission]:
    """Every model permission the national team needs to run the portal."""
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.snippets.models import get_snippet_models

    installed = {config.label for config in apps.get_app_configs()}
    models = [
        model
        for app_label in NATIONAL_APPS
        if app_label in installed
        for model in apps.get_app_config(app_label).get_models()
    ]
    models += [*get_snippet_models(), *settings_registry]
    query = Q(pk__in=[])
    for model in {m._meta.concrete_model for m in models}:
        query |= Q(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        )
    permissions = set(Permission.objects.filter(query))
    permissions.update(_permissions(NATIONAL_EXTRA_PERMISSIONS))
    permissions.update(_permissions(_declared_permissions(NATIONAL_TEAM)))
    return sorted(permissions, key=lambda p: p.pk)


def _page_permissions() -> list[Permission]:
    return _permissions(f"wagtailcore.{codename}" for codename in PAGE_PERMISSIONS)


def _grant_page_permissions(group: Group, page: Page, *, exclusive: bool) -> None:
    permissions = _page_permissions()
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    if exclusive:
        GroupPagePermission.objects.filter(group=group).exclude(
            page=page, permission__in=permissions
        ).delete()


def grant_collection_permissions(
    group: Group, collection: Collection, names: Iterable[str], *, exclusive: bool
) -> None:
    """Give ``group`` these permissions on ``collection``; ``exclusive``: and no other
    collection permission anywhere."""
    permissions = _permissions(names)
    for permission in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )
    if exclusive:
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=collection, permission__in=permissions
        ).delete()


def grant_coordinator_permissions(hub: Hub) -> None:
    """Give the hub's group page rights on its subtree and media rights on its collection.

    The group's page and collection permissions are made exactly these, so that a group
    never keeps rights on another hub's pages or media.
    """
    group = hub.group
    group.permissions.add(
        *_permissions([*COORDINATOR_PERMISSIONS, *_declared_permissions(HUB_COORDINATORS)])
    )
    _grant_page_permissions(group, hub.page, exclusive=True)
    grant_collection_permissions(group, hub.collection, MEDIA_PERMISSIONS, exclusive=True)


@transaction.atomic
def sync_roles() -> dict[str, Group]:
    """Create or update every role's group and permissions; running it twice changes nothing.

    Permissions are added, never removed, except a hub group's page and collection
    permissions, which are kept to exactly its own section and collection. Wagtail's default
    groups, whose rights span every hub, are deleted.
    """
    remove_wagtail_default_groups()
    groups = {}
    national = groups[NATIONAL_TEAM] = role_group(NATIONAL_TEAM)
    national.permissions.add(*national_team_permissions())
    root_page = Page.get_first_root_node()
    if root_page is not None:
        _grant_page_permissions(national, root_page, exclusive=False)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        grant_collection_permissions(
            national,
            root_collection,
            [*MEDIA_PERMISSIONS, *COLLECTION_MANAGEMENT_PERMISSIONS],
            exclusive=False,
        )
    for name in (MEDIATORS, FUNDER_REVIEWERS):
        group = groups[name] = role_group(name)
        group.permissions.add(*_permissions(_declared_permissions(name)))
        for collection_name, names in _declared_collections(name).items():
            collection = role_collection(collection_name)
            if collection is not None:
                grant_collection_permissions(group, collection, names, exclusive=False)
    for hub in Hub.objects.select_related("group", "collection", "page"):
        if hub.group_id and hub.collection_id and getattr(hub, "page", None) is not None:
            grant_coordinator_permissions(hub)
    return groups


def remove_wagtail_default_groups() -> None:
    """Delete Wagtail's "Editors" and "Moderators", so that joining them opens no hub."""
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()
