"""The deadlines the dashboards and the desk's panel count are those the reminders are sent
for: a closed, withdrawn or refused application's report is no longer overdue, and a call's
date no longer matters once the application is submitted."""

import datetime

import pytest

from funding import dashboards, deadlines
from funding.models import Deadline, DeadlineKind, Status
from tests.funding.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
SOON = TODAY + datetime.timedelta(days=7)
LATE = TODAY - datetime.timedelta(days=5)


def deadline(application, kind, due_on, label):
    return Deadline.objects.create(application=application, kind=kind, due_on=due_on, label=label)


@pytest.fixture
def dates(hub_a):
    running = ApplicationFactory(hub=hub_a, status=Status.PAYMENTS)
    deadline(running, DeadlineKind.REPORT, LATE, "Bilan en retard")
    deadline(running, DeadlineKind.PAYMENT_REQUEST, SOON, "Solde à demander")
    preparing = ApplicationFactory(hub=hub_a, status=Status.PREPARING)
    deadline(preparing, DeadlineKind.CALL, SOON, "Date limite de l'appel")
    for status in (Status.CLOSED, Status.WITHDRAWN, Status.REJECTED):
        finished = ApplicationFactory(hub=hub_a, status=status)
        deadline(finished, DeadlineKind.REPORT, LATE, f"Bilan {status}")
        deadline(finished, DeadlineKind.AGREEMENT_END, SOON, f"Fin {status}")
    submitted = ApplicationFactory(hub=hub_a, status=Status.SUBMITTED)
    deadline(submitted, DeadlineKind.CALL, SOON, "Appel déjà répondu")
    return running


def test_a_hubs_dashboard_counts_the_deadlines_of_running_applications_only(dates, hub_a):
    figures = dashboards.figures(hub=hub_a, today=TODAY)

    assert sorted(d.label for d in figures.upcoming) == [
        "Date limite de l'appel",
        "Solde à demander",
    ]
    assert figures.upcoming_count == 2
    assert [d.label for d in figures.overdue] == ["Bilan en retard"]
    assert figures.overdue_count == 1


def test_the_desk_panel_counts_as_the_dashboard_does(dates, hub_a):
    (summary,) = dashboards.summaries([hub_a], today=TODAY)

    assert (summary.upcoming, summary.overdue) == (2, 1)


def test_the_dashboard_lists_the_deadlines_the_reminders_are_sent_for(dates, hub_a):
    figures = dashboards.figures(hub=hub_a, today=TODAY)

    reminded = set(deadlines.open_deadlines(TODAY).values_list("pk", flat=True))
    assert {d.pk for d in [*figures.upcoming, *figures.overdue]} == reminded
