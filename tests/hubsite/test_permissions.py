"""Roles and their permissions, and the hub admin as each role sees it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.html import escape
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from hubsite.models import Departement, Hub, HubPage
from hubsite.permissions import (
    can_change_hub_territory,
    can_coordinate,
    can_delete_hub,
    can_edit_hub,
    can_manage_hubs,
    can_restructure_page,
    hub_permission_policy,
)
from hubsite.roles import (
    FUNDER_REVIEWERS,
    MEDIATORS,
    NATIONAL_TEAM,
    PAGE_PERMISSIONS,
    coordinators_group_name,
    is_national,
)
from hubsite.services import sync_roles
from tests.factories import DepartementFactory, HubFactory, UserFactory, add_news


def role_state():
    return (
        sorted(Group.objects.values_list("name", flat=True)),
        sorted(Group.permissions.through.objects.values_list("group_id", "permission_id")),
        sorted(GroupPagePermission.objects.values_list("group_id", "page_id", "permission_id")),
        sorted(
            GroupCollectionPermission.objects.values_list(
                "group_id", "collection_id", "permission_id"
            )
        ),
    )


@pytest.fixture
def hubs(home):
    return (
        HubFactory(name="Hub Ouest", slug="ouest"),
        HubFactory(name="Hub Est", slug="est"),
    )


@pytest.fixture
def national(hubs):
    return UserFactory(username="nationale", groups=[Group.objects.get(name=NATIONAL_TEAM)])


def admin_client(client, user):
    client.force_login(user)
    return client


def test_sync_roles_is_idempotent(hubs):
    sync_roles()
    first = role_state()
    sync_roles()
    assert role_state() == first
    assert {NATIONAL_TEAM, MEDIATORS, FUNDER_REVIEWERS} <= set(first[0])


def test_national_team_holds_what_running_the_portal_needs(hubs):
    national = Group.objects.get(name=NATIONAL_TEAM)
    root_page = Page.get_first_root_node()
    assert set(
        GroupPagePermission.objects.filter(group=national, page=root_page).values_list(
            "permission__codename", flat=True
        )
    ) == set(PAGE_PERMISSIONS)
    collection_codenames = set(
        GroupCollectionPermission.objects.filter(
            group=national, collection=Collection.get_first_root_node()
        ).values_list("permission__codename", flat=True)
    )
    assert {
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
        "add_collection",
        "change_collection",
        "delete_collection",
    } <= collection_codenames
    held = {
        f"{app}.{codename}"
        for app, codename in national.permissions.values_list("content_type__app_label", "codename")
    }
    expected_apps = {"hubsite", "directory"}
    for permission in Permission.objects.filter(content_type__app_label__in=expected_apps):
        assert f"{permission.content_type.app_label}.{permission.codename}" in held
    assert {
        "wagtailadmin.access_admin",
        "auth.add_user",
        "auth.change_user",
        "auth.change_group",
        "wagtailcore.change_site",
        "wagtailredirects.change_redirect",
    } <= held


def test_mediators_and_funder_reviewers_reach_the_admin_and_hold_no_model_right(hubs):
    # Both get into the admin (projects declares it); their objects' rights are the
    # projects' permission policies' and views', never a model permission or a page.
    expected = {MEDIATORS: {"access_admin"}, FUNDER_REVIEWERS: {"access_admin"}}
    for name in (MEDIATORS, FUNDER_REVIEWERS):
        group = Group.objects.get(name=name)
        assert set(group.permissions.values_list("codename", flat=True)) == expected[name]
        assert not GroupPagePermission.objects.filter(group=group).exists()


def test_later_apps_declare_role_permissions_through_a_hook(hubs):
    def declare():
        return {MEDIATORS: ["directory.change_venue"], "hub-coordinators": ["hubsite.view_hub"]}

    with hooks.register_temporarily("maillage_role_permissions", declare):
        sync_roles()
    assert Group.objects.get(name=MEDIATORS).permissions.filter(codename="change_venue").exists()
    for hub in hubs:
        assert hub.group.permissions.filter(codename="view_hub").exists()


def test_sync_roles_repairs_hub_groups_and_drops_rights_on_other_hubs(hubs):
    west, east = hubs
    GroupPagePermission.objects.filter(group=west.group).delete()
    stray = GroupPagePermission.objects.create(
        group=west.group,
        page=east.page,
        permission=Permission.objects.get(codename="change_page"),
    )
    GroupCollectionPermission.objects.create(
        group=west.group,
        collection=east.collection,
        permission=Permission.objects.get(codename="change_image"),
    )
    sync_roles()
    assert not GroupPagePermission.objects.filter(pk=stray.pk).exists()
    assert set(
        GroupPagePermission.objects.filter(group=west.group).values_list("page_id", flat=True)
    ) == {west.page.pk}
    assert set(
        GroupCollectionPermission.objects.filter(group=west.group).values_list(
            "collection_id", flat=True
        )
    ) == {west.collection_id}


def test_permission_rules_by_role(hubs, national):
    west, east = hubs
    coordinator = UserFactory(groups=[west.group])
    superuser = UserFactory(is_superuser=True)
    outsider = UserFactory()

    assert is_national(national) and is_national(superuser)
    assert not is_national(coordinator)
    for user in (national, superuser):
        assert can_manage_hubs(user) and can_delete_hub(user, east)
        assert can_coordinate(user, east) and can_change_hub_territory(user, east)
    assert can_coordinate(coordinator, west) and can_edit_hub(coordinator, west)
    assert not can_coordinate(coordinator, east) and not can_edit_hub(coordinator, east)
    assert not can_manage_hubs(coordinator) and not can_delete_hub(coordinator, west)
    assert not can_change_hub_territory(coordinator, west)
    assert not can_coordinate(outsider, west) and not can_coordinate(outsider, None)


def test_hub_permission_policy_scopes_coordinators(hubs, national):
    west, east = hubs
    coordinator = UserFactory(groups=[west.group])
    policy = hub_permission_policy
    assert policy.user_has_permission(coordinator, "change")
    assert not policy.user_has_permission(coordinator, "add")
    assert not policy.user_has_permission(coordinator, "delete")
    assert policy.user_has_permission_for_instance(coordinator, "change", west)
    assert not policy.user_has_permission_for_instance(coordinator, "change", east)
    assert list(policy.instances_user_has_any_permission_for(coordinator, ["change"])) == [west]
    assert not policy.instances_user_has_any_permission_for(coordinator, ["delete"]).exists()
    assert set(policy.instances_user_has_any_permission_for(national, ["delete"])) == set(hubs)
    assert set(policy.users_with_any_permission_for_instance(["change"], west)) == {
        coordinator,
        national,
    }
    assert not policy.user_has_permission(UserFactory(), "change")


def test_coordinator_of_several_hubs_edits_each_of_them(client, hubs):
    west, east = hubs
    third = HubFactory(name="Hub Sud", slug="sud")
    coordinator = UserFactory(groups=[west.group, east.group])
    client = admin_client(client, coordinator)
    listing = client.get(reverse("hubs:index")).content.decode()
    assert "Hub Ouest" in listing and "Hub Est" in listing and "Hub Sud" not in listing
    for hub in hubs:
        assert client.get(reverse("hubs:edit", args=(hub.pk,))).status_code == 200
        assert (
            client.get(reverse("wagtailadmin_pages:edit", args=(hub.page.pk,))).status_code == 200
        )
    assert client.get(reverse("hubs:edit", args=(third.pk,))).status_code == 404
    assert client.get(reverse("wagtailadmin_pages:edit", args=(third.page.pk,))).status_code != 200


def hub_form_data(**overrides):
    data = {
        "name": "Hub Loire",
        "slug": "loire",
        "presentation": "Le hub des Pays de la Loire.",
        "contact_email": "contact@loire.example",
        "contact_phone": "",
        "address": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_national_team_creates_a_hub_in_the_admin(client, national):
    first, second = DepartementFactory(), DepartementFactory()
    client = admin_client(client, national)
    assert client.get(reverse("hubs:add")).status_code == 200
    response = client.post(reverse("hubs:add"), hub_form_data(departements=[first.pk, second.pk]))
    assert response.status_code == 302
    hub = Hub.objects.get(slug="loire")
    assert set(hub.departements.all()) == {first, second}
    assert HubPage.objects.get(hub=hub).url == "/loire/"
    assert hub.group.name == coordinators_group_name("Hub Loire")
    assert hub.collection.name == "Hub Loire"
    assert GroupPagePermission.objects.filter(group=hub.group, page=hub.page).exists()


def test_hub_admin_form_says_how_many_departements(client, national):
    client = admin_client(client, national)
    response = client.post(
        reverse("hubs:add"), hub_form_data(departements=[DepartementFactory().pk])
    )
    assert response.status_code == 200
    assert "Un hub couvre de 2 à 5 départements (1 choisis)." in response.content.decode()
    assert not Hub.objects.filter(slug="loire").exists()


def test_hub_admin_form_names_the_hub_holding_a_departement(client, hubs, national):
    west, _east = hubs
    taken = west.departements.first()
    client = admin_client(client, national)
    response = client.post(
        reverse("hubs:add"), hub_form_data(departements=[taken.pk, DepartementFactory().pk])
    )
    assert response.status_code == 200
    # As the page shows it, escaped: a random département name may hold an apostrophe.
    assert escape(f"{taken} appartient déjà au hub Hub Ouest.") in response.content.decode()
    assert not Hub.objects.filter(slug="loire").exists()


def test_national_team_changes_a_hubs_departements_in_the_admin(client, hubs, national):
    west, _east = hubs
    kept, dropped = west.departements.order_by("code")
    added = DepartementFactory()
    client = admin_client(client, national)
    data = hub_form_data(name=west.name, slug=west.slug, departements=[kept.pk, added.pk])
    response = client.post(reverse("hubs:edit", args=(west.pk,)), data)
    assert response.status_code == 302
    assert set(west.departements.all()) == {kept, added}
    assert Departement.objects.get(pk=dropped.pk).hub is None


def test_coordinator_edits_presentation_but_not_slug_or_departements(client, hubs):
    west, _east = hubs
    coordinator = UserFactory(groups=[west.group])
    client = admin_client(client, coordinator)
    form = client.get(reverse("hubs:edit", args=(west.pk,))).context["form"]
    assert "departements" not in form.fields and "slug" not in form.fields
    assert "name" not in form.fields and "presentation" in form.fields
    departements = set(west.departements.all())
    data = hub_form_data(
        name="Renommé",
        slug="ailleurs",
        presentation="Présentation du hub.",
        departements=[DepartementFactory().pk, DepartementFactory().pk],
    )
    response = client.post(reverse("hubs:edit", args=(west.pk,)), data)
    assert response.status_code == 302
    west.refresh_from_db()
    assert west.presentation == "Présentation du hub."
    assert (west.name, west.slug) == ("Hub Ouest", "ouest")
    assert set(west.departements.all()) == departements


def test_deleting_a_hub_with_content_is_refused_with_what_it_holds(client, hubs, national):
    west, _east = hubs
    add_news(west, title="Toujours là")
    client = admin_client(client, national)
    page = client.get(reverse("hubs:delete", args=(west.pk,)), follow=True).content.decode()
    assert "ne peut pas être supprimé" in page
    response = client.post(reverse("hubs:delete", args=(west.pk,)), follow=True)
    assert "1 page(s)" in response.content.decode()
    assert Hub.objects.filter(pk=west.pk).exists()


def test_national_team_deletes_an_empty_hub_with_its_section(client, hubs, national):
    west, _east = hubs
    page_pk, group_pk, collection_pk = west.page.pk, west.group_id, west.collection_id
    client = admin_client(client, national)
    response = client.post(reverse("hubs:delete", args=(west.pk,)))
    assert response.status_code == 302
    assert not Hub.objects.filter(pk=west.pk).exists()
    assert not Page.objects.filter(pk=page_pk).exists()
    assert not Group.objects.filter(pk=group_pk).exists()
    assert not Collection.objects.filter(pk=collection_pk).exists()


def test_a_hubs_collection_cannot_be_deleted_on_its_own(client, hubs, national):
    west, _east = hubs
    client = admin_client(client, national)
    url = reverse("wagtailadmin_collections:delete", args=(west.collection_id,))
    assert "Hub Ouest" in client.get(url).content.decode()
    assert client.post(url).status_code == 403
    assert Collection.objects.filter(pk=west.collection_id).exists()


def test_national_team_edits_any_hubs_pages_and_media(client, hubs, national, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    _west, east = hubs
    document = get_document_model().objects.create(
        title="Note", file=ContentFile(b"note", name="note.txt"), collection=east.collection
    )
    client = admin_client(client, national)
    assert client.get(reverse("wagtailadmin_pages:edit", args=(east.page.pk,))).status_code == 200
    assert client.get(reverse("wagtaildocs:edit", args=(document.pk,))).status_code == 200
    assert client.get(reverse("hubs:edit", args=(east.pk,))).status_code == 200
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200


@pytest.mark.parametrize("which", ["hub_page", "news_index"])
def test_coordinator_cannot_delete_move_or_unpublish_their_hubs_structure(client, hubs, which):
    west, _east = hubs
    page = west.page if which == "hub_page" else west.page.get_children().get(slug="actualites")
    coordinator = UserFactory(groups=[west.group])
    assert not can_restructure_page(coordinator, page)
    client = admin_client(client, coordinator)
    for name in ("delete", "unpublish"):
        response = client.post(reverse(f"wagtailadmin_pages:{name}", args=(page.pk,)))
        # Wagtail answers a refused page action with a redirect to the admin home.
        assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    client.post(f"{bulk}?id={page.pk}")
    page.refresh_from_db()
    assert page.live


def test_coordinator_deletes_their_own_articles(client, hubs):
    west, _east = hubs
    news = add_news(west, title="À retirer")
    coordinator = UserFactory(groups=[west.group])
    assert can_restructure_page(coordinator, news)
    client = admin_client(client, coordinator)
    response = client.post(reverse("wagtailadmin_pages:delete", args=(news.pk,)))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=news.pk).exists()


def test_national_team_may_unpublish_a_hub_page(client, hubs, national):
    west, _east = hubs
    assert can_restructure_page(national, west.page)
    client = admin_client(client, national)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=(west.page.pk,)))
    assert response.status_code == 302
    west.page.refresh_from_db()
    assert not west.page.live
