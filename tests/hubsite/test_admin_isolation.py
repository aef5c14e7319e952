"""A coordinator of one hub reaches nothing of another hub in Wagtail's admin.

Every admin URL of hub B's pages, images, documents, collection and hub record is forged as
hub A's coordinator and must be refused (403, 404 or Wagtail's redirect to the admin home);
a state-changing URL is also POSTed, and the object must be unchanged. Each case has a
positive control: the same URL for hub A's own objects works for hub A's coordinator (or,
for what only the national team may do, for the national team), so a case cannot pass
merely because the URL is broken.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Collection, Page, PageViewRestriction, Revision, Site
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from hubsite.models import Hub
from tests.factories import HubFactory, add_news, add_standard_page, home_page
from tests.hubsite.two_hubs import (
    MARKERS,
    Document,
    Image,
    built_once,
    client_for,
    hub_coordinator,
    hub_media,
    national_team_member,
    png,
)


def build_world() -> dict:
    """Two hubs with pages, an alias, an image and a document each."""
    home_page()
    world = {"home": home_page().pk}
    for key, marker in MARKERS.items():
        hub = HubFactory(name=f"Hub {marker}", slug=f"hub-{key.lower()}")
        news = add_news(hub, title=f"Actualité {marker}")
        free = add_standard_page(hub.page, title=f"Libre {marker}", slug="libre")
        box = add_standard_page(hub.page, title=f"Boîte {marker}", slug="boite")
        alias = news.create_alias(update_slug="alias")
        image, document = hub_media(hub, marker)
        coordinator = hub_coordinator(hub, key)
        world[key] = {
            "hub": hub.pk,
            "page": hub.page.pk,
            "news_index": hub.page.get_children().get(slug="actualites").pk,
            "news": news.pk,
            "free": free.pk,
            "box": box.pk,
            "alias": alias.pk,
            "image": image.pk,
            "document": document.pk,
            "collection": hub.collection_id,
            "group": hub.group_id,
            "coordinator": coordinator.pk,
        }
    world["national"] = national_team_member().pk
    world["site"] = Site.objects.get(is_default_site=True).pk
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with built_once(django_db_blocker, tmp_path_factory, build_world) as world:
        yield world


def page_state(pk):
    page = Page.objects.filter(pk=pk).first()
    if page is None:
        return None
    return (
        page.title,
        page.draft_title,
        page.live,
        page.path,
        page.locked,
        page.latest_revision_id,
        page.alias_of_id,
        PageViewRestriction.objects.filter(page=page).count(),
    )


def media_state(model, pk):
    return model.objects.filter(pk=pk).values_list("title", "collection_id").first()


def hub_state(pk):
    return Hub.objects.filter(pk=pk).values_list("name", "slug", "presentation").first()


def pages_count():
    return Page.objects.count()


@dataclass
class Case:
    """One admin URL. ``url(world, key)`` targets hub ``key``'s objects."""

    id: str
    url: Callable
    method: str = "GET"
    data: Callable | None = None  # (world, key) -> POST data
    state: Callable | None = None  # (world, key) -> snapshot compared around a POST
    prepare: Callable | None = None  # (world, key) -> None, before the request
    national_only: bool = False  # the positive control is the national team's
    # Bulk actions skip what is refused and a form refuses a foreign destination as a
    # validation error: for those, only the unchanged state proves the refusal.
    check_response: bool = True
    follow: bool = False


def form_of(url: str, **changes) -> dict:
    """The form at ``url`` as the national team sees it, with ``changes`` applied."""
    response = NATIONAL_CLIENT().get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    form_id = "page-edit-form" if 'id="page-edit-form"' in html else "w-editor-form"
    data = querydict_from_html(html, form_id=form_id).dict()
    data.update(changes)
    return data


def NATIONAL_CLIENT():
    return client_for(_WORLD["national"])


_WORLD: dict = {}


def p(name, *args):
    return reverse(f"wagtailadmin_pages:{name}", args=args)


def bulk(app, model, action, *pks):
    query = "&".join(f"id={pk}" for pk in pks)
    return reverse("wagtail_bulk_action", args=(app, model, action)) + "?" + query


def lock(world, key):
    Page.objects.filter(pk=world[key]["free"]).update(
        locked=True,
        locked_by_id=world["national"],
        locked_at=timezone.now(),
    )


