"""The deadlines an application derives from its own dates, and the reminders sent for them.

``sync_deadlines`` writes one deadline per source (the call's date while the application is
being prepared, the final report, each payment to request, the agreement's end), leaving
alone those a coordinator has moved. ``send_reminders`` e-mails the lead hub's coordinators
14, 7 and 1 days before each open deadline and once a report is overdue, recording each
reminder so that running it again, the same day or the next, sends nothing twice.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from funding.models import Application, Deadline, DeadlineKind, SentReminder, Status
from hubsite.notifications import hub_coordinators, notify

THRESHOLDS = (14, 7, 1)  # days before; the smallest one not yet passed is due
OVERDUE = -1
REMINDER_KIND = "funding.deadline_reminder"
WINDOW = max(THRESHOLDS)

# Before it is submitted, an application's call date matters; after, its reports and payments.
PREPARING = (Status.IDEA, Status.PREPARING)
FINISHED = (Status.REJECTED, Status.WITHDRAWN, Status.CLOSED)


def derived(application: Application) -> dict[str, tuple[str, datetime.date, str]]:
    """source → (kind, date, label) of the deadlines ``application``'s dates call for."""
    wanted = {}
    if application.status in PREPARING and application.call.next_deadline_on:
        wanted["call"] = (DeadlineKind.CALL, application.call.next_deadline_on, "")
    if application.final_report_due_on:
        wanted["final_report"] = (DeadlineKind.REPORT, application.final_report_due_on, "")
    if application.agreement_ends_on:
        wanted["agreement_end"] = (DeadlineKind.AGREEMENT_END, application.agreement_ends_on, "")
    for payment in application.payments.all():
        if payment.due_on and payment.received_on is None:
            label = f"{payment.get_kind_display()} — {payment.amount} €"
            wanted[f"payment:{payment.pk}"] = (DeadlineKind.PAYMENT_REQUEST, payment.due_on, label)
    return wanted


@transaction.atomic
def sync_deadlines(application: Application) -> None:
    """Bring ``application``'s derived deadlines in line with its dates."""
    wanted = derived(application)
    existing = {
        deadline.source: deadline
        for deadline in Deadline.objects.filter(application=application).exclude(source="")
    }
    for source, deadline in existing.items():
        if source not in wanted and not deadline.edited:
            deadline.delete()
    for source, (kind, due_on, label) in wanted.items():
        deadline = existing.get(source)
        if deadline is None:
            Deadline.objects.create(
                application=application, source=source, kind=kind, due_on=due_on, label=label
            )
        elif not deadline.edited and (deadline.due_on, deadline.label) != (due_on, label):
            deadline.due_on, deadline.label = due_on, label
            deadline.save(update_fields=["due_on", "label"])


def threshold_for(due_on: datetime.date, kind: str, today: datetime.date) -> int | None:
    """The reminder due for a deadline on ``due_on``: the smallest threshold it is within
    (a missed day still sends the next one), OVERDUE for a late report, else None."""
    days_left = (due_on - today).days
    if days_left < 0:
        return OVERDUE if kind == DeadlineKind.REPORT else None
    return next((threshold for threshold in reversed(THRESHOLDS) if days_left <= threshold), None)


def running() -> Q:
    """The deadlines that still matter: a call's while its application is being prepared,
    any other until the application is refused, withdrawn or closed (the reminders and the
    dashboards count the same ones)."""
    return Q(kind=DeadlineKind.CALL, application__status__in=PREPARING) | (
        ~Q(kind=DeadlineKind.CALL) & ~Q(application__status__in=FINISHED)
    )


def open_deadlines(today: datetime.date):
    """Deadlines not done, of applications still running, within the reminder window."""
    live = running()
    in_window = Q(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=WINDOW)) | Q(
        kind=DeadlineKind.REPORT, due_on__lt=today
    )
    return (
        Deadline.objects.filter(live, in_window, done_on__isnull=True)
        .select_related("application__hub", "application__call")
        .order_by("pk")
    )


def send_reminders(*, today: datetime.date | None = None, chunk: int = 2000) -> int:
    """E-mail the reminders due ``today``; returns how many deadlines were reminded. Each
    reminder is recorded with the e-mail it queues, in one transaction per chunk."""
    today = today or timezone.localdate()
    reminded = 0
    last_pk = 0
    while True:
        batch = list(open_deadlines(today).filter(pk__gt=last_pk)[:chunk])
        if not batch:
            return reminded
        last_pk = batch[-1].pk
        sent = set(
            SentReminder.objects.filter(deadline__in=[d.pk for d in batch]).values_list(
                "deadline_id", "threshold", "due_on"
            )
        )
        due = []
        for deadline in batch:
            threshold = threshold_for(deadline.due_on, deadline.kind, today)
            if threshold is not None and (deadline.pk, threshold, deadline.due_on) not in sent:
                due.append((deadline, threshold))
        reminded += _remind(due, today)


@transaction.atomic
def _remind(due: list, today: datetime.date) -> int:
    # No ignore_conflicts: a run racing this one makes the chunk fail whole (its e-mails,
    # queued on commit, are then never sent) rather than send a reminder twice.
    SentReminder.objects.bulk_create(
        [
            SentReminder(deadline=deadline, threshold=threshold, due_on=deadline.due_on)
            for deadline, threshold in due
        ]
    )
    coordinators: dict = {}  # hub id → its coordinators, looked up once per chunk
    for deadline, threshold in due:
        application = deadline.application
        if application.hub_id not in coordinators:
            coordinators[application.hub_id] = list(hub_coordinators(application.hub))
        notify(
            recipients=coordinators[application.hub_id],
            kind=REMINDER_KIND,
            template="funding/email/deadline_reminder",
            obj=application,
            context={
                "deadline": deadline,
                "days_left": (deadline.due_on - today).days,
                "overdue": threshold == OVERDUE,
            },
        )
    return len(due)
