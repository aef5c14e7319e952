"""Statuses as data (``hubsite.transitions``), proven on the venues' qualification table."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from directory.models import Status, Venue
from directory.transitions import VENUE_TRANSITIONS
from hubsite import services
from hubsite.transitions import transitions_for
from tests.directory.factories import venue_in
from tests.directory.history import qualification_entries
from tests.directory.test_admin import ADMIN_HOME, snapshot
from tests.factories import coordinator_of


def set_status(venue: Venue, status: str) -> None:
    Venue.objects.filter(pk=venue.pk).update(status=status)
    venue.refresh_from_db()


# --- The table --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_table_refuses_a_move_it_does_not_list(coordinator, own):
    set_status(own, Status.QUALIFIED)

    with pytest.raises(ValidationError) as refused:
        services.move(own, to=Status.PENDING, by=coordinator)
    with pytest.raises(ValidationError):
        services.move(own, to=Status.QUALIFIED, by=None)

    assert refused.value.code == "transition"
    assert "Qualifié" in refused.value.message
    assert Venue.objects.get(pk=own.pk).status == Status.QUALIFIED
    assert not qualification_entries().exists()


@pytest.mark.django_db
def test_a_move_the_table_lists_records_who_when_and_why_in_the_log(coordinator, own):
    entry = services.move(own, to=Status.SUSPENDED, by=coordinator, reason="  Fermé  ")

    assert Venue.objects.get(pk=own.pk).status == own.status == Status.SUSPENDED
    assert entry == qualification_entries(own).get()
    assert (entry.action, entry.user, entry.data) == (
        "directory.suspend",
        coordinator,
        {"from": Status.PENDING, "to": Status.SUSPENDED, "reason": "Fermé"},
    )


def test_the_venues_table_is_found_from_its_model():
    assert transitions_for(Venue) is VENUE_TRANSITIONS
    assert VENUE_TRANSITIONS.names() == ["qualify", "suspend"]
    with pytest.raises(LookupError):
        transitions_for(ModelLogEntry)


# --- The reason, where the table requires it -------------------------------------------------


@pytest.mark.django_db
def test_a_reason_is_required_where_the_table_says_so(coordinator, own):
    with pytest.raises(ValidationError) as refused:
        services.move(own, to=Status.SUSPENDED, by=coordinator, reason="   ")
    services.move(own, to=Status.QUALIFIED, by=coordinator)  # no reason needed

    assert refused.value.code == "reason_required"
    assert [entry.action for entry in qualification_entries(own)] == ["directory.qualify"]


@pytest.mark.django_db
def test_the_confirmation_page_asks_for_the_reason_the_table_requires(client, coordinator, own):
    client.force_login(coordinator)

    suspend_page = client.get(reverse("venues:suspend", args=[own.pk]))
    qualify_page = client.get(reverse("venues:qualify", args=[own.pk]))
    refused = client.post(reverse("venues:suspend", args=[own.pk]), {"reason": " "})

    assert suspend_page.context["form"].fields["reason"].required
    assert not qualify_page.context["form"].fields["reason"].required
    assert refused.status_code == 200 and refused.context["form"].errors
    assert Venue.objects.get(pk=own.pk).status == Status.PENDING
    assert not qualification_entries().exists()


@pytest.mark.django_db
def test_the_confirmation_page_leads_back_to_the_venue(client, coordinator, own):
    client.force_login(coordinator)

    page = client.get(reverse("venues:qualify", args=[own.pk]))
    response = client.post(reverse("venues:qualify", args=[own.pk]), {"reason": ""})

    inspect_url = reverse("venues:inspect", args=[own.pk])
    assert [item["url"] for item in page.context["breadcrumbs_items"]][-2:] == [inspect_url, ""]
    assert response.status_code == 302 and response.url == inspect_url


# --- Who may move ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", VENUE_TRANSITIONS.names())
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_transition_url_of_another_hubs_venue_is_refused(
    client, coordinator, foreign, name, method
):
    client.force_login(coordinator)
    before = snapshot(foreign)

    url = reverse(f"venues:{name}", args=[foreign.pk])
    response = getattr(client, method)(url, {"reason": "Forgé"})

    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response.url == ADMIN_HOME
    assert snapshot(foreign) == before
    assert not qualification_entries().exists()


@pytest.mark.django_db
def test_the_refusal_says_whose_venue_it_is(coordinator, foreign):
    with pytest.raises(PermissionDenied) as refused:
        services.move(foreign, to=Status.QUALIFIED, by=coordinator)

    assert "Hub B" in str(refused.value)
    assert Venue.objects.get(pk=foreign.pk).status == Status.PENDING


@pytest.mark.django_db
def test_the_buttons_come_from_the_table_and_the_rule(client, coordinator, own, foreign):
    client.force_login(coordinator)
    qualify_url = reverse("venues:qualify", args=[own.pk])
    suspend_url = reverse("venues:suspend", args=[own.pk])

    pending = client.get(reverse("venues:inspect", args=[own.pk])).content.decode()
    set_status(own, Status.QUALIFIED)
    qualified = client.get(reverse("venues:edit", args=[own.pk])).content.decode()
    listing = client.get(reverse("venues:list")).content.decode()

    assert qualify_url in pending and suspend_url in pending
    assert qualify_url not in qualified and suspend_url in qualified
    assert suspend_url in listing
    assert reverse("venues:qualify", args=[foreign.pk]) not in listing


# --- Concurrency and history --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_move_waits_for_the_row_another_transaction_is_moving(hub_a):
    """Without the row lock, the second move would read the venue as still pending and
    qualify it a second time."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite is raced in test_database_busy")
    venue = venue_in(hub_a, status=Status.PENDING)
    coordinator = coordinator_of(hub_a)
    locked, errors = threading.Event(), []

    def first_mover():
        try:
            with transaction.atomic():
                Venue.objects.select_for_update().get(pk=venue.pk)
                locked.set()
                threading.Event().wait(0.5)
                Venue.objects.filter(pk=venue.pk).update(status=Status.QUALIFIED)
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            locked.set()
            connection.close()

    thread = threading.Thread(target=first_mover)
    thread.start()
    assert locked.wait(10)
    with pytest.raises(ValidationError):
        services.move(venue, to=Status.QUALIFIED, by=coordinator)  # venue: stale, pending
    thread.join(10)

    assert not errors
    assert Venue.objects.get(pk=venue.pk).status == Status.QUALIFIED
    assert not qualification_entries().exists()


