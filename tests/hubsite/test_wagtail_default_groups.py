"""Wagtail's default "Editors" and "Moderators" groups, with rights on every hub, are gone."""

import io

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from hubsite.roles import WAGTAIL_DEFAULT_GROUPS
from hubsite.services import sync_roles
from tests.factories import HubFactory, UserFactory


def recreate_wagtail_default_groups():
    """The groups as Wagtail's initial migrations make them: rights on the root page and the
    root collection, hence on every hub's section and media."""
    for name in ("Editors", "Moderators"):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=Page.get_first_root_node(),
                permission=Permission.objects.get(codename=codename),
            )
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(codename="change_image"),
        )


def test_the_wagtail_default_groups_are_names_of_wagtail():
    assert set(WAGTAIL_DEFAULT_GROUPS) == {"Editors", "Moderators"}


def test_a_migrated_database_has_no_wagtail_default_groups(db):
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_sync_roles_removes_the_wagtail_default_groups(home):
    recreate_wagtail_default_groups()
    sync_roles()
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert (
        not GroupPagePermission.objects.filter(page=Page.get_first_root_node())
        .exclude(group__name="Équipe nationale")
        .exists()
    )


def test_setup_portal_removes_the_wagtail_default_groups(db):
    recreate_wagtail_default_groups()
    call_command("setup_portal", stdout=io.StringIO())
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_a_former_editor_reaches_no_hub(client, home):
    hub = HubFactory(name="Hub Bretagne", slug="bretagne")
    recreate_wagtail_default_groups()
    editor = UserFactory(groups=[Group.objects.get(name="Editors")])
    sync_roles()
    editor.refresh_from_db()
    assert not hub.page.permissions_for_user(editor).can_edit()
    client.force_login(editor)
    assert client.get(f"/admin/pages/{hub.page.pk}/edit/").status_code in (302, 403)
