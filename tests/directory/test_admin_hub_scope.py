"""What the venues' bulk actions and chooser show a coordinator: nothing of another hub's venues
(not their names, not their count), whatever ids the URL carries."""

import json

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from directory.models import Status, Venue
from tests.directory.factories import venue_in
from tests.factories import CommuneFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "SECRET-PENDING Cognac"
CHOOSER = "wagtailsnippetchoosers_directory_venue"


@pytest.fixture
def secrets(hub_b):
    """Another hub's unpublished venues: pending and suspended."""
    return [
        venue_in(hub_b, name=SECRET, status=Status.PENDING),
        venue_in(hub_b, name="SECRET-SUSPENDED Jarnac", status=Status.SUSPENDED),
    ]


def bulk_url(action: str) -> str:
    return reverse("wagtail_bulk_action", args=["directory", "venue", action])


def assert_names_nothing_of_hub_b(response):
    html = response.content.decode()
    assert "SECRET" not in html
    assert "hors de votre hub" not in html


@pytest.mark.parametrize("action", ["qualify", "delete"])
def test_a_bulk_action_confirmation_names_no_venue_of_another_hub(
    client, coordinator, own, secrets, action
):
    client.force_login(coordinator)
    forged = "&".join(f"id={venue.pk}" for venue in secrets)

    alone = client.get(f"{bulk_url(action)}?{forged}")
    mixed = client.get(f"{bulk_url(action)}?id={own.pk}&{forged}")
    every = client.get(f"{bulk_url(action)}?id=all")

    # Another hub's ids alone answer as ids that do not exist would.
    assert alone.status_code == 404
    assert_names_nothing_of_hub_b(alone)
    for response in (mixed, every):
        assert response.status_code == 200
        assert_names_nothing_of_hub_b(response)
        assert [item["item"] for item in response.context["items"]] == [own]
        assert response.context["items_with_no_access"] == []
        assert own.name in response.content.decode()


def test_qualify_all_counts_only_the_users_venues(client, coordinator, own, secrets, hub_a):
    second = venue_in(hub_a, name="Autre lieu du hub A", status=Status.PENDING)
    client.force_login(coordinator)

    page = client.get(f"{bulk_url('qualify')}?id=all")
    response = client.post(f"{bulk_url('qualify')}?id=all", {"reason": "Tournée"})

    assert "Qualifier ces 2 lieux" in page.content.decode()
    assert {item["item"] for item in page.context["items"]} == {own, second}
    assert response.status_code == 302
    assert set(Venue.objects.filter(status=Status.QUALIFIED)) == {own, second}
    assert [venue.status for venue in Venue.objects.filter(pk__in=[v.pk for v in secrets])] == [
        Status.PENDING,
        Status.SUSPENDED,
    ]


def test_bulk_delete_of_every_venue_deletes_only_the_users(client, coordinator, own, secrets):
    client.force_login(coordinator)

    response = client.post(f"{bulk_url('delete')}?id=all")

    assert response.status_code == 302
    assert not Venue.objects.filter(pk=own.pk).exists()
    assert Venue.objects.filter(pk__in=[venue.pk for venue in secrets]).count() == 2


# --- The chooser's "create" form -------------------------------------------------------------


def test_the_chooser_creates_a_venue_in_the_coordinators_departements(client, coordinator, hub_a):
    departement = hub_a.departements.order_by("code").first()
    commune = CommuneFactory(departement=departement, postcodes=[f"{departement.code}300"])
    client.force_login(coordinator)
    url = reverse(f"{CHOOSER}:create")

    modal = client.get(reverse(f"{CHOOSER}:choose"))
    response = client.post(
        url,
        {
            "name": "Lieu créé du sélecteur",
            "address": "2 place de la Mairie",
            "postcode": f"{departement.code}300",
            "commune_name": commune.name,
        },
    )

    assert 'name="commune_name"' in json.loads(modal.content)["html"]
    assert response.status_code == 200
    assert json.loads(response.content)["step"] == "chosen"
    venue = Venue.objects.get(name="Lieu créé du sélecteur")
    assert (venue.departement, venue.commune) == (departement, commune)
    assert (venue.status, venue.source) == (Status.PENDING, "maillage")
    assert venue.position_is_approximate is True
    assert ModelLogEntry.objects.for_instance(venue).get().user == coordinator


def test_the_chooser_refuses_to_create_a_venue_in_another_hub(client, coordinator, hub_b):
    other = hub_b.departements.order_by("code").first()
    commune = CommuneFactory(departement=other, postcodes=[f"{other.code}200"])
    client.force_login(coordinator)
    count = Venue.objects.count()

    response = client.post(
        reverse(f"{CHOOSER}:create"),
        {
            "name": "Lieu d'un autre hub",
            "address": "1 rue Haute",
            "postcode": f"{other.code}200",
            "commune_name": commune.name,
        },
    )

    assert response.status_code == 200
    payload = json.loads(response.content)
    assert payload["step"] == "reshow_creation_form"
    assert "hors de votre hub" in payload["htmlFragment"]
    assert Venue.objects.count() == count


def test_someone_without_a_hub_is_refused_the_choosers_create_form_cleanly(client, hub_a):
    departement = hub_a.departements.order_by("code").first()
    commune = CommuneFactory(departement=departement, postcodes=[f"{departement.code}300"])
    client.force_login(UserFactory())

    response = client.post(
        reverse(f"{CHOOSER}:create"),
        {
            "name": "Lieu sans hub",
            "address": "1 rue Basse",
            "postcode": f"{departement.code}300",
            "commune_name": commune.name,
        },
    )

    assert response.status_code in (302, 403)
    assert not Venue.objects.filter(name="Lieu sans hub").exists()
