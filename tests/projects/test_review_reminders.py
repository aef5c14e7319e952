"""Reminders to reviewers before their call's review deadline: one per review and threshold,
however often the task runs."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from hubsite.roles import FUNDER_REVIEWERS
from projects import review_reminders, scoring, services
from projects.models import DossierStatus, Recommendation, ReviewReminder
from tests.factories import HubFactory, UserFactory
from tests.projects.review_factories import DossierFactory, ProjectCallFactory, grid_with

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2026, 12, 20)


@pytest.fixture
def reviewers(hub_a):
    group = Group.objects.get(name=FUNDER_REVIEWERS)
    return [
        UserFactory(username=f"relecteur{i}", email=f"r{i}@example.org", groups=[group])
        for i in range(3)
    ]


@pytest.fixture
def reviews(reviewers):
    """Three reviewers on one dossier: two drafts, one sent."""
    call = ProjectCallFactory(review_deadline=DEADLINE)
    grid_with(call.grid, 1)
    dossier = DossierFactory(
        call=call, hub=HubFactory(), status=DossierStatus.IN_REVIEW, title="Projet R"
    )
    made = [services.assign_reviewer(dossier=dossier, reviewer=r, by=None) for r in reviewers]
    services.save_review(
        review=made[2],
        by=reviewers[2],
        scores={c.pk: 3 for c in scoring.criteria_of(call)},
        recommendation=Recommendation.FAVOURABLE,
        submit=True,
    )
    return made


def reminded(sent, today) -> list[str]:
    mail.outbox.clear()
    sent(review_reminders.send_reminders, today=today)
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.mark.parametrize(
    ("days_left", "threshold"), [(8, None), (7, 7), (5, 7), (2, 2), (1, 1), (0, 1), (-1, None)]
)
def test_the_threshold_due_is_the_smallest_not_passed(days_left, threshold):
    today = DEADLINE - datetime.timedelta(days=days_left)
    assert review_reminders.threshold_for(DEADLINE, today) == threshold


def test_run_twice_each_unsent_review_gets_one_reminder(sent, reviews):
    week_before = DEADLINE - datetime.timedelta(days=7)
    assert reminded(sent, week_before) == ["r0@example.org", "r1@example.org"]
    assert "Projet R" in mail.outbox[0].subject
    assert reminded(sent, week_before) == []
    assert reminded(sent, week_before + datetime.timedelta(days=1)) == []
    assert ReviewReminder.objects.count() == 2


def test_each_threshold_reminds_once_and_a_missed_day_sends_the_next_only(sent, reviews):
    assert reminded(sent, DEADLINE - datetime.timedelta(days=10)) == []
    assert len(reminded(sent, DEADLINE - datetime.timedelta(days=6))) == 2
    # The 2-day run is missed: the 1-day run sends one reminder, not two.
    assert len(reminded(sent, DEADLINE - datetime.timedelta(days=1))) == 2
    assert reminded(sent, DEADLINE) == []
    assert sorted(ReviewReminder.objects.values_list("threshold", flat=True)) == [1, 1, 7, 7]


def test_a_moved_deadline_is_reminded_again(sent, reviews):
    assert len(reminded(sent, DEADLINE - datetime.timedelta(days=2))) == 2
    call = reviews[0].call
    call.review_deadline = DEADLINE + datetime.timedelta(days=10)
    call.save()
    assert reminded(sent, DEADLINE - datetime.timedelta(days=2)) == []
    assert len(reminded(sent, call.review_deadline - datetime.timedelta(days=2))) == 2


def test_the_command_sends_the_reminders_once(sent, reviews, capsys):
    day = (DEADLINE - datetime.timedelta(days=2)).isoformat()
    mail.outbox.clear()
    sent(call_command, "send_review_reminders", date=datetime.date.fromisoformat(day))
    sent(call_command, "send_review_reminders", date=datetime.date.fromisoformat(day))
    assert len(mail.outbox) == 2
    assert "2 rappel(s)" in capsys.readouterr().out


def test_the_task_sends_today_s_reminders_once(sent, reviews):
    from django.utils import timezone

    from projects.tasks import send_review_reminders

    call = reviews[0].call
    call.review_deadline = timezone.localdate() + datetime.timedelta(days=2)
    call.save()
    mail.outbox.clear()
    assert sent(send_review_reminders.call) == 2
    assert sent(send_review_reminders.call) == 0
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("days_left", "when"),
    [(0, "aujourd'hui"), (1, "demain"), (2, "dans 2 jours"), (7, "dans 7 jours")],
)
def test_the_reminder_says_when_the_review_is_due(sent, reviews, days_left, when):
    reminded(sent, DEADLINE - datetime.timedelta(days=days_left))
    subjects = {message.subject for message in mail.outbox}
    assert subjects == {f"Relecture attendue {when} : Projet R"}
