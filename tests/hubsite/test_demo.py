"""The set-up commands: ``setup_portal`` prepares the site, ``load_demo`` fills it."""

import csv
import io
import json
from html import unescape
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from hubsite.management.commands.load_demo import DEMO_HUBS, DEMO_PASSWORD, NATIONAL_USERNAME
from hubsite.maps import polygons
from hubsite.models import (
    Departement,
    EventPage,
    HomePage,
    Hub,
    HubTeamMember,
    NewsPage,
    Region,
    StandardPage,
)
from hubsite.roles import FUNDER_REVIEWERS, MEDIATORS, NATIONAL_TEAM

DATA = Path(__file__).resolve().parents[2] / "hubsite" / "data"


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "hubs": Hub.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "team": HubTeamMember.objects.count(),
        "sites": Site.objects.count(),
    }


def run(command: str, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


# -- setup_portal -------------------------------------------------------------------------


def test_setup_portal_replaces_the_welcome_page_by_the_national_home(db, client):
    run("setup_portal")

    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == home
    bare_page = ContentType.objects.get_for_model(Page)
    assert not Page.objects.filter(depth=2, content_type=bare_page).exists()
    response = client.get("/")
    assert response.status_code == 200
    assert f"<h1>{home.title}</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "heading", "words"),
    [
        ("/mentions-legales/", "Mentions légales", "Éditeur"),
        ("/accessibilite/", "Déclaration d'accessibilité", "partiellement conforme"),
        ("/donnees-personnelles/", "Données personnelles", "RGPD"),
    ],
)
def test_setup_portal_publishes_the_legal_pages_in_french(db, client, url, heading, words):
    run("setup_portal")
    response = client.get(url)
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert heading in page and words in page


def test_accessibility_statement_follows_the_rgaa_outline(db, client):
    run("setup_portal")
    page = unescape(client.get("/accessibilite/").content.decode())
    for section in (
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert section in page, section


def test_setup_portal_creates_the_role_groups_and_is_idempotent(db):
    run("setup_portal")
    first = counts()
    home = HomePage.objects.get()
    legal = home.get_children().get(slug="mentions-legales").specific
    legal.title = "Mentions légales du portail"
    legal.save_revision().publish()

    run("setup_portal")

    assert counts() == first
    assert Group.objects.filter(name__in=[NATIONAL_TEAM, MEDIATORS, FUNDER_REVIEWERS]).count() == 3
    legal.refresh_from_db()
    assert legal.title == "Mentions légales du portail"  # an edited page is left alone


# -- load_demo ----------------------------------------------------------------------------


def load_regions_and_departements() -> None:
    """The real régions and départements with their boundaries (not the 35,000 communes)."""
    with (DATA / "regions.csv").open(encoding="utf-8") as handle:
        Region.objects.bulk_create(Region(**row) for row in csv.DictReader(handle))
    features = json.loads((DATA / "departements.geojson").read_text(encoding="utf-8"))
    boundaries = {f["properties"]["code"]: f for f in features["features"]}
    with (DATA / "departements.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    departements = []
    for row in rows:
        feature = boundaries[row["code"]]
        west, south, east, north = feature["bbox"]
        departements.append(
            Departement(
                code=row["code"],
                name=row["name"],
                region_id=row["region"],
                boundary=feature["geometry"],
                min_longitude=west,
                min_latitude=south,
                max_longitude=east,
                max_latitude=north,
            )
        )
    Departement.objects.bulk_create(departements)


CELL = 0.05  # degrees: about 5 km


def cells(geometry: dict) -> set[tuple[int, int]]:
    return {
        (round(lon / CELL), round(lat / CELL))
        for polygon in polygons(geometry)
        for ring in polygon
        for lon, lat, *_ in ring
    }


def touch(first: dict, second: dict) -> bool:
    """Whether two boundaries come within a cell of each other, i.e. share a border."""
    near = {(x + dx, y + dy) for x, y in cells(second) for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
    return bool(cells(first) & near)


def connected(departements: list[Departement]) -> bool:
    reached, frontier = {departements[0].code}, [departements[0]]
    while frontier:
        current = frontier.pop()
        for other in departements:
            if other.code not in reached and touch(current.boundary, other.boundary):
                reached.add(other.code)
                frontier.append(other)
    return len(reached) == len(departements)


def test_load_demo_builds_ten_hubs_with_content_and_logins_and_is_idempotent(
    db, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_regions_and_departements()

    output = run("load_demo", "--no-extensions")

    hubs = list(Hub.objects.prefetch_related("departements"))
    assert len(hubs) == len(DEMO_HUBS) == 10
    for hub in hubs:
        departements = list(hub.departements.all())
        assert 2 <= len(departements) <= 5, hub
        assert "hub" not in hub.name.lower().split()  # named after its territory
        if all(d.is_overseas for d in departements):
            continue
        assert not any(d.is_overseas for d in departements), hub
        assert connected(departements), f"{hub}: départements not neighbours"
    assert Departement.objects.get(code="16").hub is not None  # Charente: real venues later

    for hub in hubs:
        news = NewsPage.objects.live().filter(hub=hub)
        events = EventPage.objects.live().filter(hub=hub)
        assert news.count() >= 5
        assert len({article.date.month for article in news}) >= 3  # spread over months
        assert events.upcoming().exists() and events.past().exists()
        assert events.exclude(online_url="").exists()
        assert HubTeamMember.objects.filter(page__hub=hub).count() >= 2
        free_page = StandardPage.objects.live().get(hub=hub, slug="ressources")
        assert {block.block_type for block in free_page.body} == {
            "paragraph",
            "image",
            "document",
            "quote",
            "call_to_action",
        }
        assert client.get(hub.page.url).status_code == 200
        assert client.get(free_page.url).status_code == 200
    home = client.get("/")
    assert home.status_code == 200
    assert home.content.decode().count('class="map-hub"') == 10

    usernames = [f"coord-{spec.slug}" for spec in DEMO_HUBS] + [NATIONAL_USERNAME]
    for username in usernames:
        assert username in output
        client.logout()
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert client.get("/admin/").status_code == 200, username
    coordinator = get_user_model().objects.get(username="coord-bretagne")
    assert list(Hub.objects.coordinated_by(coordinator)) == [Hub.objects.get(slug="bretagne")]
    assert (
        get_user_model().objects.get(username=NATIONAL_USERNAME).groups.filter(name=NATIONAL_TEAM)
    )

    before = counts()
    again = run("load_demo", "--no-extensions")
    assert counts() == before
    assert "coord-bretagne" in again
    assert client.login(username="coord-bretagne", password=DEMO_PASSWORD)
