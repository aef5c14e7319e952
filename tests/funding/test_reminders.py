"""Deadline reminders: 14, 7 and 1 days before, once a report is overdue, once each however
often the task runs; through the immediate backend here and a real worker on PostgreSQL."""

import datetime
import os
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from funding.deadlines import send_reminders, sync_deadlines, threshold_for
from funding.models import Call, Deadline, DeadlineKind, SentReminder, Status
from funding.models.calls import add_months
from funding.tasks import send_deadline_reminders
from hubsite.settings.base import tasks_setting
from tests.factories import HubFactory, coordinator_of
from tests.funding.factories import ApplicationFactory, CallFactory
from tests.worker import run_database_worker

TODAY = datetime.date(2026, 5, 4)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def test_the_threshold_due_is_the_smallest_one_not_passed():
    assert threshold_for(days(20), DeadlineKind.REPORT, TODAY) is None
    assert threshold_for(days(14), DeadlineKind.REPORT, TODAY) == 14
    assert threshold_for(days(9), DeadlineKind.REPORT, TODAY) == 14
    assert threshold_for(days(5), DeadlineKind.REPORT, TODAY) == 7
    assert threshold_for(days(1), DeadlineKind.REPORT, TODAY) == 1
    assert threshold_for(days(0), DeadlineKind.CALL, TODAY) == 1
    assert threshold_for(days(-3), DeadlineKind.REPORT, TODAY) == -1
    assert threshold_for(days(-3), DeadlineKind.CALL, TODAY) is None


@pytest.fixture
def report_due(hub_a):
    application = ApplicationFactory(
        hub=hub_a,
        status=Status.PAYMENTS,
        title="Conseillers numériques mobiles",
        final_report_due_on=days(7),
    )
    sync_deadlines(application)
    return Deadline.objects.get(application=application, kind=DeadlineKind.REPORT)


def run(day, capture):
    with capture(execute=True):
        return send_reminders(today=day)


@pytest.mark.django_db
def test_run_twice_a_reminder_is_sent_once(report_due, django_capture_on_commit_callbacks):
    alice = coordinator_of(report_due.application.hub, username="alice")
    coordinator_of(HubFactory(), username="other-hub")

    assert run(TODAY, django_capture_on_commit_callbacks) == 1
    assert run(TODAY, django_capture_on_commit_callbacks) == 0
    assert [message.to for message in mail.outbox] == [[alice.email]]
    assert "Dans 7 jours" in mail.outbox[0].subject
    assert "Conseillers numériques mobiles" in mail.outbox[0].subject


@pytest.mark.django_db
def test_each_threshold_then_the_overdue_report_is_reminded_once(
    report_due, django_capture_on_commit_callbacks
):
    coordinator_of(report_due.application.hub)
    for day in (days(-7), days(-6), days(0), days(6), days(6), days(8), days(9)):
        run(day, django_capture_on_commit_callbacks)
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 4, subjects  # 14 days, 7 days, 1 day, overdue
    assert subjects[2].startswith("Demain") and subjects[3].startswith("En retard")
    assert sorted(SentReminder.objects.values_list("threshold", flat=True)) == [-1, 1, 7, 14]


@pytest.mark.django_db
def test_a_moved_date_is_reminded_again(report_due, django_capture_on_commit_callbacks):
    coordinator_of(report_due.application.hub)
    run(TODAY, django_capture_on_commit_callbacks)
    Deadline.objects.filter(pk=report_due.pk).update(due_on=days(5), edited=True)
    run(TODAY, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_done_deadlines_finished_applications_and_submitted_calls_are_not_reminded(
    hub_a, django_capture_on_commit_callbacks
):
    coordinator_of(hub_a)
    call = CallFactory(deadline_on=days(7))
    submitted = ApplicationFactory(hub=hub_a, call=call, status=Status.PREPARING)
    sync_deadlines(submitted)
    submitted.status = Status.SUBMITTED
    submitted.save()
    withdrawn = ApplicationFactory(hub=hub_a, status=Status.WITHDRAWN, final_report_due_on=days(7))
    sync_deadlines(withdrawn)
    done = ApplicationFactory(hub=hub_a, status=Status.PAYMENTS, final_report_due_on=days(1))
    sync_deadlines(done)
    Deadline.objects.filter(application=done).update(done_on=TODAY)
    preparing = ApplicationFactory(hub=hub_a, call=call, status=Status.PREPARING, title="À déposer")
    sync_deadlines(preparing)

    assert run(TODAY, django_capture_on_commit_callbacks) == 1
    assert "À déposer" in mail.outbox[0].subject


@pytest.mark.django_db
def test_the_command_refreshes_recurring_calls_and_reminds(
    hub_a, django_capture_on_commit_callbacks
):
    coordinator_of(hub_a)
    last_month = add_months(TODAY, -1)
    call = CallFactory(deadline_kind="recurring", deadline_on=last_month, recurrence_months=1)
    Call.objects.filter(pk=call.pk).update(next_deadline_on=last_month)  # as it was then
    application = ApplicationFactory(hub=hub_a, call=call, status=Status.PREPARING)
    call.refresh_from_db()
    sync_deadlines(application)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_funding_reminders", "--date", TODAY.isoformat(), stdout=out)
    call.refresh_from_db()
    assert call.next_deadline_on == TODAY
    assert Deadline.objects.get(application=application).due_on == TODAY
    assert "1 appel(s) recalculé(s), 1 rappel(s) envoyé(s)." in out.getvalue()
    assert len(mail.outbox) == 1


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the worker shares the test database only on PostgreSQL",
)
# Committed data for the worker's own connection; the serialized rollback gives the tests that
# follow what migrations created.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_runs_the_reminders_once(settings, home, tmp_path):
    settings.TASKS = tasks_setting("database")
    hub = HubFactory(name="Hub A", slug="hub-a")
    alice = coordinator_of(hub, username="alice")
    from django.utils import timezone

    application = ApplicationFactory(
        hub=hub,
        status=Status.PAYMENTS,
        title="Bilan à rendre",
        final_report_due_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    sync_deadlines(application)
    outbox = tmp_path / "courriels"

    for _run in range(2):
        send_deadline_reminders.enqueue()
        run_database_worker(DJANGO_EMAIL_FILE_PATH=str(outbox))

    results = DBTaskResult.objects.filter(task_path="funding.tasks.send_deadline_reminders")
    assert sorted(results.values_list("status", flat=True)) == ["SUCCESSFUL", "SUCCESSFUL"]
    files = list(outbox.iterdir())
    assert len(files) == 1
    content = files[0].read_text()
    assert alice.email in content and "Bilan" in content