@pytest.mark.django_db
def test_the_history_survives_the_deletion_of_the_venue(client, coordinator, own):
    pk, label = own.pk, str(own)
    services.move(own, to=Status.QUALIFIED, by=coordinator, reason="Visité")
    services.move_many([own], to=Status.SUSPENDED, by=coordinator, reason="Fermé")
    client.force_login(coordinator)

    response = client.post(reverse("venues:delete", args=[pk]))

    assert response.status_code == 302 and not Venue.objects.filter(pk=pk).exists()
    entries = qualification_entries().filter(object_id=str(pk)).order_by("timestamp", "pk")
    assert [(entry.action, entry.label, entry.data["reason"]) for entry in entries] == [
        ("directory.qualify", label, "Visité"),
        ("directory.suspend", label, "Fermé"),
    ]


# --- The data migration ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_qualification_events_into_the_log_once():
    executor = MigrationExecutor(connection)
    before = [("directory", "0005_importjob")]
    after = [("directory", "0006_qualification_history_in_log")]
    executor.migrate(before)
    try:
        apps = executor.loader.project_state(before).apps
        Event = apps.get_model("directory", "QualificationEvent")
        OldVenue = apps.get_model("directory", "Venue")
        Entry = apps.get_model("wagtailcore", "ModelLogEntry")
        ContentType = apps.get_model("contenttypes", "ContentType")
        venue = OldVenue.objects.create(
            source="t", source_id="1", name="Lieu", commune_name="Angoulême", postcode="16000",
            address="1 rue", updated_on=timezone.now().date(), status=Status.SUSPENDED,
        )  # fmt: skip
        qualified = Event.objects.create(
            venue=venue, from_status="pending", to_status="qualified", reason="Vu"
        )
        Event.objects.create(
            venue=venue, from_status="qualified", to_status="suspended", reason="Fermé"
        )
        content_type, _ = ContentType.objects.get_or_create(app_label="directory", model="venue")
        Entry.objects.create(  # the qualification was logged too, the suspension was not
            content_type=content_type, object_id=str(venue.pk), label="Lieu (Angoulême)",
            action="directory.qualify", data={"reason": "Vu"}, timestamp=qualified.at,
        )  # fmt: skip

        executor = MigrationExecutor(connection)
        executor.migrate(after)

        entries = ModelLogEntry.objects.filter(object_id=str(venue.pk)).order_by("timestamp")
        assert [(entry.action, entry.data.get("reason")) for entry in entries] == [
            ("directory.qualify", "Vu"),
            ("directory.suspend", "Fermé"),
        ]
        assert entries[1].data == {"from": "qualified", "to": "suspended", "reason": "Fermé"}
        assert entries[1].label == "Lieu (Angoulême)"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
