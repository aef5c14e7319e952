"""A venue's public page (what, for whom, when, where, whom to contact) and the error reports
anyone can send from it, stored for the hub and throttled."""

import datetime
import re
import zoneinfo
from html import unescape

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from directory import throttle
from directory.models import ErrorReport, Status
from directory.views_venue import REPORTS_PER_VENUE_PER_HOUR, venue_context
from directory.vocabulary import Fee, Public, Service, SupportMode
from tests.directory.finder_data import bulk_venues, scatter, territory, venue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def places():
    return territory()


@pytest.fixture
def grand_font(places):
    return venue(
        places.angouleme,
        name="Espace numérique de la Grand-Font",
        address="12 rue de la Grand-Font",
        latitude=45.6530,
        longitude=0.1490,
        services=[Service.DEMARCHES, Service.SECURITE],
        publics=[Public.SENIORS],
        support_modes=[SupportMode.INDIVIDUEL],
        fees=[Fee.GRATUIT],
        accepts_pass_numerique=True,
        opening_hours="Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00",
        phone="05 45 00 00 00",
        booking_url="https://rdv.example.org/grand-font",
        accessibility_url="https://acceslibre.example.org/grand-font",
    )


def text_of(html: str) -> str:
    """The page's text with plain spaces and hyphens (French typography uses no-break spaces
    and en dashes)."""
    text = unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")
    return " ".join(text.replace("\N{EN DASH}", "-").split())