def schedule(world, key):
    page = Page.objects.get(pk=world[key]["free"]).specific
    page.go_live_at = timezone.now() + datetime.timedelta(days=3)
    revision = page.save_revision()
    revision.publish()
    world[key]["scheduled"] = revision.pk


def scheduled_state(world, key):
    return Revision.objects.filter(pk=world[key]["scheduled"]).values_list(
        "approved_go_live_at", flat=True
    )[0]


# Wagtail draws StreamFields with JavaScript: their inputs are not in the HTML.
EMPTY_BODY = nested_form_data({"body": streamfield([])})


def page_edit_data(world, key):
    return form_of(p("edit", world[key]["free"]), title="Titre modifié", **EMPTY_BODY)


def new_page_data(world, key):
    parent = world[key]["page"]
    return form_of(
        p("add", "hubsite", "standardpage", parent),
        title="Nouvelle page",
        slug="nouvelle",
        **EMPTY_BODY,
    )


def add_empty_hub(world, key):
    hub = HubFactory(name="Hub vide", slug="hub-vide")
    world[key]["empty_hub"] = hub.pk


def add_subcollection(world, key):
    collection = Collection.objects.get(pk=world[key]["collection"]).add_child(name="Archives")
    world[key]["subcollection"] = collection.pk


PAGE_CASES = [
    Case("page-edit", lambda w, k: p("edit", w[k]["free"])),
    Case(
        "page-edit-post",
        lambda w, k: p("edit", w[k]["free"]),
        "POST",
        data=page_edit_data,
        state=lambda w, k: page_state(w[k]["free"]),
    ),
    Case("page-delete", lambda w, k: p("delete", w[k]["free"])),
    Case(
        "page-delete-post",
        lambda w, k: p("delete", w[k]["free"]),
        "POST",
        state=lambda w, k: page_state(w[k]["free"]),
    ),
    Case("page-unpublish", lambda w, k: p("unpublish", w[k]["free"])),
    Case(
        "page-unpublish-post",
        lambda w, k: p("unpublish", w[k]["free"]),
        "POST",
        state=lambda w, k: page_state(w[k]["free"]),
    ),
    Case("page-copy", lambda w, k: p("copy", w[k]["free"])),
    Case(
        "page-copy-post",
        lambda w, k: p("copy", w[k]["free"]),
        "POST",
        data=lambda w, k: {
            "new_title": "Copie",
            "new_slug": "copie",
            "new_parent_page": w[k]["page"],
        },
        state=lambda w, k: Page.objects.filter(slug="copie").count(),
    ),
    Case(
        # Copying one's own page into another hub's section.
        "page-copy-into-post",
        lambda w, k: p("copy", w["A"]["free"]),
        "POST",
        data=lambda w, k: {
            "new_title": "Copie",
            "new_slug": "copie",
            "new_parent_page": w[k]["page"],
        },
        state=lambda w, k: Page.objects.filter(slug="copie").count(),
        check_response=False,
    ),
    Case("page-move", lambda w, k: p("move", w[k]["free"])),
    Case("page-move-confirm", lambda w, k: p("move_confirm", w[k]["free"], w[k]["box"])),
    Case(
        "page-move-confirm-post",
        lambda w, k: p("move_confirm", w[k]["free"], w[k]["box"]),
        "POST",
        state=lambda w, k: page_state(w[k]["free"]),
    ),
    Case(
        # Moving one's own page into another hub's section.
        "page-move-into-post",
        lambda w, k: p("move_confirm", w["A"]["free"], w[k]["box"]),
        "POST",
        state=lambda w, k: page_state(w["A"]["free"]),
    ),
    Case(
        "page-set-position-post",
        lambda w, k: p("set_page_position", w[k]["free"]) + "?position=0",
        "POST",
        state=lambda w, k: page_state(w[k]["free"]),
    ),
    Case("page-add-subpage", lambda w, k: p("add_subpage", w[k]["page"])),
    Case("page-add", lambda w, k: p("add", "hubsite", "standardpage", w[k]["page"])),
    Case(
        "page-add-post",
        lambda w, k: p("add", "hubsite", "standardpage", w[k]["page"]),
        "POST",
        data=new_page_data,
        state=lambda w, k: pages_count(),
    ),
    Case(
        "page-preview-on-add-post",
        lambda w, k: p("preview_on_add", "hubsite", "standardpage", w[k]["page"]),
        "POST",
        data=new_page_data,
    ),
    Case("page-history", lambda w, k: p("history", w[k]["free"])),
    Case("page-history-results", lambda w, k: p("history_results", w[k]["free"])),
    Case("page-revisions-index", lambda w, k: p("revisions_index", w[k]["free"]), follow=True),
    Case(
        "page-revisions-view",
        lambda w, k: p(
            "revisions_view", w[k]["free"], Page.objects.get(pk=w[k]["free"]).latest_revision_id
        ),
    ),
    Case(
        "page-revisions-revert",
        lambda w, k: p(
            "revisions_revert",
            w[k]["free"],
            Page.objects.get(pk=w[k]["free"]).latest_revision_id,
        ),
    ),
    Case(
        "page-revisions-compare",
        lambda w, k: reverse(
            "wagtailadmin_pages:revisions_compare", args=(w[k]["free"], "earliest", "latest")
        ),
    ),
    Case(
        "page-revisions-unschedule",
        lambda w, k: p("revisions_unschedule", w[k]["free"], w[k]["scheduled"]),
        prepare=schedule,
    ),
    Case(
        "page-revisions-unschedule-post",
        lambda w, k: p("revisions_unschedule", w[k]["free"], w[k]["scheduled"]),
        "POST",
        prepare=schedule,
        state=scheduled_state,
    ),
    Case("page-preview-on-edit", lambda w, k: p("preview_on_edit", w[k]["free"])),
    Case(
        "page-preview-on-edit-post",
        lambda w, k: p("preview_on_edit", w[k]["free"]),
        "POST",
        data=page_edit_data,
    ),
    Case("page-view-draft", lambda w, k: p("view_draft", w[k]["free"])),
    Case("page-usage", lambda w, k: p("usage", w[k]["free"])),
    Case("page-workflow-history", lambda w, k: p("workflow_history", w[k]["free"])),
    Case(
        "page-lock-post",
        lambda w, k: p("lock", w[k]["free"]),
        "POST",
        state=lambda w, k: page_state(w[k]["free"]),
    ),
    Case(
        "page-unlock-post",
        lambda w, k: p("unlock", w[k]["free"]),
        "POST",
        prepare=lock,
        state=lambda w, k: page_state(w[k]["free"]),
    ),
    Case("page-set-privacy", lambda w, k: p("set_privacy", w[k]["free"])),
    Case(
        "page-set-privacy-post",
        lambda w, k: p("set_privacy", w[k]["free"]),
        "POST",
        data=lambda w, k: {"restriction_type": "login"},
        state=lambda w, k: page_state(w[k]["free"]),
    ),
    Case("page-convert-alias", lambda w, k: p("convert_alias", w[k]["alias"])),
    Case(
        "page-convert-alias-post",
        lambda w, k: p("convert_alias", w[k]["alias"]),
        "POST",
        state=lambda w, k: page_state(w[k]["alias"]),
    ),
    Case(
        "page-admin-api-detail",
        lambda w, k: reverse("wagtailadmin_api:pages:detail", args=(w[k]["free"],)),
    ),
    Case(
        "page-bulk-delete-post",
        lambda w, k: bulk("wagtailcore", "page", "delete", w[k]["free"]),
        "POST",
        state=lambda w, k: page_state(w[k]["free"]),
        check_response=False,
    ),
    Case(
        "page-bulk-unpublish-post",
        lambda w, k: bulk("wagtailcore", "page", "unpublish", w[k]["free"]),
        "POST",
        state=lambda w, k: page_state(w[k]["free"]),
        check_response=False,
    ),
    Case(
        "page-bulk-move-post",
        lambda w, k: bulk("wagtailcore", "page", "move", w[k]["free"]),
        "POST",
        data=lambda w, k: {"chooser": w[k]["box"]},
        state=lambda w, k: page_state(w[k]["free"]),
        check_response=False,
    ),
]


