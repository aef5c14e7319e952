"""A page form takes only the images, documents and pages its user may choose.

The choosers show a coordinator their hub's media only; these tests forge the ids of
another hub's image, document or draft page into the POST of a page form, as hub A's
coordinator, and check that the page is refused with a French message and left unchanged,
and that the same form with hub A's own media (or a published page of hub B) goes through.
"""

import json
from html import escape

import pytest
from django.urls import reverse
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from hubsite.models import NewsPage
from tests.hubsite.two_hubs import Document, Image, client_for, png, secret_names

REFUSED_IMAGE = "Cette image n'est pas dans une médiathèque que vous pouvez utiliser"
REFUSED_DOCUMENT = "Ce document n'est pas dans une médiathèque que vous pouvez utiliser"
REFUSED_PAGE = "Cette page n'est pas une page que vous pouvez choisir"


def edit_url(page_pk: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page_pk,))


def post_edit(client, page_pk, *, body=(), **changes):
    """Publish the page's edit form as ``client`` sees it, with ``changes`` and ``body``."""
    response = client.get(edit_url(page_pk))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").dict()
    data.update(nested_form_data({"body": streamfield(list(body))}))
    data.update(changes)
    data["action-publish"] = "action-publish"
    return client.post(edit_url(page_pk), data)


def news(world, key) -> NewsPage:
    return NewsPage.objects.get(pk=world[key]["news"])


def latest(world, key) -> NewsPage:
    return news(world, key).get_latest_revision_as_object()


def document_block(pk):
    return ("document", {"document": pk, "title": ""})


def image_block(pk):
    return ("image", {"image": pk, "alt_text": "Une carte", "decorative": ""})


def cta_block(page_pk):
    return (
        "call_to_action",
        {"title": "Voir", "text": "", "page": page_pk, "url": "", "label": "Voir"},
    )


def document_link(pk):
    return ("paragraph", rich_text(f'<p><a linktype="document" id="{pk}">compte rendu</a></p>'))


def error_messages(error) -> list[str]:
    """Every message of a form error, down through StreamField block errors."""
    messages = []
    for child in getattr(error, "block_errors", {}).values():
        messages += error_messages(child)
    for child in getattr(error, "non_block_errors", []):
        messages += error_messages(child)
    if not hasattr(error, "block_errors"):
        messages += error.messages
    return messages


def form_messages(response) -> list[str]:
    return [
        message
        for errors in response.context["form"].errors.values()
        for error in errors.as_data()
        for message in error_messages(error)
    ]


def page_link(pk):
    return ("paragraph", rich_text(f'<p><a linktype="page" id="{pk}">à lire</a></p>'))


def assert_refused(response, message, world):
    assert response.status_code == 200, response.get("Location")
    assert any(text.startswith(message) for text in form_messages(response))
    assert_names_nothing_of_hub_b(response, world)


def assert_names_nothing_of_hub_b(response, world):
    """The refusal does not name what it refused, in the HTML or in the widgets' JSON."""
    html = response.content.decode()
    for name in secret_names("B"):
        assert name not in html
        assert json.dumps(name)[1:-1] not in html
    assert Document.objects.get(pk=world["B"]["document"]).filename not in html
    page = news(world, "A")
    assert page.latest_revision_id == page.live_revision_id
    assert page.image_id is None
    assert not list(page.body)


def test_page_form_refuses_an_image_of_another_hub(setup):
    client = client_for(setup["A"]["coordinator"])
    response = post_edit(client, setup["A"]["news"], image=setup["B"]["image"])
    assert_refused(response, REFUSED_IMAGE, setup)


def test_page_form_takes_an_image_of_the_coordinators_hub(setup):
    client = client_for(setup["A"]["coordinator"])
    response = post_edit(client, setup["A"]["news"], image=setup["A"]["image"])
    assert response.status_code == 302
    assert news(setup, "A").image_id == setup["A"]["image"]