def test_venue_page_tells_what_for_whom_and_how_to_come(client, grand_font, places):
    response = client.get(grand_font.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert "<h1>Espace numérique de la Grand-Font" in html
    assert "Aide aux démarches administratives" in text
    assert "Utilisation sécurisée du numérique" in text
    assert "Accueille en priorité : Seniors." in text
    assert "Accompagnement : Accompagnement individuel" in text
    assert "Gratuit" in text and "Pass numérique accepté" in text
    assert "Lundi 9 h - 12 h, 14 h - 17 h" in text
    assert "Samedi 9 h - 12 h" in text
    assert "Dimanche Fermé" in text
    assert "12 rue de la Grand-Font 16000 Angoulême" in text
    assert 'href="tel:0545000000"' in html
    assert 'href="https://rdv.example.org/grand-font"' in html
    assert 'href="https://acceslibre.example.org/grand-font"' in html
    assert 'href="geo:45.653,0.149"' in html
    assert "https://www.openstreetmap.org/directions?route=%3B45.653%2C0.149" in html
    assert f'href="{places.hub.page.url}"' in html
    assert 'href="/lieux/?hub=charente-vienne"' in html
    assert 'data-map="venue" hidden' in html
    assert "position sur la carte est approximative" not in text


def test_opening_status_is_taken_at_the_given_moment(rf, grand_font):
    def page_at(*moment):
        request = rf.get(grand_font.get_absolute_url())
        now = datetime.datetime(*moment, tzinfo=PARIS)
        return text_of(
            render_to_string(
                "directory/venue_detail.html", venue_context(request, grand_font, now), request
            )
        )

    assert "Ouvert maintenant - ferme aujourd'hui à 12 h 00" in page_at(2024, 6, 3, 10, 30)
    assert "Fermé - ouvre aujourd'hui à 14 h 00" in page_at(2024, 6, 3, 12, 30)
    assert "Fermé - ouvre demain à 9 h 00" in page_at(2024, 6, 7, 18, 0)
    assert "Fermé - ouvre lundi à 9 h 00" in page_at(2024, 6, 8, 12, 0)


def test_unreadable_hours_are_shown_as_written(client, places):
    odd = venue(places.angouleme, opening_hours="Sur rendez-vous le mardi")
    text = text_of(client.get(odd.get_absolute_url()).content.decode())
    assert "Sur rendez-vous le mardi" in text
    assert "Ouvert maintenant" not in text


def test_an_approximate_position_is_said(client, places):
    approximate = venue(places.angouleme, position_is_approximate=True)
    assert "La position sur la carte est approximative" in text_of(
        client.get(approximate.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("status", [Status.PENDING, Status.SUSPENDED])
def test_only_qualified_venues_have_a_page(client, places, status):
    hidden = venue(places.angouleme, status=status)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.post(hidden.get_absolute_url() + "signaler/", {"message": "x"}).status_code == 404


def test_unknown_venue_is_not_found(client, db):
    assert client.get("/lieux/999999-nulle-part/").status_code == 404


def test_a_wrong_slug_or_none_redirects_to_the_venue_address(client, grand_font):
    expected = f"/lieux/{grand_font.pk}-espace-numerique-de-la-grand-font/"
    assert grand_font.get_absolute_url() == expected
    for path in (f"/lieux/{grand_font.pk}-ancien-nom/", f"/lieux/{grand_font.pk}/"):
        response = client.get(path)
        assert response.status_code == 301
        assert response["Location"] == expected


def report(client, venue, ip="203.0.113.7", **data):
    data.setdefault("message", "Le lieu est fermé le samedi depuis janvier.")
    return client.post(venue.get_absolute_url() + "signaler/", data, REMOTE_ADDR=ip)


def test_an_error_report_is_stored_then_confirmed(client, grand_font):
    response = report(client, grand_font, email="habitante@example.org")
    assert response.status_code == 302
    assert response["Location"] == grand_font.get_absolute_url() + "?signalement=merci#signaler"
    stored = ErrorReport.objects.get()
    assert stored.venue == grand_font
    assert stored.message == "Le lieu est fermé le samedi depuis janvier."
    assert stored.email == "habitante@example.org"
    assert stored.resolved_at is None
    confirmation = client.get(response["Location"])
    assert "Votre signalement a été transmis au hub" in text_of(confirmation.content.decode())


def test_an_empty_report_is_refused_with_a_message(client, grand_font):
    response = report(client, grand_font, message="  ", email="pas-un-courriel")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="field-error"' in html
    assert "<details open>" in html
    assert not ErrorReport.objects.exists()


def test_a_filled_trap_field_is_ignored_silently(client, grand_font):
    response = report(client, grand_font, website="https://spam.example")
    assert response.status_code == 302
    assert not ErrorReport.objects.exists()


def test_reports_are_throttled_per_client_and_venue(client, grand_font, places):
    for _ in range(REPORTS_PER_VENUE_PER_HOUR):
        assert report(client, grand_font).status_code == 302
    refused = report(client, grand_font)
    assert refused.status_code == 429
    assert "Réessayez dans une heure" in text_of(refused.content.decode())
    assert ErrorReport.objects.count() == REPORTS_PER_VENUE_PER_HOUR
    # Another client, or another venue, may still report.
    assert report(client, grand_font, ip="198.51.100.2").status_code == 302
    other = venue(places.soyaux)
    assert report(client, other).status_code == 302


def test_the_client_address_is_never_kept(rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.7")
    fingerprint = throttle.client_fingerprint(request)
    assert "203.0.113.7" not in fingerprint
    assert len(fingerprint) == 32
    assert fingerprint == throttle.client_fingerprint(rf.get("/x", REMOTE_ADDR="203.0.113.7"))
    assert not any(field.name in {"ip", "ip_address"} for field in ErrorReport._meta.fields)


def test_reports_only_by_post(client, grand_font):
    assert client.get(grand_font.get_absolute_url() + "signaler/").status_code == 405


def test_venue_page_queries_do_not_grow_with_the_venues(client, places, grand_font):
    client.get(grand_font.get_absolute_url())  # warms per-process caches (site root paths)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(grand_font.get_absolute_url()).status_code == 200
        return len(queries)

    bulk_venues(scatter(20, latitude=45.65, longitude=0.16, spread=0.1), commune=places.angouleme)
    few = count()
    bulk_venues(
        scatter(40, latitude=45.65, longitude=0.16, spread=0.1, seed=5), commune=places.angouleme
    )
    assert count() == few


@pytest.fixture
def rf():
    return RequestFactory()


def test_a_refused_reports_errors_are_those_its_fields_name(client, grand_font):
    html = report(client, grand_font, message="  ", email="pas-un-courriel").content.decode()

    for field in ("message", "email"):
        control = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', html).group(0)
        described_by = re.search(r'aria-describedby="([^"]+)"', control).group(1).split()
        assert f"id_{field}_error" in described_by
        for identifier in described_by:
            assert f'id="{identifier}"' in html
