"""A venue stands in its own commune's neighbourhood: the admin refuses a position far from
the commune's centre (the importer's rule), and a venue placed far away is not qualified."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory import geo, services
from directory.models import Status, Venue
from directory.transitions import check_position
from tests.directory.factories import venue_in
from tests.directory.history import qualification_entries
from tests.directory.test_admin import form_data
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

# About 420 km from the test communes' centre (46.2, 2.2): inside another hub's territory.
FAR = {"latitude": "43.30", "longitude": "5.40"}
# About 6 km away: the same neighbourhood.
NEAR = {"latitude": "46.25", "longitude": "2.21"}


def position(venue) -> tuple:
    venue = Venue.objects.get(pk=venue.pk)
    return (venue.latitude, venue.longitude, venue.grid_cell, venue.status)


def test_the_edit_form_refuses_a_position_far_from_the_venues_commune(client, coordinator, own):
    client.force_login(coordinator)
    before = position(own)

    response = client.post(reverse("venues:edit", args=[own.pk]), form_data(own, **FAR))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "km" in str(errors["latitude"]) and own.commune.name in str(errors["latitude"])
    assert position(own) == before


def test_the_edit_form_accepts_a_position_in_the_communes_neighbourhood(client, coordinator, own):
    client.force_login(coordinator)

    response = client.post(reverse("venues:edit", args=[own.pk]), form_data(own, **NEAR))

    assert response.status_code == 302
    assert position(own)[:2] == (46.25, 2.21)


def test_the_add_and_copy_forms_refuse_a_far_position(client, coordinator, own):
    client.force_login(coordinator)
    count = Venue.objects.count()

    response = client.post(reverse("venues:add"), form_data(own, name="Copie lointaine", **FAR))

    assert response.status_code == 200
    assert "latitude" in response.context["form"].errors
    assert Venue.objects.count() == count


def test_moving_to_another_commune_checks_the_position_against_the_new_commune(
    client, coordinator, own, hub_a
):
    """The marker kept where it was while the address moves 400 km away: refused."""
    departement = hub_a.departements.order_by("code").first()
    far_commune = CommuneFactory(
        departement=departement, postcodes=[f"{departement.code}400"], latitude=43.3, longitude=5.4
    )
    client.force_login(coordinator)
    before = position(own)

    response = client.post(
        reverse("venues:edit", args=[own.pk]),
        form_data(own, postcode=f"{departement.code}400", commune_name=far_commune.name),
    )

    assert response.status_code == 200
    assert "latitude" in response.context["form"].errors
    assert Venue.objects.get(pk=own.pk).commune_id != far_commune.pk
    assert position(own) == before


def test_the_model_refuses_a_position_far_from_its_commune(own):
    own.latitude, own.longitude = 43.3, 5.4

    with pytest.raises(ValidationError) as refused:
        own.full_clean()

    assert "latitude" in refused.value.message_dict


def test_the_rule_judges_a_position_against_its_communes_centre(own):
    commune = own.commune
    assert geo.too_far_from_commune(commune.latitude, commune.longitude, commune) is None
    assert geo.too_far_from_commune(43.3, 5.4, commune) > geo.MAX_DISTANCE_FROM_COMMUNE_KM
    # A commune without a position judges nothing.
    assert geo.too_far_from_commune(43.3, 5.4, CommuneFactory.build(latitude=None)) is None


def test_a_venue_placed_far_from_its_commune_is_not_qualified(client, coordinator, own):
    # Placed before the rule, or by a path that skipped the form.
    Venue.objects.filter(pk=own.pk).update(latitude=43.3, longitude=5.4)
    own.refresh_from_db()
    client.force_login(coordinator)

    with pytest.raises(ValidationError):
        services.qualify(venue=own, by=coordinator)
    response = client.post(reverse("venues:qualify", args=[own.pk]), {"reason": "Vu"})

    assert response.status_code == 200
    assert "position" in str(response.context["form"].non_field_errors())
    assert Venue.objects.get(pk=own.pk).status == Status.PENDING
    assert not qualification_entries().exists()


def test_bulk_qualify_refuses_a_venue_placed_far_from_its_commune_with_a_message(
    client, coordinator, own, hub_a
):
    near = venue_in(hub_a, name="Lieu bien placé", status=Status.PENDING)
    Venue.objects.filter(pk=own.pk).update(latitude=43.3, longitude=5.4)
    client.force_login(coordinator)
    url = reverse("wagtail_bulk_action", args=["directory", "venue", "qualify"])

    response = client.post(f"{url}?id={own.pk}&id={near.pk}", {"reason": ""})

    assert response.status_code == 200
    assert own.name in str(response.context["form"].non_field_errors())
    assert set(Venue.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_suspending_a_venue_placed_far_away_is_still_possible(coordinator, own):
    Venue.objects.filter(pk=own.pk).update(latitude=43.3, longitude=5.4, status=Status.QUALIFIED)
    own.refresh_from_db()

    services.suspend(venue=own, by=coordinator, reason="Position à corriger")

    assert Venue.objects.get(pk=own.pk).status == Status.SUSPENDED


def test_the_map_widget_knows_the_communes_centre_and_the_allowed_distance(
    client, coordinator, own
):
    client.force_login(coordinator)

    html = client.get(reverse("venues:edit", args=[own.pk])).content.decode()

    assert f'data-commune-latitude="{own.commune.latitude}"' in html
    assert f'data-max-distance-km="{geo.MAX_DISTANCE_FROM_COMMUNE_KM}"' in html


def test_qualifying_thousands_of_venues_at_once_checks_their_positions(db):
    # As the demo loader does with its 1,700 venues: one lookup of that many communes is an
    # expression SQLite refuses, so the check reads them in chunks.
    venues = [
        Venue(commune_id=f"Z{number:04d}", latitude=45.0, longitude=0.1) for number in range(1800)
    ]
    check_position(venues)