def image_url(name):
    return lambda w, k: reverse(f"wagtailimages:{name}", args=(w[k]["image"],))


def document_url(name):
    return lambda w, k: reverse(f"wagtaildocs:{name}", args=(w[k]["document"],))


def image_state(w, k):
    return media_state(Image, w[k]["image"])


def document_state(w, k):
    return media_state(Document, w[k]["document"])


def edit_and_delete_cases(kind, url, state):
    """Edit, delete and usage of another hub's image or document: shown, then posted."""
    edit = url("edit")
    return [
        Case(f"{kind}-edit", edit),
        Case(
            f"{kind}-edit-post",
            edit,
            "POST",
            data=lambda w, k: form_of(edit(w, k), title="Titre modifié"),
            state=state,
        ),
        Case(f"{kind}-delete", url("delete")),
        Case(f"{kind}-delete-post", url("delete"), "POST", state=state),
        Case(f"{kind}-usage", url(f"{kind}_usage")),
    ]


MEDIA_CASES = [
    *edit_and_delete_cases("image", image_url, image_state),
    Case(
        "image-preview",
        lambda w, k: reverse("wagtailimages:preview", args=(w[k]["image"], "fill-8x8")),
    ),
    Case(
        "image-edit-multiple-post",
        image_url("edit_multiple"),
        "POST",
        data=lambda w, k: {
            f"image-{w[k]['image']}-title": "Titre modifié",
            f"image-{w[k]['image']}-collection": w[k]["collection"],
            f"image-{w[k]['image']}-tags": "",
            f"image-{w[k]['image']}-description": "",
        },
        state=image_state,
    ),
    Case("image-delete-multiple-post", image_url("delete_multiple"), "POST", state=image_state),
    Case(
        "image-chooser-chosen",
        lambda w, k: reverse("wagtailimages_chooser:chosen", args=(w[k]["image"],)),
    ),
    Case(
        "image-admin-api-detail",
        lambda w, k: reverse("wagtailadmin_api:images:detail", args=(w[k]["image"],)),
    ),
    Case(
        "image-add-into-collection-post",
        lambda w, k: reverse("wagtailimages:add"),
        "POST",
        data=lambda w, k: {"title": "Téléversée", "file": png(), "collection": w[k]["collection"]},
        state=lambda w, k: Image.objects.filter(collection=w[k]["collection"]).count(),
        check_response=False,
    ),
    Case(
        "image-bulk-delete-post",
        lambda w, k: bulk("wagtailimages", "image", "delete", w[k]["image"]),
        "POST",
        state=image_state,
        check_response=False,
    ),
    Case(
        # Moving one's own image into another hub's collection.
        "image-bulk-add-to-collection-post",
        lambda w, k: bulk("wagtailimages", "image", "add_to_collection", w["A"]["image"]),
        "POST",
        data=lambda w, k: {"collection": w[k]["collection"]},
        state=lambda w, k: media_state(Image, w["A"]["image"]),
        check_response=False,
    ),
    *edit_and_delete_cases("document", document_url, document_state),
    Case(
        "document-edit-multiple-post",
        lambda w, k: reverse("wagtaildocs:edit_multiple", args=(w[k]["document"],)),
        "POST",
        data=lambda w, k: {
            f"doc-{w[k]['document']}-title": "Titre modifié",
            f"doc-{w[k]['document']}-collection": w[k]["collection"],
            f"doc-{w[k]['document']}-tags": "",
        },
        state=document_state,
    ),
    Case(
        "document-delete-multiple-post",
        lambda w, k: reverse("wagtaildocs:delete_multiple", args=(w[k]["document"],)),
        "POST",
        state=document_state,
    ),
    Case(
        "document-chooser-chosen",
        lambda w, k: reverse("wagtaildocs_chooser:chosen", args=(w[k]["document"],)),
    ),
    Case(
        "document-admin-api-detail",
        lambda w, k: reverse("wagtailadmin_api:documents:detail", args=(w[k]["document"],)),
    ),
    Case(
        "document-add-into-collection-post",
        lambda w, k: reverse("wagtaildocs:add"),
        "POST",
        data=lambda w, k: {
            "title": "Téléversé",
            "file": ContentFile(b"x", name="x.txt"),
            "collection": w[k]["collection"],
        },
        state=lambda w, k: Document.objects.filter(collection=w[k]["collection"]).count(),
        check_response=False,
    ),
    Case(
        "document-bulk-delete-post",
        lambda w, k: bulk("wagtaildocs", "document", "delete", w[k]["document"]),
        "POST",
        state=document_state,
        check_response=False,
    ),
]


