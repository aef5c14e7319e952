"""The calls' catalogue in the admin: filters that combine and live in the URL, at a query
count that does not grow with the catalogue."""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding.models import FunderType, Perimeter
from funding.vocabulary import Applicant, Theme
from tests.funding.factories import CallFactory, FunderFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def listing(client, **filters):
    url = reverse("funding_calls:index") + "?" + urlencode(filters)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_coordinator_finds_a_call_closing_soon_that_covers_their_hub(client, coordinator, hub_a):
    today = timezone.localdate()
    foundation = ProgrammeFactory(
        funder=FunderFactory(name="Fondation", type=FunderType.FOUNDATION)
    )
    regional = CallFactory(
        title="Appel régional bientôt clos",
        perimeter=Perimeter.REGIONS,
        deadline_on=today + datetime.timedelta(days=5),
        themes=[Theme.SENIORS],
        amount_min=Decimal(5000),
        amount_max=Decimal(50000),
    )
    regional.regions.add(hub_a.departements.first().region)
    CallFactory(
        title="Appel lointain",
        deadline_on=today + datetime.timedelta(days=80),
        themes=[Theme.SENIORS],
    )
    CallFactory(
        title="Appel d'une fondation",
        programme=foundation,
        deadline_on=today + datetime.timedelta(days=3),
        themes=[Theme.SENIORS],
    )
    CallFactory(title="Appel clos", deadline_on=today - datetime.timedelta(days=1))
    CallFactory(
        title="Appel trop petit",
        deadline_on=today + datetime.timedelta(days=4),
        amount_max=Decimal(1000),
        eligible_applicants=[Applicant.COMPANY],
    )
    client.force_login(coordinator)

    page = listing(
        client,
        closing_within=14,
        theme=Theme.SENIORS,
        covers_hub=hub_a.pk,
        funder_type=FunderType.EU,
    )
    assert "Appel régional bientôt clos" in page
    for other in ("Appel lointain", "Appel d&#x27;une fondation", "Appel clos", "Appel trop petit"):
        assert other not in page
    assert "Appel d&#x27;une fondation" in listing(client, funder_type=FunderType.FOUNDATION)
    open_page = listing(client, open_now="true")
    assert "Appel clos" not in open_page and "Appel lointain" in open_page
    amount_page = listing(client, amount=20000)
    assert "Appel trop petit" not in amount_page and "Appel régional bientôt clos" in amount_page


def test_the_catalogue_costs_the_same_queries_for_more_calls(client, coordinator, hub_a):
    client.force_login(coordinator)
    CallFactory.create_batch(3, themes=[Theme.INCLUSION])  # some rows listed already
    url = reverse("funding_calls:index") + "?open_now=true&theme=" + Theme.INCLUSION
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    CallFactory.create_batch(20, themes=[Theme.INCLUSION])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
