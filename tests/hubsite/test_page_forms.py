"""A malformed page form POST is a bad request (400), never a server error."""

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from hubsite.blocks import PostedStreamBlock
from tests.factories import UserFactory, add_news, add_standard_page

EMPTY_BODY = nested_form_data({"body": streamfield([])})
ONE_QUOTE = {
    "body-count": "1",
    "body-0-deleted": "",
    "body-0-order": "0",
    "body-0-type": "quote",
    "body-0-id": "",
    "body-0-value-quote": "Bonjour",
    "body-0-value-author": "",
}

MALFORMED = {
    "no-count": lambda data: data.pop("body-count"),
    "count-not-a-number": lambda data: data.update({"body-count": "beaucoup"}),
    "count-beyond-the-blocks": lambda data: data.update({**ONE_QUOTE, "body-count": "3"}),
    "no-type": lambda data: (data.update(ONE_QUOTE), data.pop("body-0-type")),
    "order-not-a-number": lambda data: data.update({**ONE_QUOTE, "body-0-order": "x"}),
}


@pytest.fixture
def coordinator_client(client, hub):
    client.force_login(UserFactory(groups=[hub.group]))
    return client


def views(hub):
    free = add_standard_page(hub.page, title="Page libre", slug="libre")
    news = add_news(hub, title="Une actualité")
    return {
        "edit-hub-page": (hub.page.pk, reverse("wagtailadmin_pages:edit", args=(hub.page.pk,))),
        "edit-free-page": (free.pk, reverse("wagtailadmin_pages:edit", args=(free.pk,))),
        "edit-news": (news.pk, reverse("wagtailadmin_pages:edit", args=(news.pk,))),
        "preview-on-edit": (
            free.pk,
            reverse("wagtailadmin_pages:preview_on_edit", args=(free.pk,)),
        ),
        "add-free-page": (
            None,
            reverse("wagtailadmin_pages:add", args=("hubsite", "standardpage", hub.page.pk)),
        ),
    }


def form_data(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    form_id = "page-edit-form" if 'id="page-edit-form"' in html else "page-create-form"
    data = querydict_from_html(html, form_id=form_id).dict() if form_id in html else {}
    data.update(EMPTY_BODY, title="Titre envoyé", slug="titre-envoye")
    return data


def page_state(pk):
    if pk is None:
        return Page.objects.count()
    page = Page.objects.get(pk=pk)
    return page.title, page.latest_revision_id, page.live


@pytest.mark.parametrize("malformed", MALFORMED)
@pytest.mark.parametrize(
    "view", ["edit-hub-page", "edit-free-page", "edit-news", "preview-on-edit", "add-free-page"]
)
def test_a_malformed_streamfield_post_is_a_bad_request(coordinator_client, hub, view, malformed):
    urls = views(hub)
    pk, url = urls[view]
    form_url = urls["edit-free-page"][1] if view == "preview-on-edit" else url
    data = form_data(coordinator_client, form_url)
    MALFORMED[malformed](data)
    before = page_state(pk)
    response = coordinator_client.post(url, data)
    assert response.status_code == 400
    assert page_state(pk) == before


def test_the_same_form_well_formed_is_saved(coordinator_client, hub):
    pk, url = views(hub)["edit-free-page"]
    data = form_data(coordinator_client, url)
    data.update(ONE_QUOTE)
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    assert Page.objects.get(pk=pk).specific.get_latest_revision_as_object().body[0].value[
        "quote"
    ] == ("Bonjour")


def test_a_post_without_the_team_formset_changes_nothing(coordinator_client, hub):
    _pk, url = views(hub)["edit-hub-page"]
    data = form_data(coordinator_client, url)
    data.pop("team-TOTAL_FORMS")
    before = page_state(hub.page.pk)
    response = coordinator_client.post(url, data)
    assert response.status_code in (200, 400)
    assert page_state(hub.page.pk) == before


def test_every_page_streamfield_refuses_a_malformed_post():
    fields = [
        field
        for model in apps.get_models()
        if issubclass(model, Page)
        for field in model._meta.get_fields()
        if isinstance(field, StreamField) and field.model is model
    ]
    assert fields
    for field in fields:
        assert isinstance(field.stream_block, PostedStreamBlock), field