def hub_url(name):
    return lambda w, k: reverse(f"hubs:{name}", args=(w[k]["hub"],))


HUB_CASES = [
    Case("hub-edit", hub_url("edit")),
    Case(
        "hub-edit-post",
        hub_url("edit"),
        "POST",
        data=lambda w, k: form_of(
            reverse("hubs:edit", args=(w[k]["hub"],)), presentation="Présentation modifiée"
        ),
        state=lambda w, k: hub_state(w[k]["hub"]),
    ),
    Case("hub-history", hub_url("history")),
    Case("hub-history-results", hub_url("history_results")),
    Case("hub-usage", hub_url("usage")),
    Case("hub-inspect", hub_url("inspect")),
    Case("hub-delete", hub_url("delete"), national_only=True),
    Case(
        "hub-delete-post",
        lambda w, k: reverse("hubs:delete", args=(w[k]["empty_hub"],)),
        "POST",
        prepare=add_empty_hub,
        state=lambda w, k: hub_state(w[k]["empty_hub"]),
        national_only=True,
    ),
    Case("hub-add", lambda w, k: reverse("hubs:add"), national_only=True),
]


def admin_only(case_id, url):
    return Case(case_id, url, national_only=True)


ADMIN_ONLY_CASES = [
    admin_only("collections-index", lambda w, k: reverse("wagtailadmin_collections:index")),
    admin_only("collections-add", lambda w, k: reverse("wagtailadmin_collections:add")),
    admin_only(
        "collection-edit",
        lambda w, k: reverse("wagtailadmin_collections:edit", args=(w[k]["collection"],)),
    ),
    admin_only(
        "collection-delete",
        lambda w, k: reverse("wagtailadmin_collections:delete", args=(w[k]["collection"],)),
    ),
    Case(
        "collection-delete-post",
        lambda w, k: reverse("wagtailadmin_collections:delete", args=(w[k]["subcollection"],)),
        "POST",
        prepare=add_subcollection,
        state=lambda w, k: Collection.objects.filter(pk=w[k]["subcollection"]).count(),
        national_only=True,
    ),
    admin_only("users-index", lambda w, k: reverse("wagtailusers_users:index")),
    admin_only("users-add", lambda w, k: reverse("wagtailusers_users:add")),
    admin_only(
        "user-edit",
        lambda w, k: reverse("wagtailusers_users:edit", args=(w[k]["coordinator"],)),
    ),
    admin_only(
        "user-delete",
        lambda w, k: reverse("wagtailusers_users:delete", args=(w[k]["coordinator"],)),
    ),
    admin_only("groups-index", lambda w, k: reverse("wagtailusers_groups:index")),
    admin_only(
        "group-edit", lambda w, k: reverse("wagtailusers_groups:edit", args=(w[k]["group"],))
    ),
    admin_only("sites-index", lambda w, k: reverse("wagtailsites:index")),
    admin_only("site-edit", lambda w, k: reverse("wagtailsites:edit", args=(w["site"],))),
    admin_only("redirects-index", lambda w, k: reverse("wagtailredirects:index")),
    admin_only("workflows-index", lambda w, k: reverse("wagtailadmin_workflows:index")),
    admin_only("tasks-index", lambda w, k: reverse("wagtailadmin_workflows:task_index")),
    *[
        admin_only(
            f"settings-{model._meta.label_lower}",
            lambda w, k, model=model: reverse(
                "wagtailsettings:edit", args=(model._meta.app_label, model._meta.model_name)
            ),
        )
        for model in settings_registry
    ],
]

