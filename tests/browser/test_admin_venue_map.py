"""The venue form's map: a coordinator places a venue by dragging its marker."""

import pytest
from django.urls import reverse

from directory.models import Status, Venue
from tests.directory.factories import VenueFactory
from tests.factories import CommuneFactory, HubFactory, coordinator_of

PASSWORD = "motdepasse-de-test"


@pytest.fixture
def venue_and_coordinator(portal):
    hub = HubFactory(name="Hub carte", slug="hub-carte")
    departement = hub.departements.order_by("code").first()
    commune = CommuneFactory(departement=departement, postcodes=[f"{departement.code}100"])
    venue = VenueFactory(
        commune=commune,
        postcode=f"{departement.code}100",
        status=Status.PENDING,
        position_is_approximate=True,
    )
    return venue, coordinator_of(hub)


def log_in(page, live_url, user):
    page.goto(live_url(reverse("wagtailadmin_login")))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_url(reverse("wagtailadmin_home")))


def open_the_map(page, live_url, venue, coordinator):
    """The venue's edit form, logged in as ``coordinator``, on the tab with the map: its marker."""
    log_in(page, live_url, coordinator)
    page.goto(live_url(reverse("venues:edit", args=[venue.pk])))
    page.get_by_role("tab", name="Adresse et position").click()
    marker = page.locator(".venue-map .leaflet-marker-icon")
    marker.wait_for()
    return marker


def test_dragging_the_marker_fills_the_position_and_saves_it_as_exact(
    page, live_url, venue_and_coordinator, console_errors, outside_requests
):
    venue, coordinator = venue_and_coordinator
    marker = open_the_map(page, live_url, venue, coordinator)
    latitude = page.locator('input[data-venue-map="latitude"]')
    longitude = page.locator('input[data-venue-map="longitude"]')
    before = (latitude.input_value(), longitude.input_value())

    page.evaluate("document.querySelector('.venue-map').scrollIntoView({block: 'center'})")
    box = marker.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 80, box["y"] + 60, steps=8)
    page.mouse.up()

    after = (latitude.input_value(), longitude.input_value())
    assert after != before
    # Wait for the saved page, not for a quiet network: the click alone may return before
    # the form is even posted.
    with page.expect_navigation():
        page.locator("button[type=submit]", has_text="Enregistrer").first.click()
    page.locator(".messages .success").wait_for()
    venue = Venue.objects.get(pk=venue.pk)
    assert (venue.latitude, venue.longitude) == (float(after[0]), float(after[1]))
    assert venue.position_is_approximate is False
    assert outside_requests == []
    assert console_errors == []


def test_typing_a_position_moves_the_marker(page, live_url, venue_and_coordinator):
    venue, coordinator = venue_and_coordinator
    marker = open_the_map(page, live_url, venue, coordinator)
    start = marker.bounding_box()

    page.fill('input[data-venue-map="latitude"]', str(round(venue.latitude + 0.002, 6)))
    page.locator('input[data-venue-map="latitude"]').dispatch_event("change")

    moved = marker.bounding_box()
    assert (moved["x"], moved["y"]) != (start["x"], start["y"])


def test_a_position_far_from_the_commune_is_flagged_on_the_map_then_refused(
    page, live_url, venue_and_coordinator, console_errors
):
    venue, coordinator = venue_and_coordinator
    open_the_map(page, live_url, venue, coordinator)
    warning = page.locator(".venue-map__warning")
    assert warning.text_content() == ""

    for role, value in (("latitude", "43.3"), ("longitude", "5.4")):
        page.fill(f'input[data-venue-map="{role}"]', value)
        page.locator(f'input[data-venue-map="{role}"]').dispatch_event("change")

    assert "plus de 50 km du centre de la commune" in warning.text_content()
    with page.expect_navigation():
        page.locator("button[type=submit]", has_text="Enregistrer").first.click()
    assert "km au plus du centre de sa commune" in page.content()
    stored = Venue.objects.get(pk=venue.pk)
    assert (stored.latitude, stored.longitude) == (venue.latitude, venue.longitude)
    assert console_errors == []
