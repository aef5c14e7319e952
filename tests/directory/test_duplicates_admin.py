"""The likely duplicates in the admin: the list, the comparison, the merge field by field and
the dismissal, for the hub's coordinators only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.duplicate_services import refresh_pairs
from directory.models import DuplicatePair, PairStatus, Status, Venue, VenueSourceId
from hubsite.desk import desk_rows
from tests.directory.factories import VenueFactory
from tests.factories import CommuneFactory, coordinator_of


def twins(commune, number=0, **fields):
    first = VenueFactory(
        commune=commune,
        name=f"Médiathèque Colette {number}",
        phone=f"05450000{number:02d}",
        status=Status.QUALIFIED,
        opening_hours="Mo 09:00-12:00",
        **fields,
    )
    second = VenueFactory(
        commune=commune,
        name=f"Mediatheque Colette {number}",
        phone=f"+33 5 45 00 00 {number:02d}",
        status=Status.PENDING,
        opening_hours="",
        emails="colette@example.org",
        **fields,
    )
    return first, second


@pytest.fixture
def town(hub_a):
    return CommuneFactory(departement=hub_a.departements.first(), name="Ruelle")


def test_the_list_shows_the_hubs_pairs_with_score_and_reasons(client, coordinator, town, hub_b):
    twins(town)
    twins(CommuneFactory(departement=hub_b.departements.first(), name="Lannion"), 1)
    refresh_pairs()
    client.force_login(coordinator)

    response = client.get(reverse("duplicates:index"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Médiathèque Colette 0" in content and "même téléphone" in content
    assert "Colette 1" not in content


def test_the_lists_queries_do_not_grow_with_the_pairs(client, coordinator, town):
    client.force_login(coordinator)

    def count(pairs):
        for number in range(pairs):
            twins(town, number + 10 * pairs)
        refresh_pairs()
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("duplicates:index")).status_code == 200
        return len(context.captured_queries)

    few = count(2)
    many = count(12)
    assert DuplicatePair.objects.open().count() == 14
    assert many == few


def test_the_comparison_proposes_the_sensible_side_and_merges_without_javascript(
    client, coordinator, town
):
    qualified, pending = twins(town)
    refresh_pairs()
    pair = DuplicatePair.objects.get()
    client.force_login(coordinator)
    url = reverse("duplicates:compare", args=[pair.pk])

    page = client.get(url)

    content = page.content.decode()
    assert page.status_code == 200
    form = page.context["form"]
    # The qualified record is kept; its hours, which the other lacks, are proposed; the
    # e-mail only the other has is proposed from it.
    assert form["keep"].initial == qualified.pk
    assert form["opening_hours"].initial == qualified.pk
    assert form["emails"].initial == pending.pk
    assert 'type="radio" name="emails"' in content

    proposed = {bound.name: bound.initial for bound in form}
    response = client.post(url, {**proposed, "merge": "1", "name": pending.pk})

    assert response.status_code == 302
    assert response.url == reverse("venues:inspect", args=[qualified.pk])
    survivor = Venue.objects.get()
    assert (survivor.pk, survivor.name, survivor.emails) == (
        qualified.pk,
        "Mediatheque Colette 0",
        "colette@example.org",
    )
    assert survivor.status == Status.QUALIFIED
    assert VenueSourceId.objects.filter(venue=survivor).count() == 2
    history = client.get(reverse("venues:history", args=[survivor.pk])).content.decode()
    assert "Fusionné avec" in history


def test_dismissing_a_pair_keeps_both_venues(client, coordinator, town):
    twins(town)
    refresh_pairs()
    pair = DuplicatePair.objects.get()
    client.force_login(coordinator)

    response = client.post(reverse("duplicates:compare", args=[pair.pk]), {"dismiss": "1"})

    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairStatus.DISMISSED and pair.decided_by == coordinator
    assert Venue.objects.count() == 2
    assert client.get(reverse("duplicates:compare", args=[pair.pk])).status_code == 404


def test_another_hubs_coordinator_gets_a_404(client, town, hub_b):
    twins(town)
    refresh_pairs()
    pair = DuplicatePair.objects.get()
    client.force_login(coordinator_of(hub_b))

    url = reverse("duplicates:compare", args=[pair.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"dismiss": "1"}).status_code == 404
    assert DuplicatePair.objects.get().status == PairStatus.OPEN


def test_a_new_search_on_demand_finds_the_pairs(
    client, coordinator, town, django_capture_on_commit_callbacks
):
    twins(town)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("duplicates:refresh"))

    assert response.status_code == 302
    assert DuplicatePair.objects.open().count() == 1


def test_the_desk_counts_the_pairs_to_examine(coordinator, town, hub_a):
    twins(town)
    twins(town, 1)
    refresh_pairs()

    row = desk_rows(coordinator)[0]

    cell = next(cell for cell in row.cells if cell.item.name == "duplicates_open")
    assert (row.hub, cell.count) == (hub_a, 2)
    assert cell.url == f"{reverse('duplicates:index')}?hub={hub_a.pk}"


def test_the_national_team_lists_one_hubs_pairs_from_its_desk(client, town, hub_a, hub_b):
    from tests.factories import UserFactory

    twins(town)
    twins(CommuneFactory(departement=hub_b.departements.first(), name="Lannion"), 1)
    refresh_pairs()
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(reverse("duplicates:index"), {"hub": hub_b.pk})

    content = response.content.decode()
    assert "Colette 1" in content and "Colette 0" not in content
