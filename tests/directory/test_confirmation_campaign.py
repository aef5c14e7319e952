"""The yearly confirmation campaign: every qualified venue of its scope not confirmed for a
year is asked once (run twice, once), at the configured pace, opted-out venues skipped; the
real database worker sends it on PostgreSQL. And the hub's data-quality figures."""

import datetime
import os

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from directory.confirmation_campaign import launch_campaign, run_campaign
from directory.models import ConfirmationCampaign, ConfirmationRequest, Status
from directory.quality import hub_quality
from hubsite.models import Hub
from hubsite.settings.base import tasks_setting
from tests.directory.factories import venue_in
from tests.factories import HubFactory, UserFactory, coordinator_of
from tests.worker import run_database_worker

LONG_AGO = datetime.timedelta(days=400)


def stale(hub, n: int, **fields) -> list:
    return [
        venue_in(
            hub,
            emails=f"lieu{index}-{hub.slug}@example.org",
            confirmed_at=timezone.now() - LONG_AGO,
            **fields,
        )
        for index in range(n)
    ]


@pytest.mark.django_db
def test_a_campaign_asks_each_stale_venue_of_its_hub_once_even_run_twice(
    hub_a, hub_b, settings, django_capture_on_commit_callbacks
):
    settings.DIRECTORY_CONFIRMATION_BATCH_PAUSE = 0
    asked = stale(hub_a, 3)
    stale(hub_b, 2)  # another hub's
    venue_in(hub_a, emails="frais@example.org")  # confirmed recently
    venue_in(hub_a, emails="", confirmed_at=None)  # no e-mail
    venue_in(hub_a, emails="attente@example.org", status=Status.PENDING, confirmed_at=None)
    opted_out = stale(hub_a, 1, confirmation_opt_out=True)[0]

    with django_capture_on_commit_callbacks(execute=True):
        campaign = launch_campaign(hub=hub_a, by=coordinator_of(hub_a))
    assert len(mail.outbox) == 3  # the immediate backend ran it at once
    with django_capture_on_commit_callbacks(execute=True):
        again = launch_campaign(hub=hub_a, by=None)
    assert run_campaign(campaign.pk) == 0

    assert again.pk == campaign.pk
    assert sorted(m.to[0] for m in mail.outbox) == sorted(v.emails for v in asked)
    assert ConfirmationRequest.objects.filter(campaign=campaign).count() == 3
    assert not ConfirmationRequest.objects.filter(venue=opted_out).exists()
    campaign.refresh_from_db()
    assert campaign.sent == 3 and campaign.finished_at is not None
    # Every e-mail carries the unsubscribe link.
    assert all("/desabonnement/" in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_a_campaign_sends_in_batches_with_a_pause_between(hub_a, settings):
    settings.TASKS = tasks_setting("database")  # queued, run below by hand
    stale(hub_a, 5)
    campaign = launch_campaign(hub=hub_a, by=None)
    pauses = []

    def sleep(seconds):
        pauses.append((seconds, len(mail.outbox)))

    sent = run_campaign(campaign.pk, batch_size=2, pause=42, sleep=sleep)

    assert sent == 5
    assert pauses == [(42, 2), (42, 4)]  # at most two e-mails between pauses
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_only_the_national_team_campaigns_over_every_hub(
    client, hub_a, hub_b, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from hubsite.roles import NATIONAL_TEAM
    from hubsite.services import sync_roles

    coordinator = coordinator_of(hub_a)
    client.force_login(coordinator)
    url = reverse("venues:confirmation_campaign")
    page = client.get(url)
    assert page.status_code == 200 and "Hub B" not in page.content.decode()
    client.post(url, {"hub": hub_b.pk})
    client.post(url, {"hub": ""})
    assert not ConfirmationCampaign.objects.exists()

    sync_roles()
    national = UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)])
    stale(hub_a, 1)
    stale(hub_b, 1)
    client.force_login(national)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"hub": ""}).status_code == 302
    campaign = ConfirmationCampaign.objects.get()
    assert campaign.hub is None and campaign.sent == 2


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the worker shares the test database only on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_sends_the_campaign(settings, home, tmp_path):
    settings.TASKS = tasks_setting("database")
    hub = HubFactory(name="Hub A", slug="hub-a")
    stale(hub, 3)

    campaign = launch_campaign(hub=hub, by=None)
    queued = DBTaskResult.objects.get(task_path="directory.tasks.send_confirmation_campaign")
    outbox = tmp_path / "courriels"
    run_database_worker(
        DJANGO_EMAIL_FILE_PATH=str(outbox),
        DIRECTORY_CONFIRMATION_BATCH_SIZE="2",
        DIRECTORY_CONFIRMATION_BATCH_PAUSE="0",
    )

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    campaign.refresh_from_db()
    assert campaign.sent == 3 and campaign.finished_at is not None
    sent = b"".join(path.read_bytes() for path in outbox.iterdir())
    assert sent.count(b"/lieux/confirmer/") >= 3
    assert ConfirmationRequest.objects.filter(campaign=campaign).count() == 3


