import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from directory import services
from directory.models import ErrorReport, Status, Venue
from directory.permissions import can_edit, can_qualify, editable_departements
from hubsite.roles import NATIONAL_TEAM, role_group
from tests.directory.factories import VenueFactory, venue_in
from tests.directory.history import qualification_entries
from tests.factories import UserFactory, coordinator_of

pytestmark = pytest.mark.django_db


def logs(venue, action):
    return ModelLogEntry.objects.for_instance(venue).filter(action=action)


def test_qualifying_a_pending_venue_records_who_when_why_and_logs_it(hub_a):
    venue = venue_in(hub_a, status=Status.PENDING)
    coordinator = coordinator_of(hub_a)

    event = services.qualify(venue=venue, by=coordinator, reason="Visité le 3 mars")

    venue.refresh_from_db()
    assert venue.status == Status.QUALIFIED
    assert (event.data["from"], event.data["to"], event.user, event.data["reason"]) == (
        Status.PENDING,
        Status.QUALIFIED,
        coordinator,
        "Visité le 3 mars",
    )
    assert event.timestamp is not None
    (entry,) = logs(venue, "directory.qualify")
    assert entry.user == coordinator
    assert entry.data["reason"] == "Visité le 3 mars"


def test_suspending_needs_a_reason(hub_a):
    venue = venue_in(hub_a, status=Status.QUALIFIED)

    with pytest.raises(ValidationError):
        services.suspend(venue=venue, by=coordinator_of(hub_a), reason="  ")

    venue.refresh_from_db()
    assert venue.status == Status.QUALIFIED
    assert not qualification_entries().exists()


def test_suspending_then_qualifying_again_keeps_both_decisions(hub_a):
    venue = venue_in(hub_a, status=Status.QUALIFIED)
    coordinator = coordinator_of(hub_a)

    services.suspend(venue=venue, by=coordinator, reason="Fermé pour travaux")
    services.qualify(venue=venue, by=coordinator, reason="Rouvert")

    entries = qualification_entries(venue).order_by("-timestamp", "-pk")
    assert [(entry.data["to"], entry.data["reason"]) for entry in entries] == [
        (Status.QUALIFIED, "Rouvert"),
        (Status.SUSPENDED, "Fermé pour travaux"),
    ]


def test_a_transition_the_table_does_not_allow_is_refused(hub_a):
    venue = venue_in(hub_a, status=Status.QUALIFIED)

    with pytest.raises(ValidationError):
        services.qualify(venue=venue, by=coordinator_of(hub_a))
    with pytest.raises(ValidationError):
        services.change_status(venue=venue, to_status=Status.PENDING, by=None)

    assert not qualification_entries().exists()
    assert not logs(venue, "directory.qualify").exists()


def test_a_coordinator_cannot_qualify_a_venue_of_another_hub(hub_a, hub_b):
    venue = venue_in(hub_b, status=Status.PENDING)

    with pytest.raises(PermissionDenied):
        services.qualify(venue=venue, by=coordinator_of(hub_a))

    venue.refresh_from_db()
    assert venue.status == Status.PENDING


def test_bulk_qualify_moves_pending_and_suspended_venues_and_skips_qualified_ones(hub_a):
    pending = venue_in(hub_a, status=Status.PENDING)
    suspended = venue_in(hub_a, status=Status.SUSPENDED)
    qualified = venue_in(hub_a, status=Status.QUALIFIED)
    coordinator = coordinator_of(hub_a)

    count = services.bulk_qualify(
        venues=[pending, suspended, qualified], by=coordinator, reason="Tournée de printemps"
    )

    assert count == 2
    assert set(Venue.objects.values_list("status", flat=True)) == {Status.QUALIFIED}
    entries = qualification_entries().filter(user=coordinator)
    assert entries.filter(data__reason="Tournée de printemps").count() == 2
    assert logs(pending, "directory.qualify").exists()
    assert not logs(qualified, "directory.qualify").exists()


def test_bulk_qualify_refuses_the_whole_batch_if_one_venue_is_of_another_hub(hub_a, hub_b):
    own = venue_in(hub_a, status=Status.PENDING)
    foreign = venue_in(hub_b, status=Status.PENDING)

    with pytest.raises(PermissionDenied):
        services.bulk_qualify(venues=[own, foreign], by=coordinator_of(hub_a))

    assert set(Venue.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_resolving_an_error_report_records_who_and_logs_it_on_the_venue(hub_a, hub_b):
    venue = venue_in(hub_a)
    report = ErrorReport.objects.create(venue=venue, message="Fermé le lundi")
    coordinator = coordinator_of(hub_a)

    with pytest.raises(PermissionDenied):
        services.resolve_error_report(report=report, by=coordinator_of(hub_b))
    services.resolve_error_report(report=report, by=coordinator)

    report.refresh_from_db()
    assert report.resolved_by == coordinator and report.resolved_at is not None
    assert logs(venue, "directory.report_resolved").exists()
    with pytest.raises(ValidationError):
        services.resolve_error_report(report=report, by=coordinator)


def test_permissions_follow_the_hub_of_the_venues_departement(hub_a, hub_b):
    own, foreign = venue_in(hub_a), venue_in(hub_b)
    orphan = VenueFactory()  # a département no hub covers
    coordinator = coordinator_of(hub_a)
    national = UserFactory(groups=[role_group(NATIONAL_TEAM)])
    nobody = UserFactory()

    assert (can_edit(coordinator, own), can_edit(coordinator, foreign)) == (True, False)
    assert can_qualify(coordinator, own) and not can_qualify(coordinator, orphan)
    assert all(can_edit(national, venue) for venue in (own, foreign, orphan))
    assert not any(can_edit(nobody, venue) for venue in (own, foreign, orphan))
    assert not can_edit(AnonymousUser(), own)
    assert editable_departements(national) is None
    assert list(Venue.objects.visible_to(coordinator)) == [own]
    assert Venue.objects.visible_to(national).count() == 3
    assert not Venue.objects.visible_to(nobody).exists()
    assert not Venue.objects.visible_to(AnonymousUser()).exists()
