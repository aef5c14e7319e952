"""Private iCalendar feeds: valid RFC 5545 parsed back, every deadline of what the owner
sees, and a guessed, revoked or regenerated token answers 404."""

import datetime
import re

import icalendar
import pytest
from django.urls import reverse

from funding import feeds
from funding.deadlines import sync_deadlines
from funding.models import CalendarFeed, Status
from tests.factories import coordinator_of
from tests.funding.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def feed_url(token: str) -> str:
    return reverse("funding_calendar_feed", args=[token])


def token_from(response) -> str:
    text = " ".join(str(message) for message in response.context["messages"])
    return re.search(r"/financements/calendrier/([\w-]+)\.ics", text).group(1)


@pytest.fixture
def applications(hub_a, hub_b):
    own = ApplicationFactory(
        hub=hub_a,
        status=Status.PAYMENTS,
        title="Bus numérique",
        final_report_due_on=datetime.date(2027, 1, 31),
    )
    shared = ApplicationFactory(
        hub=hub_b,
        status=Status.PAYMENTS,
        title="Réseau régional",
        agreement_ends_on=datetime.date(2027, 6, 30),
    )
    shared.partner_hubs.add(hub_a)
    other = ApplicationFactory(
        hub=hub_b,
        status=Status.PAYMENTS,
        title="Secret du hub B",
        final_report_due_on=datetime.date(2027, 2, 1),
    )
    for application in (own, shared, other):
        sync_deadlines(application)
    return own, shared, other


def test_a_coordinator_gets_a_hub_feed_that_parses_back_with_every_deadline(
    client, coordinator, hub_a, applications
):
    client.force_login(coordinator)
    response = client.post(reverse("funding_calendars"), {"hub": hub_a.pk}, follow=True)
    token = token_from(response)
    ics = client.get(feed_url(token))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(ics.content)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = cal.walk("VEVENT")
    summaries = sorted(str(event["SUMMARY"]) for event in events)
    assert summaries == ["Bilan à rendre — Bus numérique", "Fin de la convention — Réseau régional"]
    assert all(event["UID"] and event["DTSTAMP"] for event in events)
    starts = {event.decoded("DTSTART") for event in events}
    assert starts == {datetime.date(2027, 1, 31), datetime.date(2027, 6, 30)}
    assert b"Secret du hub B" not in ics.content


def test_a_persons_feed_follows_what_they_see(client, coordinator, applications):
    client.force_login(coordinator)
    token = token_from(client.post(reverse("funding_calendars"), {}, follow=True))
    assert CalendarFeed.objects.get().user == coordinator
    cal = icalendar.Calendar.from_ical(client.get(feed_url(token)).content)
    assert len(cal.walk("VEVENT")) == 2


def test_a_guessed_revoked_or_regenerated_token_answers_404(client, coordinator, hub_a):
    client.force_login(coordinator)
    first = token_from(client.post(reverse("funding_calendars"), {"hub": hub_a.pk}, follow=True))
    client.logout()
    assert client.get(feed_url(first)).status_code == 200
    assert client.get(feed_url("devine" + first[6:])).status_code == 404
    assert client.get(feed_url("x" * 300)).status_code == 404

    client.force_login(coordinator)
    second = token_from(client.post(reverse("funding_calendars"), {"hub": hub_a.pk}, follow=True))
    assert client.get(feed_url(first)).status_code == 404
    assert client.get(feed_url(second)).status_code == 200
    feed = CalendarFeed.objects.get()
    client.post(reverse("funding_calendar_revoke", args=[feed.pk]))
    assert client.get(feed_url(second)).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_another_hubs_coordinator_can_neither_make_nor_revoke_a_hubs_feed(client, hub_a, hub_b):
    token = feeds.regenerate(hub=hub_a, by=None)
    client.force_login(coordinator_of(hub_b))
    assert client.post(reverse("funding_calendars"), {"hub": hub_a.pk}).status_code == 404
    feed = CalendarFeed.objects.get()
    assert client.post(reverse("funding_calendar_revoke", args=[feed.pk])).status_code == 404
    assert feeds.feed_for(token) == feed
    assert b"Hub A" not in client.get(reverse("funding_calendars")).content