CASES = PAGE_CASES + MEDIA_CASES + HUB_CASES + ADMIN_ONLY_CASES


def request(client, case, world, key):
    url = case.url(world, key)
    if case.method == "GET":
        return client.get(url, follow=case.follow)
    data = case.data(world, key) if case.data else {}
    return client.post(url, data, follow=case.follow)


def is_refusal(response) -> bool:
    chain = getattr(response, "redirect_chain", None)
    # Followed redirects: refused if they end on a refusal or on the admin home.
    if chain and chain[-1][0] == reverse("wagtailadmin_home"):
        return True
    if response.status_code in (403, 404):
        return True
    # Wagtail's permission_denied() sends the user to the admin home with a message.
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


@pytest.fixture
def setup(world, db):
    _WORLD.clear()
    _WORLD.update(world)
    return world


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_coordinator_cannot_reach_another_hubs_objects(setup, case):
    world = setup
    if case.prepare:
        case.prepare(world, "B")
    before = case.state(world, "B") if case.state else None
    response = request(client_for(world["A"]["coordinator"]), case, world, "B")
    if case.check_response:
        assert is_refusal(response), (response.status_code, response.get("Location"))
    if case.state:
        assert case.state(world, "B") == before


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_same_url_works_for_whom_it_belongs_to(setup, case):
    world = setup
    # Hub A's coordinator on hub A's objects; what only the national team may do, it does
    # on hub B.
    key = "B" if case.national_only else "A"
    actor = world["national"] if case.national_only else world["A"]["coordinator"]
    if case.prepare:
        case.prepare(world, key)
    before = case.state(world, key) if case.state else None
    response = request(client_for(actor), case, world, key)
    assert not is_refusal(response), (response.status_code, response.get("Location"))
    assert response.status_code in (200, 302), response.status_code
    if case.state and case.check_response:
        assert case.state(world, key) != before


