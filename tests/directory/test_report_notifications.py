"""A new public error report on a venue e-mails its hub's coordinators (or waits in their
digest), through the task backend: immediate in tests, and a real worker on PostgreSQL."""

import os
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from directory import services
from directory.models import ErrorReport, Status
from hubsite.models import DigestEntry, Frequency
from hubsite.notifications import send_digests, set_frequency
from hubsite.settings.base import tasks_setting
from tests.directory.factories import VenueFactory
from tests.factories import CommuneFactory, HubFactory, coordinator_of
from tests.worker import run_database_worker


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def venue_in(hub, **fields):
    commune = CommuneFactory(departement=hub.departements.order_by("code").first())
    fields.setdefault("status", Status.QUALIFIED)
    return VenueFactory(commune=commune, **fields)


def report(client, venue, **data):
    data.setdefault("message", "Fermé le samedi depuis janvier & le téléphone a changé.")
    return client.post(venue.get_absolute_url() + "signaler/", data, REMOTE_ADDR="203.0.113.7")


@pytest.mark.django_db
def test_a_public_report_emails_the_venues_hub_coordinators_only(
    client, home, django_capture_on_commit_callbacks
):
    hub, other = HubFactory(name="Hub Charente"), HubFactory(name="Hub voisin")
    alice = coordinator_of(hub, username="alice")
    coordinator_of(other, username="voisin")
    venue = venue_in(hub, name="Espace numérique de la Grand-Font")

    with django_capture_on_commit_callbacks(execute=True):
        response = report(client, venue, email="habitante@example.org")

    assert response.status_code == 302
    assert ErrorReport.objects.get().venue == venue
    assert [message.to for message in mail.outbox] == [[alice.email]]
    message = mail.outbox[0]
    assert message.subject.startswith("Signalement d'erreur : Espace numérique de la Grand-Font")
    assert "Fermé le samedi depuis janvier & le téléphone a changé." in message.body
    assert "habitante@example.org" in message.body
    edit_url = f"http://testserver{reverse('venues:edit', args=[venue.pk])}"
    assert edit_url in message.body
    html = message.alternatives[0][0]
    assert "janvier &amp; le téléphone" in html and edit_url in html
    assert "/courriels/desabonnement/" in message.extra_headers["List-Unsubscribe"]


@pytest.mark.django_db
def test_a_coordinator_who_prefers_the_digest_gets_the_report_there(
    client, home, django_capture_on_commit_callbacks
):
    hub = HubFactory()
    alice = coordinator_of(hub, username="alice")
    set_frequency(user=alice, kind=services.ERROR_REPORT_KIND, frequency=Frequency.DAILY)
    venue = venue_in(hub, name="Médiathèque du centre")

    with django_capture_on_commit_callbacks(execute=True):
        report(client, venue)

    assert mail.outbox == []
    assert DigestEntry.objects.get().user == alice
    assert send_digests() == 1
    assert "Médiathèque du centre" in mail.outbox[0].body
    assert "Fermé le samedi" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_report_of_a_venue_outside_any_hub_is_stored_and_emails_nobody(
    client, home, django_capture_on_commit_callbacks
):
    venue = VenueFactory(status=Status.QUALIFIED)  # a département no hub covers
    assert venue.hub is None

    with django_capture_on_commit_callbacks(execute=True):
        services.report_error(venue=venue, message="Adresse fausse.")

    assert ErrorReport.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the worker shares the test database only on PostgreSQL",
)
# Committed data for the worker's own connection; the serialized rollback gives the tests that
# follow what migrations created.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_sends_the_queued_report_email(client, settings, home, tmp_path):
    settings.TASKS = tasks_setting("database")
    hub = HubFactory(name="Hub A", slug="hub-a")
    alice = coordinator_of(hub, username="alice")
    venue = venue_in(hub, name="Tiers-lieu des Halles")

    assert report(client, venue).status_code == 302
    # Wagtail's index updates are queued too; the one e-mail task is ours.
    queued = DBTaskResult.objects.get(task_path="hubsite.tasks.send_emails")
    assert mail.outbox == []  # waits for the worker

    outbox = tmp_path / "courriels"
    run_database_worker(DJANGO_EMAIL_FILE_PATH=str(outbox))

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    files = list(outbox.iterdir())
    assert len(files) == 1
    sent = message_from_bytes(
        files[0].read_bytes().split(b"\n" + b"-" * 79)[0], policy=default_policy
    )
    assert sent["To"] == alice.email
    assert "Tiers-lieu des Halles" in sent["Subject"]
    assert "Fermé le samedi" in sent.get_body(("plain",)).get_content()
