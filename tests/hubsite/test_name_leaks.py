"""A coordinator learns nothing of another hub's unpublished content: not its names, not its count.

Hub A's coordinator forges the admin URLs that name objects (bulk-action confirmations, the
page chooser and its search, the page-types report) with hub B's ids; none of hub B's draft,
private or retitled pages, images or documents may show. Published public pages of hub B may
(they are on the public site anyway). Each URL has a positive control: the same URL with hub
A's ids names hub A's objects.
"""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from hubsite.models import EventPage, Hub, StandardPage
from tests.hubsite.two_hubs import MARKERS, client_for, secret_names


def content_of(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def assert_names_nothing_of(key, response):
    content = content_of(response)
    for name in secret_names(key):
        assert name not in content, name


PAGE_KEYS = ("draft", "changed", "private", "news")


def bulk(app, model, action, ids):
    query = "&".join(f"id={pk}" for pk in ids)
    return reverse("wagtail_bulk_action", args=(app, model, action)) + "?" + query


def page_ids(world, key):
    return [world[key][name] for name in PAGE_KEYS]


BULK_ACTIONS = [
    ("wagtailcore", "page", "delete", page_ids),
    ("wagtailcore", "page", "move", page_ids),
    ("wagtailcore", "page", "publish", page_ids),
    ("wagtailcore", "page", "unpublish", page_ids),
    ("wagtailimages", "image", "delete", lambda w, k: [w[k]["image"]]),
    ("wagtailimages", "image", "add_tags", lambda w, k: [w[k]["image"]]),
    ("wagtailimages", "image", "add_to_collection", lambda w, k: [w[k]["image"]]),
    ("wagtaildocs", "document", "delete", lambda w, k: [w[k]["document"]]),
    ("wagtaildocs", "document", "add_tags", lambda w, k: [w[k]["document"]]),
    ("wagtaildocs", "document", "add_to_collection", lambda w, k: [w[k]["document"]]),
]
BULK_IDS = [f"{app}-{action}" for app, _model, action, _ids in BULK_ACTIONS]


def own_names(app, key):
    marker = MARKERS[key]
    if app == "wagtailcore":
        return [f"Brouillon {marker}", f"Privée {marker}"]
    return [f"{'Image' if app == 'wagtailimages' else 'Document'} {marker}"]


@pytest.mark.parametrize("app, model, action, ids", BULK_ACTIONS, ids=BULK_IDS)
def test_bulk_action_confirmation_names_nothing_of_another_hub(setup, app, model, action, ids):
    client = client_for(setup["A"]["coordinator"])
    forged = client.get(bulk(app, model, action, ids(setup, "B")))
    # Refused like an id that does not exist: nothing tells that hub B's ids do.
    missing = client.get(bulk(app, model, action, [987654]))
    assert forged.status_code == missing.status_code == 404
    mixed = client.get(bulk(app, model, action, ids(setup, "A") + ids(setup, "B")))
    everything = client.get(bulk(app, model, action, ["all"]))
    for response in (mixed, everything):
        assert response.status_code == 200
        assert_names_nothing_of("B", response)
        for name in own_names(app, "A"):
            assert name in content_of(response)


def test_bulk_action_over_all_pages_of_another_hub_section_names_nothing(setup):
    client = client_for(setup["A"]["coordinator"])
    url = bulk("wagtailcore", "page", "delete", ["all"]) + f"&childOf={setup['B']['page']}"
    assert_names_nothing_of("B", client.get(url))


def test_national_team_bulk_confirmation_still_names_every_hub(setup):
    client = client_for(setup["national"])
    response = client.get(bulk("wagtailcore", "page", "delete", page_ids(setup, "B")))
    assert response.status_code == 200
    assert "Brouillon Bruyère" in content_of(response)


def choose(*args, query=""):
    name = "wagtailadmin_choose_page_child" if args else "wagtailadmin_choose_page"
    return reverse(name, args=args) + query


CHOOSER_URLS = [
    ("browse-root", lambda w, k: choose()),
    ("browse-home", lambda w, k: choose(w["home"])),
    ("browse-hub", lambda w, k: choose(w[k]["page"])),
    ("browse-news-page-type", lambda w, k: choose(query="?page_type=hubsite.standardpage")),
    (
        "search",
        lambda w, k: reverse("wagtailadmin_choose_page_search") + f"?q={MARKERS[k]}",
    ),
    (
        "chosen-multiple",
        lambda w, k: (
            reverse("wagtailadmin_choose_page_chosen_multiple")
            + "?"
            + "&".join(f"id={w[k][name]}" for name in PAGE_KEYS)
        ),
    ),
]


@pytest.mark.parametrize(
    "url", [url for _id, url in CHOOSER_URLS], ids=[i for i, _ in CHOOSER_URLS]
)
def test_page_chooser_shows_only_published_public_pages_of_another_hub(setup, url):
    client = client_for(setup["A"]["coordinator"])
    response = client.get(url(setup, "B"))
    assert response.status_code == 200
    assert_names_nothing_of("B", response)


@pytest.mark.parametrize(
    "url, shown",
    [
        (lambda w: choose(w["B"]["page"]), "Publiée Bruyère"),
        (lambda w: reverse("wagtailadmin_choose_page_search") + "?q=Bruyère", "Actualité Bruyère"),
        (lambda w: choose(w["A"]["page"]), "Brouillon Aubépine"),
        (lambda w: choose(w["A"]["page"]), "Retitrée Aubépine"),
        (lambda w: reverse("wagtailadmin_choose_page_search") + "?q=Aubépine", "Privée Aubépine"),
    ],
    ids=["other-hub-live-title", "other-hub-news", "own-draft", "own-draft-title", "own-private"],
)
def test_page_chooser_still_offers_public_pages_and_the_coordinators_own(setup, url, shown):
    response = client_for(setup["A"]["coordinator"]).get(url(setup))
    assert response.status_code == 200
    assert shown in content_of(response)


@pytest.mark.parametrize("name", ["draft", "private"])
def test_page_chooser_cannot_browse_into_another_hubs_hidden_page(setup, name):
    client = client_for(setup["A"]["coordinator"])
    assert client.get(choose(setup["B"][name])).status_code == 404
    assert client.get(choose(setup["A"][name])).status_code == 200


def test_page_types_report_counts_and_names_only_the_coordinators_pages(setup):
    client = client_for(setup["A"]["coordinator"])
    # Hub B's page was edited last: the report would name it as the last edited standard page.
    page = Page.objects.get(pk=setup["B"]["changed"]).specific
    page.title = "Retitrée Bruyère"
    page.save_revision()
    response = client.get(reverse("wagtailadmin_reports:page_types_usage"))
    assert response.status_code == 200
    assert_names_nothing_of("B", response)
    counts = {item.model: item.count for item in response.context["object_list"]}
    own = Page.objects.descendant_of(Page.objects.get(pk=setup["A"]["page"]), inclusive=True)
    assert counts["standardpage"] == own.filter(content_type__model="standardpage").count()
    assert counts["hubpage"] == 1


@pytest.mark.parametrize("query", ["", "?q=Bruyère", "?q=Brouillon"])
def test_page_type_usage_lists_only_the_coordinators_pages(setup, query):
    client = client_for(setup["A"]["coordinator"])
    url = reverse("wagtailadmin_pages:type_use", args=("hubsite", "standardpage")) + query
    response = client.get(url)
    assert response.status_code == 200
    assert_names_nothing_of("B", response)
    assert "Publiée Bruyère" not in content_of(response)


@pytest.mark.parametrize("key, arrow", [("B", False), ("A", True)])
def test_page_chooser_does_not_tell_that_a_public_page_has_hidden_children(setup, key, arrow):
    parent = Page.objects.get(pk=setup[key]["changed"])
    parent.add_child(instance=StandardPage(title="Sous-brouillon", slug="sous", live=False))
    response = client_for(setup["A"]["coordinator"]).get(choose(setup[key]["page"]))
    assert response.status_code == 200
    assert (choose(parent.pk) in content_of(response)) is arrow


def venue_in(world, key, name):
    from tests.directory.factories import VenueFactory
    from tests.factories import CommuneFactory

    departement = Hub.objects.get(pk=world[key]["hub"]).departements.order_by("code").first()
    commune = CommuneFactory(departement=departement, postcodes=[f"{departement.code}100"])
    return VenueFactory(commune=commune, postcode=f"{departement.code}100", name=name)


def test_snippet_bulk_delete_names_no_venue_of_another_hub(setup):
    # Wagtail's snippet bulk delete, which the directory's venues share.
    own = venue_in(setup, "A", "Lieu Aubépine")
    foreign = venue_in(setup, "B", "Lieu Bruyère")
    client = client_for(setup["A"]["coordinator"])
    assert client.get(bulk("directory", "venue", "delete", [foreign.pk])).status_code == 404
    for ids in ([own.pk, foreign.pk], ["all"]):
        content = content_of(client.get(bulk("directory", "venue", "delete", ids)))
        assert "Lieu Aubépine" in content
        assert "Lieu Bruyère" not in content


def test_page_chooser_of_a_page_type_does_not_start_inside_another_hubs_draft(setup):
    # Every event stands under hub B's draft page: Wagtail would open the chooser there.
    draft = Page.objects.get(pk=setup["B"]["draft"])
    draft.add_child(
        instance=EventPage(
            title="Atelier", slug="atelier", start=timezone.now(), location_name="Ici", live=False
        )
    )
    client = client_for(setup["A"]["coordinator"])
    response = client.get(choose(query="?page_type=hubsite.eventpage"))
    assert response.status_code == 200
    assert_names_nothing_of("B", response)
