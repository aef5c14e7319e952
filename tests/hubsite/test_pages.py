"""The public pages: every page type renders, where pages may be created, maps, iCalendar,
listings, error pages and SQL query counts that do not grow with the data."""

import datetime
import itertools
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.rich_text import RichText

from hubsite import maps
from hubsite.ical import event_to_ical
from hubsite.models import (
    EventIndexPage,
    EventPage,
    HomePage,
    Hub,
    HubPage,
    HubTeamMember,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from hubsite.models.pages import PAGE_SIZE
from hubsite.services import set_hub_departements
from hubsite.templatetags.maillage import event_dates
from hubsite.views import server_error
from tests.factories import (
    DepartementFactory,
    HubFactory,
    add_event,
    add_news,
    add_standard_page,
)


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def make_image(hub=None, *, title="Atelier", description="Des personnes devant un ordinateur"):
    image = get_image_model()(
        title=title,
        description=description,
        file=get_test_image_file(size=(1000, 600)),
        **({"collection": hub.collection} if hub else {}),
    )
    image.save()
    return image


def make_document(*, title="Programme", name="programme.pdf", size=2048):
    document = get_document_model()(title=title, file=ContentFile(b"%" * size, name=name))
    document.save()
    return document


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text_of(markup: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture
def hub(db):
    hub = HubFactory(
        name="Bretagne",
        slug="bretagne",
        presentation="Le hub des lieux bretons.",
        contact_email="contact@bretagne.example",
        contact_phone="01 99 00 00 01",
        departements=[
            DepartementFactory(code="29", name="Finistère"),
            DepartementFactory(code="56", name="Morbihan"),
        ],
    )
    HubTeamMember.objects.create(page=hub.page, name="Camille Le Gall", role="Coordinatrice")
    return hub


def in_days(days: int, hour: int = 14) -> datetime.datetime:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


# -- every page type renders -------------------------------------------------------------


def test_home_page_shows_map_hubs_figures_and_latest_news_with_their_hub(client, hub):
    other = HubFactory(name="Auvergne", slug="auvergne", departements=fresh_departements())
    add_news(hub, title="Ouverture d'un espace numérique")
    add_news(other, title="Formation des aidants")

    page = html(client.get("/"))

    assert page.count("<h1") == 1
    assert '<html lang="fr">' in page
    assert 'class="map map--france"' in page
    assert '<a href="/bretagne/" class="map-hub" aria-label="Bretagne">' in page
    assert '<a href="/auvergne/" class="map-hub" aria-label="Auvergne">' in page
    assert "Finistère (29), Morbihan (56)" in page  # the legend, readable without the map
    assert "Chiffres clés" in page
    assert "hubs territoriaux" in page
    news = text_of(page.split("Dernières actualités des hubs", 1)[1])
    assert "Ouverture d'un espace numérique Bretagne" in news
    assert "Formation des aidants Auvergne" in news


def test_home_page_is_served_at_the_root_with_header_and_footer(client, hub):
    page = html(client.get("/"))
    assert 'href="#contenu"' in page and '<main id="contenu"' in page
    assert '<a href="/lieux/">Trouver un lieu</a>' in page
    assert '<a href="/bretagne/">Bretagne</a>' in page  # the hubs in the main menu
    assert '<a href="/recherche/">Rechercher</a>' in page
    for url in ("/mentions-legales/", "/accessibilite/", "/donnees-personnelles/"):
        assert f'href="{url}"' in page


def test_hub_page_shows_territory_presentation_team_contacts_news_and_upcoming_events(client, hub):
    add_news(hub, title="Lancement du hub")
    add_event(hub, title="Café numérique", days_ahead=5)
    add_event(hub, title="Atelier passé", days_ahead=-5)

    page = html(client.get("/bretagne/"))

    assert page.count("<h1") == 1
    assert 'class="map map--hub" role="img"' in page
    assert "Carte du territoire du hub Bretagne : Finistère, Morbihan" in page
    assert ">Finistère</text>" in page
    assert "Le hub des lieux bretons." in page
    assert "Camille Le Gall" in page and "Coordinatrice" in page
    assert 'href="mailto:contact@bretagne.example"' in page
    assert 'href="tel:0199000001"' in page
    assert "Lancement du hub" in page
    assert "Café numérique" in page
    assert "Atelier passé" not in page
    assert 'href="/bretagne/actualites/"' in page
    assert 'href="/bretagne/evenements/"' in page


def test_hub_page_includes_the_sections_other_apps_provide(client, hub):
    def section(request, section_hub):
        return f'<section id="section-test"><h2>Section de {section_hub.name}</h2></section>'

    with hooks.register_temporarily("maillage_hub_sections", section):
        page = html(client.get("/bretagne/"))
    assert '<section id="section-test"><h2>Section de Bretagne</h2></section>' in page


def test_news_index_lists_articles_newest_first(client, hub):
    today = timezone.localdate()
    add_news(hub, title="Ancienne", date=today - datetime.timedelta(days=30))
    add_news(hub, title="Récente", date=today)

    page = html(client.get("/bretagne/actualites/"))

    assert page.index("Récente") < page.index("Ancienne")
    assert "Bretagne" in text_of(page.split("<h1", 1)[1].split("</h1>", 1)[0])
    assert "pagination" not in page  # a single page needs none


def test_news_index_paginates_with_accessible_links(client, hub):
    today = timezone.localdate()
    for number in range(PAGE_SIZE + 3):
        add_news(hub, title=f"Article {number:02d}", date=today - datetime.timedelta(days=number))

    first = html(client.get("/bretagne/actualites/"))
    second = html(client.get("/bretagne/actualites/?page=2"))
    beyond = html(client.get("/bretagne/actualites/?page=99"))

    assert first.count('class="item-title"') == PAGE_SIZE
    assert '<nav class="pagination" aria-label="Pagination">' in first
    assert 'aria-current="page"><span class="visually-hidden">Page </span>1</a>' in first
    assert 'href="?page=2" rel="next">Page suivante</a>' in first
    assert "Article 14" in second and "Article 00" not in second
    assert 'href="?page=1" rel="prev">Page précédente</a>' in second
    assert "Page 2 sur 2" in second
    assert "Article 14" in beyond  # out of range: the last page


def test_news_page_shows_date_image_with_alt_text_and_body(client, hub):
    image = make_image(hub, description="Deux médiatrices et un usager")
    add_news(
        hub,
        title="Un nouvel espace",
        intro="Six postes en libre accès.",
        date=datetime.date(2025, 3, 1),
        image=image,
        body=[("paragraph", RichText("<p>Ouvert le mardi.</p>"))],
    )

    page = html(client.get("/bretagne/actualites/un-nouvel-espace/"))

    assert '<time datetime="2025-03-01">1 mars 2025</time>' in page
    assert "<picture>" in page and 'type="image/webp"' in page and "srcset=" in page
    assert 'alt="Deux médiatrices et un usager"' in page
    assert "Six postes en libre accès." in page
    assert "<p>Ouvert le mardi.</p>" in page
    crumbs = page.split('aria-label="Fil d\'Ariane">', 1)[1].split("</nav>", 1)[0]
    assert text_of(crumbs) == "Accueil Bretagne Actualités Un nouvel espace"
    assert '<span aria-current="page">Un nouvel espace</span>' in crumbs


def test_event_index_separates_upcoming_and_past_events(client, hub):
    add_event(hub, title="Atelier à venir", start=in_days(3))
    add_event(hub, title="Atelier en cours", start=in_days(-1), end=in_days(1))
    add_event(hub, title="Atelier passé", start=in_days(-3))

    upcoming = html(client.get("/bretagne/evenements/"))
    past = html(client.get("/bretagne/evenements/passes/"))

    assert "Atelier à venir" in upcoming and "Atelier en cours" in upcoming
    assert "Atelier passé" not in upcoming
    assert upcoming.index("Atelier en cours") < upcoming.index("Atelier à venir")
    assert "Atelier passé" in past and "Atelier à venir" not in past
    assert '<a href="/bretagne/evenements/" aria-current="page">À venir</a>' in upcoming
    assert '<a href="/bretagne/evenements/passes/" aria-current="page">Passés</a>' in past
    assert "Événements passés" in text_of(past.split("<h1", 1)[1].split("</h1>", 1)[0])


def test_event_index_writes_dates_in_french(client, hub):
    start = timezone.make_aware(datetime.datetime(2030, 6, 4, 14, 0))
    add_event(hub, title="Atelier", start=start, end=start + datetime.timedelta(minutes=150))

    page = html(client.get("/bretagne/evenements/"))

    assert "mardi 4 juin 2030, de 14 h à 16 h 30" in page


def test_event_dates_cover_single_moments_and_several_days():
    start = timezone.make_aware(datetime.datetime(2030, 3, 1, 9, 30))
    assert event_dates(start) == "vendredi 1er mars 2030 à 9 h 30"
    assert event_dates(start, start + datetime.timedelta(days=1, hours=8)) == (
        "du vendredi 1er mars 2030 à 9 h 30 au samedi 2 mars 2030 à 17 h 30"
    )


def test_event_page_shows_when_where_registration_and_calendar_link(client, hub):
    add_event(
        hub,
        title="Webinaire sécurité",
        start=in_days(10),
        location_name="Médiathèque de Brest",
        address="1 rue de Siam, 29200 Brest",
        online_url="https://visio.example.org/securite",
        registration_url="https://inscription.example.org/securite",
    )

    page = html(client.get("/bretagne/evenements/webinaire-securite/"))

    assert "Médiathèque de Brest" in page and "1 rue de Siam, 29200 Brest" in page
    assert '<a href="https://visio.example.org/securite">' in page
    assert '<a class="button" href="https://inscription.example.org/securite">' in page
    assert 'href="/bretagne/evenements/webinaire-securite/calendrier.ics"' in page
    assert "Ajouter à mon agenda" in page
    assert "Cet événement est terminé." not in page


def test_past_event_page_says_it_is_over_and_offers_no_registration(client, hub):
    add_event(
        hub,
        title="Atelier fini",
        start=in_days(-10),
        registration_url="https://inscription.example.org/fini",
    )
    page = html(client.get("/bretagne/evenements/atelier-fini/"))
    assert "Cet événement est terminé." in page
    assert "inscription.example.org" not in page


def test_standard_page_renders_every_block_type(client, hub):
    image = make_image(hub, description="Un réseau de lieux")
    image.contextual_alt_text = "Carte des lieux du Finistère"
    image.decorative = False
    document = make_document(title="Programme", name="programme.pdf", size=2048)
    target = add_standard_page(hub.page, title="Contacts")
    add_standard_page(
        hub.page,
        title="Ressources",
        body=[
            ("paragraph", RichText("<h2>Bien accueillir</h2><p>Des fiches pratiques.</p>")),
            ("image", image),
            ("document", {"document": document, "title": "Le programme"}),
            ("quote", {"quote": "Apprendre à tout âge.", "author": "Camille"}),
            (
                "call_to_action",
                {"title": "Nous écrire", "text": "", "page": target, "url": "", "label": "Écrire"},
            ),
            (
                "call_to_action",
                {
                    "title": "La carte",
                    "text": "Tous les lieux.",
                    "page": None,
                    "url": "https://example.org/lieux",
                    "label": "Voir la carte",
                },
            ),
        ],
    )

    page = html(client.get("/bretagne/ressources/"))

    assert "<h2>Bien accueillir</h2>" in page
    assert 'alt="Carte des lieux du Finistère"' in page and "<picture>" in page
    assert re.search(r'<a href="/documents/\d+/programme\.pdf">Le programme', page)
    assert "(PDF, 2,0\xa0Kio)" in page
    assert re.search(
        r'<figure class="block-quote">\s*<blockquote><p>Apprendre à tout âge.</p></blockquote>'
        r"\s*<figcaption>— Camille</figcaption>",
        page,
    )
    assert '<a class="button" href="/bretagne/contacts/">Écrire</a>' in page
    assert '<a class="button" href="https://example.org/lieux">Voir la carte</a>' in page


def test_standard_page_lists_its_subpages(client, hub):
    section = add_standard_page(hub.page, title="Ressources")
    add_standard_page(section, title="Guides")
    page = html(client.get("/bretagne/ressources/"))
    assert '<a href="/bretagne/ressources/guides/">Guides</a>' in page


def test_national_standard_page_renders_without_hub(client, home):
    add_standard_page(home, title="Mentions légales", slug="mentions-legales")
    page = html(client.get("/mentions-legales/"))
    assert "<h1>Mentions légales</h1>" in page


def test_unknown_address_gets_the_friendly_404_page(client, hub):
    response = client.get("/bretagne/nulle-part/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page introuvable</h1>" in page
    assert '<label for="introuvable-q">' in page
    assert '<html lang="fr">' in page


def test_500_page_renders_without_context_processors_or_database(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Le site rencontre un problème</h1>" in page
    assert '<html lang="fr">' in page
    assert "Maillage" in page


# -- which pages may be created where -----------------------------------------------------


def test_page_types_may_only_be_created_where_they_belong(hub):
    root = Page.get_first_root_node().specific
    home = HomePage.objects.get()
    news_index = NewsIndexPage.objects.get(hub=hub)
    event_index = EventIndexPage.objects.get(hub=hub)
    news = add_news(hub)
    event = add_event(hub)
    free = add_standard_page(hub.page, title="Ressources")
    parents = [root, home, hub.page, news_index, event_index, news, event, free]
    # The home page is a singleton and a hub has one news and one event listing already.
    allowed = {
        HomePage: [],
        HubPage: [home],
        NewsIndexPage: [],
        NewsPage: [news_index],
        EventIndexPage: [],
        EventPage: [event_index],
        StandardPage: [home, hub.page, free],
    }
    for page_class, expected in allowed.items():
        possible = [parent for parent in parents if page_class.can_create_at(parent)]
        assert possible == expected, page_class


def test_page_type_rules_are_declared_both_ways():
    assert HomePage.allowed_subpage_models() == [HubPage, StandardPage]
    assert set(HubPage.allowed_subpage_models()) == {NewsIndexPage, EventIndexPage, StandardPage}
    assert NewsIndexPage.allowed_subpage_models() == [NewsPage]
    assert EventIndexPage.allowed_subpage_models() == [EventPage]
    assert NewsPage.allowed_subpage_models() == []
    assert EventPage.allowed_subpage_models() == []
    assert StandardPage.allowed_subpage_models() == [StandardPage]
    assert set(StandardPage.allowed_parent_page_models()) == {HomePage, HubPage, StandardPage}
    assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]


def test_a_hub_holds_a_single_news_and_event_listing(hub):
    assert not NewsIndexPage.can_create_at(hub.page)
    assert not EventIndexPage.can_create_at(hub.page)
    assert StandardPage.can_create_at(hub.page)


# -- iCalendar ----------------------------------------------------------------------------


def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_ical_download_is_a_valid_calendar(client, hub):
    add_event(
        hub,
        title="Atelier; numérique, pour tous",
        intro="Une ligne\r\nune autre, avec \\ barre " + "très longue " * 10,
        start=timezone.make_aware(datetime.datetime(2030, 6, 4, 14, 0)),
        end=timezone.make_aware(datetime.datetime(2030, 6, 4, 16, 30)),
        location_name="Médiathèque",
    )

    response = client.get("/bretagne/evenements/atelier-numerique-pour-tous/calendrier.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="atelier-numerique-pour-tous.ics"'
    )
    body = response.content.decode("utf-8")
    assert body.endswith("\r\n")
    assert "\n" not in body.replace("\r\n", "")  # every line ends with CRLF
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "\r\n " in body  # the long description was folded
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and "BEGIN:VEVENT" in lines and "END:VEVENT" in lines
    assert "SUMMARY:Atelier\\; numérique\\, pour tous" in lines
    assert "DTSTART:20300604T120000Z" in lines and "DTEND:20300604T143000Z" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert description.startswith("DESCRIPTION:Une ligne\\nune autre\\, avec \\\\ barre")
    assert "LOCATION:Médiathèque" in lines
    assert any(re.fullmatch(r"UID:[0-9a-f-]{36}@maillage", line) for line in lines)
    assert any(re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line) for line in lines)
    assert "URL:http://testserver/bretagne/evenements/atelier-numerique-pour-tous/" in lines


def test_ical_folding_never_splits_a_multibyte_character(hub):
    event = add_event(hub, title="é" * 100, start=in_days(2))
    body = event_to_ical(event, RequestFactory().get("/"))
    for line in body.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
        line.encode("utf-8").decode("utf-8")
    assert "SUMMARY:" + "é" * 100 in unfold(body)


def test_ical_of_an_online_event_gives_its_link_as_location(hub):
    event = add_event(
        hub, title="Webinaire", location_name="", online_url="https://visio.example.org/a"
    )
    body = event_to_ical(event, RequestFactory().get("/"))
    assert "LOCATION:https://visio.example.org/a" in unfold(body)


# -- maps ---------------------------------------------------------------------------------


def contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_map_colours_meet_wcag_contrast():
    for colour in maps.HUB_COLOURS:
        assert contrast(colour, "#ffffff") >= 3, colour  # against the page
        assert contrast(colour, maps.OTHER_FILL) >= 3, colour  # against other départements
    # Names are written in white over the hub's colour.
    assert contrast("#ffffff", maps.HUB_COLOURS[0]) >= 4.5
    assert contrast(maps.TEXT_COLOUR, "#ffffff") >= 4.5
    assert contrast(maps.INSET_FRAME, "#ffffff") >= 3
    assert len(set(maps.HUB_COLOURS)) == len(maps.HUB_COLOURS)


def test_france_map_links_each_hub_and_greys_other_departements(hub):
    DepartementFactory(code="12", name="Aveyron")
    DepartementFactory(
        code="971",
        name="Guadeloupe",
        boundary={
            "type": "Polygon",
            "coordinates": [[[-61.8, 16.0], [-61.2, 16.0], [-61.2, 16.5], [-61.8, 16.0]]],
        },
    )
    hubs = list(Hub.objects.select_related("page").prefetch_related("departements"))

    svg = str(maps.france_map(maps.hub_areas(hubs)))

    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="group" aria-labelledby="carte-hubs-titre"' in svg
    assert svg.count('class="map-hub"') == 1
    link = svg.split('<a href="/bretagne/" class="map-hub" aria-label="Bretagne">', 1)[1]
    assert link.startswith('<title>Bretagne</title><path d="M')
    assert f'fill="{maps.HUB_COLOURS[0]}"' in link.split("</a>", 1)[0]
    grey = svg.split('<g aria-hidden="true"', 1)[1].split("</g>", 1)[0]
    assert f'fill="{maps.OTHER_FILL}"' in grey and "<path d=" in grey
    assert ">Guadeloupe</text>" in grey  # an overseas inset


def _hub_link(page: str) -> str:
    return page.split('aria-label="Bretagne">', 1)[1].split("</a>", 1)[0]


def test_home_map_is_cached_and_follows_changes_of_territory(client, hub):
    before = _hub_link(html(client.get("/")))
    hubs = list(Hub.objects.select_related("page").prefetch_related("departements"))
    with CaptureQueriesContext(connection) as queries:
        maps.france_map(maps.hub_areas(hubs))
    assert len(queries) == 0  # served from the cache

    extra = DepartementFactory(
        code="22",
        name="Côtes-d'Armor",
        boundary={"type": "Polygon", "coordinates": [[[1, 47], [2, 47], [2, 48], [1, 47]]]},
    )
    set_hub_departements(hub=hub, departements=[*hub.departements.all(), extra])

    after = _hub_link(html(client.get("/")))
    assert after != before and after.count("M") == before.count("M") + 1


def test_hub_map_is_drawn_once_then_cached(hub):
    departements = list(hub.departements.all())
    with CaptureQueriesContext(connection) as cold:
        first = maps.hub_map(hub, departements)
    with CaptureQueriesContext(connection) as warm:
        assert maps.hub_map(hub, departements) == first
    assert len(cold) > 0 and len(warm) == 0
    maps.invalidate()
    with CaptureQueriesContext(connection) as again:
        maps.hub_map(hub, departements)
    assert len(again) == len(cold)


def test_simplify_keeps_the_shape_within_tolerance():
    square_with_noise = [(0, 0), (5, 0.1), (10, 0), (10, 10), (5, 9.9), (0, 10), (0, 0)]
    assert maps.simplify(square_with_noise, 0.5) == [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    assert maps.simplify(square_with_noise, 0.05) == square_with_noise


# -- query counts do not grow with the data ------------------------------------------------


def count_queries(client, url: str, *, warm: bool = True) -> int:
    """Queries of one request; ``warm`` first renders once so that caches are filled."""
    if warm:
        assert client.get(url).status_code == 200
    else:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


_codes = itertools.count(1)


def fresh_departements() -> list:
    """Two départements no other test hub uses (codes outside the factory's sequence)."""
    return [DepartementFactory(code=f"X{next(_codes):02d}") for _ in range(2)]


def grow_hubs(count: int) -> list:
    hubs = []
    for _ in range(count):
        hub = HubFactory(departements=fresh_departements())
        add_news(hub, title=f"Nouvelles de {hub.name}")
        add_event(hub, title=f"Atelier de {hub.name}", days_ahead=3)
        hubs.append(hub)
    return hubs


def fill_hub(hub, count: int) -> None:
    for number in range(count):
        add_news(hub, title=f"Article {hub.pk}-{number}", image=make_image(hub))
        add_event(hub, title=f"À venir {hub.pk}-{number}", days_ahead=number + 1)
        add_event(
            hub,
            title=f"Passé {hub.pk}-{number}",
            days_ahead=-(number + 1),
            online_url="https://visio.example.org/",
        )
        HubTeamMember.objects.create(page=hub.page, name=f"Membre {number}")


@pytest.mark.parametrize("warm", [True, False], ids=["cache-warm", "cache-cold"])
def test_home_page_queries_do_not_grow_with_hubs_or_news(client, hub, warm):
    grow_hubs(1)
    small = count_queries(client, "/", warm=warm)
    grow_hubs(3)
    fill_hub(hub, 3)
    assert count_queries(client, "/", warm=warm) == small


@pytest.mark.parametrize("warm", [True, False], ids=["cache-warm", "cache-cold"])
def test_hub_page_queries_do_not_grow_with_news_events_team_or_hubs(client, hub, warm):
    fill_hub(hub, 1)
    small = count_queries(client, "/bretagne/", warm=warm)
    fill_hub(hub, 3)
    grow_hubs(2)
    assert count_queries(client, "/bretagne/", warm=warm) == small


def test_news_index_queries_do_not_grow_with_articles(client, hub):
    fill_hub(hub, 4)
    small = count_queries(client, "/bretagne/actualites/")
    fill_hub(hub, 8)
    grow_hubs(2)
    assert count_queries(client, "/bretagne/actualites/") == small
    assert count_queries(client, "/bretagne/actualites/?page=2") == small


def test_news_page_queries_do_not_grow_with_articles(client, hub):
    add_news(hub, title="Repère", image=make_image(hub), body=[("paragraph", RichText("<p>x</p>"))])
    fill_hub(hub, 1)
    small = count_queries(client, "/bretagne/actualites/repere/")
    fill_hub(hub, 3)
    grow_hubs(2)
    assert count_queries(client, "/bretagne/actualites/repere/") == small


def test_event_index_queries_do_not_grow_with_events(client, hub):
    fill_hub(hub, 4)
    upcoming = count_queries(client, "/bretagne/evenements/")
    past = count_queries(client, "/bretagne/evenements/passes/")
    fill_hub(hub, 8)
    grow_hubs(2)
    assert count_queries(client, "/bretagne/evenements/") == upcoming
    assert count_queries(client, "/bretagne/evenements/passes/") == past


def test_event_page_queries_do_not_grow_with_events(client, hub):
    add_event(hub, title="Repère", days_ahead=4, online_url="https://visio.example.org/")
    fill_hub(hub, 1)
    small = count_queries(client, "/bretagne/evenements/repere/")
    fill_hub(hub, 3)
    grow_hubs(2)
    assert count_queries(client, "/bretagne/evenements/repere/") == small


def test_standard_page_queries_do_not_grow_with_subpages_or_hubs(client, hub):
    section = add_standard_page(
        hub.page,
        title="Ressources",
        body=[("paragraph", RichText("<p>Des fiches.</p>"))],
    )
    add_standard_page(section, title="Guide 0")
    small = count_queries(client, "/bretagne/ressources/")
    for number in range(1, 4):
        add_standard_page(section, title=f"Guide {number}")
    grow_hubs(2)
    assert count_queries(client, "/bretagne/ressources/") == small


def test_pages_are_light(client, hub):
    fill_hub(hub, 2)
    for url in ("/", "/bretagne/", "/bretagne/actualites/", "/bretagne/evenements/"):
        page = html(client.get(url))
        assert "<script" not in page  # readable without JavaScript, nothing to download
        assert 'style="' not in page  # the Content Security Policy forbids inline styles


def test_default_site_serves_the_home_page(home):
    assert Site.objects.get(is_default_site=True).root_page.specific == home


def test_ical_of_a_private_event_asks_to_log_in(client, hub):
    event = add_event(hub, title="Réunion interne")
    PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/bretagne/evenements/reunion-interne/calendrier.ics")

    assert response.status_code == 302
    assert "BEGIN:VCALENDAR" not in response.content.decode()


def test_ical_address_of_a_page_that_is_no_event_is_not_found(client, hub):
    assert client.get("/bretagne/calendrier.ics").status_code == 404
    assert client.get("/bretagne/evenements/calendrier.ics").status_code == 404
    assert client.get("/nulle-part/calendrier.ics").status_code == 404