@pytest.mark.django_db
def test_the_quality_figures_cost_the_same_queries_for_one_hub_or_many(home):
    hubs = [HubFactory() for _ in range(3)]
    venue_in(hubs[0], opening_hours="", phone="", emails="", websites="")
    venue_in(
        hubs[0],
        phone="+33545123456",
        position_is_approximate=True,
        confirmed_at=timezone.now() - LONG_AGO,
    )
    venue_in(hubs[0], status=Status.PENDING)  # not counted
    venue_in(hubs[1])

    def measured(queryset):
        with CaptureQueriesContext(connection) as queries:
            rows = hub_quality(queryset)
        return rows, len(queries)

    one, one_count = measured(Hub.objects.filter(pk=hubs[0].pk))
    many, many_count = measured(Hub.objects.filter(pk__in=[h.pk for h in hubs]).order_by("pk"))

    assert one_count == many_count == 2
    first = {share.name: (share.count, share.total) for share in one[0].shares}
    assert first == {
        "hours": (1, 2),
        "position": (1, 2),
        "contact": (1, 2),
        "confirmed": (1, 2),
    }
    assert [row.total for row in many] == [2, 1, 0]
    assert many[1].shares[0].percent == 100


@pytest.mark.django_db
def test_the_admin_home_shows_the_quality_of_the_coordinators_hub(client, hub_a, hub_b):
    venue_in(hub_a, opening_hours="")
    venue_in(hub_a)
    client.force_login(coordinator_of(hub_a))

    html = client.get("/admin/").content.decode()

    assert "Qualité des données des lieux" in html
    start = html.index('id="maillage-quality')
    section = html[start : html.index("</table>", start)]
    assert "Hub A" in section and "Hub B" not in section and "50 %" in section


@pytest.mark.django_db
def test_the_demo_has_recent_and_stale_venues_and_a_proposal_waiting_and_is_idempotent(
    hub_a, hub_b
):
    import io

    from django.core.management import call_command
    from wagtail.models import ModelLogEntry

    from directory.models import ProposalStatus, Venue

    for hub in (hub_a, hub_b):
        for index in range(6):
            venue_in(hub, is_demo=True, emails=f"demo{index}-{hub.slug}@example.org")
    venue_in(hub_a, is_demo=False)  # a real venue: left alone

    call_command("load_demo_confirmations", stdout=io.StringIO())

    demo = Venue.objects.filter(is_demo=True)
    stale_ids = set(demo.unconfirmed().values_list("pk", flat=True))
    assert len(stale_ids) == 4  # two in each hub
    assert demo.confirmed_recently().count() == 8
    waiting = ConfirmationRequest.objects.filter(proposal_status=ProposalStatus.PENDING)
    assert {request.venue.hub for request in waiting} == {hub_a, hub_b}
    assert not waiting.filter(venue_id__in=stale_ids).exists()
    before = (ConfirmationRequest.objects.count(), ModelLogEntry.objects.count())

    call_command("load_demo_confirmations", stdout=io.StringIO())

    assert (ConfirmationRequest.objects.count(), ModelLogEntry.objects.count()) == before
    assert set(demo.unconfirmed().values_list("pk", flat=True)) == stale_ids
