"""A hub's page and its news and events listings stay in place, whatever path is taken.

Coordinators are refused deleting, unpublishing, moving or copying them through the admin
views, the admin API actions and the bulk actions; code with no user cannot delete or
unpublish them either: they go only with their hub (``hubsite.services.delete_hub``).
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from hubsite.models import HubPage
from hubsite.models.structure import hub_section_removal
from hubsite.services import delete_hub
from tests.factories import HubFactory, UserFactory, add_news, add_standard_page

STRUCTURE = ("hub_page", "news_index", "event_index")


@pytest.fixture
def coordinator(hub):
    """Of this module's one hub, not of the shared ``hub_a``."""
    return UserFactory(groups=[hub.group])


def structure_page(hub, which) -> Page:
    if which == "hub_page":
        return Page.objects.get(pk=hub.page.pk)
    slug = {"news_index": "actualites", "event_index": "evenements"}[which]
    return hub.page.get_children().get(slug=slug)


def page_state(pk):
    page = Page.objects.filter(pk=pk).first()
    if page is None:
        return None
    return (page.live, page.path, page.url_path, page.title)


def logged_in(client, user):
    client.force_login(user)
    return client


def api_action(pk, action):
    return reverse("wagtailadmin_api:pages:action", args=(pk, action))


def api_data(hub, action):
    if action == "move":
        # A move to the end of its own parent: no page-type rule forbids it.
        return {"destination_page_id": hub.page.pk, "position": "last-child"}
    if action == "copy":
        return {"destination_page_id": hub.page.pk, "slug": "copie", "title": "Copie"}
    if action == "create_alias":
        return {"destination_page_id": hub.page.pk, "update_slug": "alias"}
    return {}


@pytest.mark.parametrize("which", STRUCTURE)
@pytest.mark.parametrize("action", ["unpublish", "delete", "move", "copy", "create_alias"])
def test_coordinator_cannot_restructure_their_hub_through_the_admin_api(
    client, hub, coordinator, which, action
):
    page = structure_page(hub, which)
    before, pages = page_state(page.pk), Page.objects.count()
    response = logged_in(client, coordinator).post(
        api_action(page.pk, action), api_data(hub, action), content_type="application/json"
    )
    assert response.status_code in (400, 403), response.status_code
    assert page_state(page.pk) == before
    assert Page.objects.count() == pages


def test_the_issues_sequence_leaves_the_hub_section_served(client, hub, coordinator):
    client = logged_in(client, coordinator)
    news_index = structure_page(hub, "news_index")
    client.post(api_action(hub.page.pk, "unpublish"), {}, content_type="application/json")
    client.post(api_action(news_index.pk, "delete"), {}, content_type="application/json")
    client.post(api_action(hub.page.pk, "delete"), {}, content_type="application/json")
    client.logout()
    assert client.get("/bretagne/").status_code == 200
    assert client.get("/bretagne/actualites/").status_code == 200
    assert HubPage.objects.filter(hub=hub).exists()


def test_coordinator_still_deletes_and_unpublishes_their_own_pages_through_the_api(
    client, hub, coordinator
):
    news = add_news(hub, title="À retirer")
    free = add_standard_page(hub.page, title="Page libre", slug="libre")
    client = logged_in(client, coordinator)
    response = client.post(api_action(free.pk, "unpublish"), {}, content_type="application/json")
    assert response.status_code == 200
    assert not Page.objects.get(pk=free.pk).live
    response = client.post(api_action(news.pk, "delete"), {}, content_type="application/json")
    assert response.status_code == 204
    assert not Page.objects.filter(pk=news.pk).exists()


@pytest.mark.parametrize("which", STRUCTURE)
def test_coordinators_page_permissions_refuse_restructuring(hub, coordinator, which):
    page = structure_page(hub, which)
    permissions = page.permissions_for_user(coordinator)
    assert permissions.can_edit()
    assert not permissions.can_delete()
    assert not permissions.can_unpublish()
    assert not permissions.can_move()
    assert not permissions.can_copy()


@pytest.mark.parametrize("which", STRUCTURE)
@pytest.mark.parametrize("action", ["delete", "unpublish", "move"])
def test_coordinator_cannot_restructure_their_hub_through_bulk_actions(
    client, hub, coordinator, which, action
):
    page = structure_page(hub, which)
    free = add_standard_page(hub.page, title="Boîte", slug="boite")
    before = page_state(page.pk)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))
    data = {"chooser": free.pk} if action == "move" else {}
    logged_in(client, coordinator).post(f"{url}?id={page.pk}", data)
    assert page_state(page.pk) == before


@pytest.mark.parametrize("which", STRUCTURE)
def test_a_hubs_structure_cannot_be_deleted_by_code_with_no_user(hub, which):
    page = structure_page(hub, which)
    # Each in its own savepoint: a refusal from the deletion collector breaks the transaction.
    with pytest.raises(PermissionDenied), transaction.atomic():
        page.delete()
    with pytest.raises(PermissionDenied), transaction.atomic():
        page.specific.delete()
    assert Page.objects.filter(pk=page.pk).exists()


