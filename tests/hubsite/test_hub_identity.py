"""A hub's page bears its hub's name and address, which only the hub admin changes.

Neither a coordinator nor the national team can give the page another title or slug through
the page form, a forged POST, a revert to an older revision or a publication of one; a new
name or slug given to the hub (``update_hub``) is carried to the page.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from hubsite.models import HubPage
from hubsite.services import update_hub
from tests.factories import UserFactory

# Wagtail draws StreamFields with JavaScript: their inputs are not in the HTML.
EMPTY_BODY = nested_form_data({"body": streamfield([])})


@pytest.fixture
def coordinator(hub):
    """Of this module's one hub, not of the shared ``hub_a``."""
    return UserFactory(groups=[hub.group])


def logged_in(client, user):
    client.force_login(user)
    return client


def edit_url(hub):
    return reverse("wagtailadmin_pages:edit", args=(hub.page.pk,))


def edit_form(client, hub) -> tuple[str, dict]:
    response = client.get(edit_url(hub))
    assert response.status_code == 200
    html = response.content.decode()
    return html, querydict_from_html(html, form_id="page-edit-form").dict()


def identity(hub):
    page = HubPage.objects.get(hub=hub)
    return page.title, page.draft_title, page.slug, page.url_path


@pytest.mark.parametrize("role", ["coordinator", "national"])
def test_the_hub_page_form_does_not_offer_title_or_slug(client, hub, role, request):
    client = logged_in(client, request.getfixturevalue(role))
    html, data = edit_form(client, hub)
    assert "title" not in data
    assert "slug" not in data
    assert "Hub Bretagne" in html  # shown, read-only


@pytest.mark.parametrize("role", ["coordinator", "national"])
@pytest.mark.parametrize("slug", ["lieux", "pirate"])
def test_a_forged_post_does_not_change_the_hub_pages_title_or_slug(
    client, hub, role, slug, request
):
    client = logged_in(client, request.getfixturevalue(role))
    before = identity(hub)
    _html, data = edit_form(client, hub)
    data.update(EMPTY_BODY, title="Hub pirate", slug=slug, intro="Nouveau chapô")
    data["action-publish"] = "action-publish"
    response = client.post(edit_url(hub), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = HubPage.objects.get(hub=hub)
    assert page.intro == "Nouveau chapô"  # the rest of the form was saved and published
    assert identity(hub) == before
    client.logout()
    assert client.get("/bretagne/").status_code == 200
    assert client.get("/lieux/").status_code == 200
    assert client.get(f"/{slug}/").status_code in (200, 404)
    assert b"Hub pirate" not in client.get("/bretagne/").content


def test_code_cannot_make_the_hub_page_diverge_from_its_hub(hub):
    page = HubPage.objects.get(hub=hub)
    page.title, page.slug = "Autre nom", "autre"
    page.save()
    assert identity(hub)[0::2] == ("Hub Bretagne", "bretagne")
    page.title, page.slug = "Autre nom", "autre"
    page.save_revision().publish()
    assert identity(hub) == ("Hub Bretagne", "Hub Bretagne", "bretagne", "/accueil/bretagne/")


def test_renaming_the_hub_renames_its_page(hub):
    update_hub(hub=hub, name="Bretagne numérique", slug="bzh")
    assert identity(hub) == ("Bretagne numérique", "Bretagne numérique", "bzh", "/accueil/bzh/")
    page = HubPage.objects.get(hub=hub)
    assert page.get_latest_revision_as_object().title == "Bretagne numérique"


def test_reverting_to_an_older_revision_keeps_the_hubs_identity(client, hub, coordinator):
    first_revision = HubPage.objects.get(hub=hub).latest_revision_id
    update_hub(hub=hub, name="Bretagne numérique", slug="bzh")
    client = logged_in(client, coordinator)
    response = client.post(
        reverse("wagtailadmin_api:pages:action", args=(hub.page.pk, "revert_to_page_revision")),
        {"revision_id": first_revision},
        content_type="application/json",
    )
    assert response.status_code == 200
    page = HubPage.objects.get(hub=hub)
    page.get_latest_revision().publish()
    assert identity(hub) == ("Bretagne numérique", "Bretagne numérique", "bzh", "/accueil/bzh/")
    Page.objects.get(pk=page.pk).revisions.get(pk=first_revision).publish()
    assert identity(hub) == ("Bretagne numérique", "Bretagne numérique", "bzh", "/accueil/bzh/")
    client.logout()
    assert client.get("/bzh/").status_code == 200


def test_a_hub_page_is_created_with_its_hub_in_the_hub_admin(client, hub, national):
    url = reverse("wagtailadmin_pages:add", args=("hubsite", "hubpage", hub.page.get_parent().pk))
    client = logged_in(client, national)
    pages = Page.objects.count()
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("hubs:add")
    response = client.post(url, {"title": "Hub sans hub", "slug": "sans-hub", **EMPTY_BODY})
    assert response.status_code == 302
    assert Page.objects.count() == pages
