"""Reminders to reviewers whose review is not sent, 7, 2 and 1 days before their call's
review deadline. Each reminder is recorded (review, threshold, deadline): run again the same
day or the next, nothing is sent twice; a missed day sends the next threshold's, not both."""

import datetime

from django.db import transaction
from django.utils import timezone

from hubsite.notifications import notify
from projects.models import Review, ReviewReminder, ReviewStatus

THRESHOLDS = (7, 2, 1)  # days before; the smallest one not yet passed is due
REMINDER_KIND = "projects.review_reminder"
WINDOW = max(THRESHOLDS)


def threshold_for(deadline: datetime.date, today: datetime.date) -> int | None:
    """The reminder due for a review whose deadline is ``deadline``, or None."""
    days_left = (deadline - today).days
    if days_left < 0:
        return None
    return next((threshold for threshold in sorted(THRESHOLDS) if days_left <= threshold), None)


def open_reviews(today: datetime.date):
    """Reviews not sent whose call's deadline falls within the reminder window."""
    return (
        Review.objects.filter(
            status=ReviewStatus.DRAFT,
            call__review_deadline__gte=today,
            call__review_deadline__lte=today + datetime.timedelta(days=WINDOW),
        )
        .select_related("call", "dossier__hub", "reviewer")
        .order_by("pk")
    )


def send_reminders(*, today: datetime.date | None = None, chunk: int = 1000) -> int:
    """E-mail the reminders due ``today``; returns how many reviews were reminded."""
    today = today or timezone.localdate()
    reminded = 0
    last_pk = 0
    while True:
        batch = list(open_reviews(today).filter(pk__gt=last_pk)[:chunk])
        if not batch:
            return reminded
        last_pk = batch[-1].pk
        sent = set(
            ReviewReminder.objects.filter(review__in=[r.pk for r in batch]).values_list(
                "review_id", "threshold", "due_on"
            )
        )
        due = []
        for review in batch:
            deadline = review.call.review_deadline
            threshold = threshold_for(deadline, today)
            if threshold is not None and (review.pk, threshold, deadline) not in sent:
                due.append((review, threshold))
        reminded += _remind(due, today)


@transaction.atomic
def _remind(due: list, today: datetime.date) -> int:
    # No ignore_conflicts: a run racing this one makes the chunk fail whole (its e-mails,
    # queued on commit, are then never sent) rather than send a reminder twice.
    ReviewReminder.objects.bulk_create(
        [
            ReviewReminder(review=review, threshold=threshold, due_on=review.call.review_deadline)
            for review, threshold in due
        ]
    )
    from django.urls import reverse

    for review, _threshold in due:
        notify(
            recipients=[review.reviewer],
            kind=REMINDER_KIND,
            template="projects/email/review_reminder",
            obj=review,
            url=reverse("projects_review", args=[review.pk]),
            context={
                "review": review,
                "dossier": review.dossier,
                "call": review.call,
                "days_left": (review.call.review_deadline - today).days,
            },
        )
    return len(due)
