"""hubsite.scoping: the one answer to "which hubs does this user coordinate?", the querysets of
hub-scoped models, and the one permission policy built on them."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from directory.models import ErrorReport, Venue
from directory.permissions import venue_permission_policy
from hubsite.models import Departement, Hub
from hubsite.permissions import hub_permission_policy
from hubsite.roles import NATIONAL_TEAM
from hubsite.scoping import hub_id_of, hub_scope
from hubsite.services import sync_roles
from tests.directory.factories import venue_in
from tests.factories import HubFactory, UserFactory, coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def west(home):
    return HubFactory(name="Ouest", slug="ouest")


@pytest.fixture
def east(home):
    return HubFactory(name="Est", slug="est")


@pytest.fixture
def national():
    sync_roles()
    return UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)])


def test_a_coordinators_hubs_are_read_once_per_request(west, east, django_assert_num_queries):
    coordinator = coordinator_of(west)
    with django_assert_num_queries(2):  # the user's groups, then their hubs
        scope = hub_scope(coordinator)
        assert scope.hub_ids == {west.pk}
        hub_scope(coordinator)
        assert not scope.includes(east.pk) and scope.includes(west.pk)


def test_the_national_team_coordinates_every_hub_and_nobody_else_any(west, national):
    assert hub_scope(national).everything and hub_scope(national).includes(None)
    assert not hub_scope(UserFactory()) and not hub_scope(AnonymousUser())
    inactive = coordinator_of(west)
    inactive.is_active = False
    assert not hub_scope(inactive)


def test_every_hub_scoped_model_answers_in_hub_and_visible_to_alike(west, east, national):
    coordinator = coordinator_of(west)
    own, other = venue_in(west, name="Ici"), venue_in(east, name="Là-bas")
    report = ErrorReport.objects.create(venue=other, message="Faux")
    assert list(Venue.objects.in_hub(west)) == [own]
    assert list(Venue.objects.visible_to(coordinator)) == [own]
    assert list(Hub.objects.visible_to(coordinator)) == [west]
    assert set(Departement.objects.visible_to(coordinator)) == set(west.departements.all())
    assert not ErrorReport.objects.visible_to(coordinator).exists()
    assert list(ErrorReport.objects.in_hub(east)) == [report]
    assert Venue.objects.visible_to(national).count() == 2
    assert (hub_id_of(own), hub_id_of(report), hub_id_of(east)) == (west.pk, east.pk, east.pk)


def test_one_policy_class_serves_hubs_and_venues(west, east, national):
    coordinator = coordinator_of(west)
    own, other = venue_in(west), venue_in(east)
    assert venue_permission_policy.user_has_permission_for_instance(coordinator, "delete", own)
    assert not venue_permission_policy.user_has_permission_for_instance(
        coordinator, "delete", other
    )
    assert not venue_permission_policy.user_has_permission(national, "publish")
    assert hub_permission_policy.user_has_permission(national, "publish")
    assert not hub_permission_policy.user_has_permission_for_instance(coordinator, "delete", west)
    assert set(
        venue_permission_policy.users_with_any_permission_for_instance(["change"], other)
    ) == {national}
    assert coordinator in venue_permission_policy.users_with_any_permission(["change"])


def test_a_coordinator_of_a_hub_without_departements_has_no_venue_admin(home):
    empty = HubFactory(name="Vide", slug="vide")
    Departement.objects.filter(hub=empty).update(hub=None)
    coordinator = coordinator_of(empty)
    assert hub_permission_policy.user_has_permission(coordinator, "change")
    assert not venue_permission_policy.user_has_permission(coordinator, "change")
    assert coordinator not in venue_permission_policy.users_with_any_permission(["change"])