@pytest.mark.parametrize(
    "block, message",
    [
        (lambda w: document_block(w["B"]["document"]), REFUSED_DOCUMENT),
        (lambda w: image_block(w["B"]["image"]), REFUSED_IMAGE),
        (lambda w: document_link(w["B"]["document"]), REFUSED_DOCUMENT),
        (lambda w: cta_block(w["B"]["draft"]), REFUSED_PAGE),
        (lambda w: cta_block(w["B"]["private"]), REFUSED_PAGE),
        (lambda w: page_link(w["B"]["draft"]), REFUSED_PAGE),
    ],
    ids=[
        "document-block",
        "image-block",
        "rich-text-document-link",
        "draft-page",
        "private-page",
        "rich-text-page-link",
    ],
)
def test_streamfield_refuses_what_another_hub_keeps_to_itself(setup, block, message):
    client = client_for(setup["A"]["coordinator"])
    response = post_edit(client, setup["A"]["news"], body=[block(setup)])
    assert_refused(response, message, setup)


@pytest.mark.parametrize(
    "block",
    [
        lambda w: document_block(w["A"]["document"]),
        lambda w: image_block(w["A"]["image"]),
        lambda w: document_link(w["A"]["document"]),
        lambda w: cta_block(w["A"]["draft"]),
        lambda w: cta_block(w["B"]["news"]),  # a published page of another hub is public
        lambda w: page_link(w["B"]["news"]),
    ],
    ids=[
        "document-block",
        "image-block",
        "rich-text-document-link",
        "own-draft",
        "public-page",
        "rich-text-public-page-link",
    ],
)
def test_streamfield_takes_the_coordinators_media_and_public_pages(setup, block):
    client = client_for(setup["A"]["coordinator"])
    response = post_edit(client, setup["A"]["news"], body=[block(setup)])
    assert response.status_code == 302, response.content.decode()[:3000]
    assert len(news(setup, "A").body) == 1


def test_refusal_points_at_the_block_and_keeps_the_others(setup):
    client = client_for(setup["A"]["coordinator"])
    body = [document_block(setup["A"]["document"]), document_block(setup["B"]["document"])]
    response = post_edit(client, setup["A"]["news"], body=body)
    assert_refused(response, REFUSED_DOCUMENT, setup)
    # Only the second block carries the error.
    errors = response.context["form"].errors["body"].as_data()[0]
    assert set(errors.block_errors) == {1}


def test_adding_a_page_with_another_hubs_image_is_refused(setup):
    client = client_for(setup["A"]["coordinator"])
    url = reverse("wagtailadmin_pages:add", args=("hubsite", "newspage", setup["A"]["news_index"]))
    response = client.get(url)
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").dict()
    data.update(nested_form_data({"body": streamfield([])}))
    data.update(title="Nouvelle", slug="nouvelle", image=setup["B"]["image"])
    data["action-publish"] = "action-publish"
    before = Page.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200
    assert escape(REFUSED_IMAGE) in response.content.decode()
    assert_names_nothing_of_hub_b(response, setup)
    assert Page.objects.count() == before


def test_national_team_may_use_any_hubs_media(setup):
    client = client_for(setup["national"])
    response = post_edit(
        client,
        setup["A"]["news"],
        image=setup["B"]["image"],
        body=[document_block(setup["B"]["document"])],
    )
    assert response.status_code == 302
    assert news(setup, "A").image_id == setup["B"]["image"]


def test_media_already_on_the_page_stays_when_a_coordinator_edits_it(setup):
    # The national team illustrated hub A's article with a picture of the root collection,
    # which hub A's coordinators cannot choose; they may still edit the article.
    root = Collection.get_first_root_node()
    picture = Image.objects.create(title="Carte nationale", file=png(), collection=root)
    leaflet = Document.objects.create(title="Dépliant", file=png("d.txt"), collection=root)
    national = client_for(setup["national"])
    post_edit(national, setup["A"]["news"], image=picture.pk, body=[document_block(leaflet.pk)])
    assert news(setup, "A").image_id == picture.pk

    client = client_for(setup["A"]["coordinator"])
    response = post_edit(
        client,
        setup["A"]["news"],
        title="Titre revu",
        image=picture.pk,
        body=[document_block(leaflet.pk)],
    )
    assert response.status_code == 302
    assert news(setup, "A").title == "Titre revu"