def test_coordinator_cannot_delete_or_create_even_their_own_hub(setup):
    world = setup
    client = client_for(world["A"]["coordinator"])
    delete_url = reverse("hubs:delete", args=(world["A"]["hub"],))
    assert is_refusal(client.get(delete_url))
    assert is_refusal(client.post(delete_url))
    assert Hub.objects.filter(pk=world["A"]["hub"]).exists()
    assert is_refusal(client.get(reverse("hubs:add")))
    response = client.post(reverse("hubs:add"), {"name": "Nouveau", "slug": "nouveau"})
    assert is_refusal(response)
    assert not Hub.objects.filter(slug="nouveau").exists()


def test_copying_a_hub_is_not_offered(setup):
    client = client_for(setup["national"])
    response = client.get(f"/admin/hubs/copy/{setup['B']['hub']}/")
    assert response.status_code == 404


# Listings: hub A's coordinator sees hub A's objects and none of hub B's.
LISTINGS = [
    ("pages-explorer-home", lambda w: reverse("wagtailadmin_explore", args=(w["home"],))),
    ("pages-explorer-hub-a", lambda w: reverse("wagtailadmin_explore", args=(w["A"]["page"],))),
    ("pages-explorer-hub-b", lambda w: reverse("wagtailadmin_explore", args=(w["B"]["page"],))),
    ("pages-search", lambda w: reverse("wagtailadmin_pages:search") + "?q=Libre"),
    (
        "pages-admin-api-listing",
        lambda w: reverse("wagtailadmin_api:pages:listing") + "?limit=20",
    ),
    ("images-index", lambda w: reverse("wagtailimages:index")),
    ("images-chooser", lambda w: reverse("wagtailimages_chooser:choose")),
    (
        "images-chooser-chosen-multiple",
        lambda w: (
            reverse("wagtailimages_chooser:chosen_multiple")
            + f"?id={w['A']['image']}&id={w['B']['image']}"
        ),
    ),
    ("images-admin-api-listing", lambda w: reverse("wagtailadmin_api:images:listing")),
    ("documents-index", lambda w: reverse("wagtaildocs:index")),
    ("documents-chooser", lambda w: reverse("wagtaildocs_chooser:choose")),
    (
        "documents-chooser-chosen-multiple",
        lambda w: (
            reverse("wagtaildocs_chooser:chosen_multiple")
            + f"?id={w['A']['document']}&id={w['B']['document']}"
        ),
    ),
    ("documents-admin-api-listing", lambda w: reverse("wagtailadmin_api:documents:listing")),
    ("hubs-index", lambda w: reverse("hubs:index")),
    (
        "pages-type-use",
        lambda w: reverse("wagtailadmin_pages:type_use", args=("hubsite", "standardpage")),
    ),
    ("report-site-history", lambda w: reverse("wagtailadmin_reports:site_history")),
    ("report-aging-pages", lambda w: reverse("wagtailadmin_reports:aging_pages")),
    ("admin-home", lambda w: reverse("wagtailadmin_home")),
]


@pytest.mark.parametrize("url", [url for _id, url in LISTINGS], ids=[i for i, _url in LISTINGS])
def test_listings_show_only_the_coordinators_hub(setup, url):
    response = client_for(setup["A"]["coordinator"]).get(url(setup), follow=True)
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        content = json.dumps(response.json(), ensure_ascii=False)
    else:
        content = response.content.decode()
    assert MARKERS["B"] not in content
    if url is not LISTINGS[-1][1]:
        assert MARKERS["A"] in content