def test_deleting_the_home_page_cannot_take_the_hubs_with_it(hub):
    with pytest.raises(PermissionDenied), transaction.atomic():
        Page.objects.filter(pk=hub.page.get_parent().pk).delete()
    assert HubPage.objects.filter(hub=hub).exists()


@pytest.mark.parametrize("which", STRUCTURE)
def test_a_hubs_structure_cannot_be_unpublished_by_code_with_no_user(hub, which):
    page = structure_page(hub, which)
    with pytest.raises(PermissionDenied):
        page.specific.unpublish()
    assert Page.objects.get(pk=page.pk).live


def test_national_team_unpublishes_a_hub_page_by_code_naming_themselves(hub, national):
    page = hub.page
    page.unpublish(user=national)
    assert not Page.objects.get(pk=page.pk).live


def test_national_team_does_not_delete_a_hub_page_without_its_hub(client, hub, national):
    permissions = hub.page.permissions_for_user(national)
    assert not permissions.can_delete()
    assert permissions.can_unpublish()
    response = logged_in(client, national).post(
        api_action(hub.page.pk, "delete"), {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert HubPage.objects.filter(hub=hub).exists()


def test_delete_hub_still_removes_the_whole_section(hub, national):
    page_pks = list(
        Page.objects.descendant_of(hub.page, inclusive=True).values_list("pk", flat=True)
    )
    delete_hub(hub=hub, user=national)
    assert not Page.objects.filter(pk__in=page_pks).exists()


def test_a_free_page_of_a_hub_is_deleted_by_code_as_before(hub):
    free = add_standard_page(hub.page, title="Page libre", slug="libre")
    add_standard_page(free, title="Sous-page", slug="sous-page")
    free.delete()
    assert not Page.objects.filter(pk=free.pk).exists()


@pytest.mark.parametrize("which", STRUCTURE)
def test_a_hubs_structure_cannot_be_scheduled_to_expire(hub, which):
    # The scheduler unpublishes expired pages with no user to ask.
    page = structure_page(hub, which).specific
    page.expire_at = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "expire_at" in error.value.message_dict


def test_national_team_cannot_delete_a_hub_page_through_the_page_admin(client, hub, national):
    client = logged_in(client, national)
    response = client.post(reverse("wagtailadmin_pages:delete", args=(hub.page.pk,)))
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    assert HubPage.objects.filter(hub=hub).exists()


@pytest.fixture
def aliased_listing(hub, national):
    """Another hub whose news listing is an alias of the first hub's: a structure alias."""
    other = HubFactory(name="Hub Loire", slug="loire")
    with hub_section_removal(), transaction.atomic():
        structure_page(other, "news_index").delete()
    alias = structure_page(hub, "news_index").specific.create_alias(
        parent=other.page, update_slug="actualites", user=national
    )
    return other, alias


def test_coordinator_cannot_convert_an_alias_in_their_hubs_structure(client, aliased_listing):
    other, alias = aliased_listing
    coordinator = UserFactory(groups=[other.group])
    client = logged_in(client, coordinator)
    response = client.post(
        api_action(alias.pk, "convert_alias"), {}, content_type="application/json"
    )
    assert response.status_code == 403
    response = client.post(reverse("wagtailadmin_pages:convert_alias", args=(alias.pk,)))
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    assert Page.objects.get(pk=alias.pk).alias_of_id is not None


def test_national_team_converts_an_alias_in_a_hubs_structure(client, aliased_listing, national):
    _other, alias = aliased_listing
    response = logged_in(client, national).post(
        api_action(alias.pk, "convert_alias"), {}, content_type="application/json"
    )
    assert response.status_code == 200
    assert Page.objects.get(pk=alias.pk).alias_of_id is None


def test_nobody_copies_a_hub_page_which_comes_only_with_its_hub(client, hub, national):
    assert not hub.page.permissions_for_user(national).can_copy()
    pages = Page.objects.count()
    response = logged_in(client, national).post(
        api_action(hub.page.pk, "copy"),
        {"destination_page_id": hub.page.get_parent().pk, "slug": "copie"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Page.objects.count() == pages


@pytest.mark.parametrize("which", STRUCTURE)
def test_coordinator_cannot_make_their_hubs_structure_private(client, hub, coordinator, which):
    page = structure_page(hub, which)
    assert not page.permissions_for_user(coordinator).can_set_view_restrictions()
    url = reverse("wagtailadmin_pages:set_privacy", args=(page.pk,))
    response = logged_in(client, coordinator).post(url, {"restriction_type": "login"})
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    assert not PageViewRestriction.objects.filter(page=page).exists()
    client.logout()
    assert client.get(page.url).status_code == 200
