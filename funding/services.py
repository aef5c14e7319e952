"""The writes of funding: keyword-only, inside a transaction, refusing with a French message."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.deadlines import sync_deadlines
from funding.models import Application, ApplicationComment, Call, Schedule
from funding.permissions import can_comment


@transaction.atomic
def add_comment(*, application: Application, author, text: str) -> ApplicationComment:
    if not can_comment(author, application):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError(_("Le commentaire est vide."), code="empty")
    return ApplicationComment.objects.create(application=application, author=author, text=text)


@transaction.atomic
def application_saved(*, application: Application) -> None:
    """What follows an application's edit: its derived deadlines."""
    sync_deadlines(application)


def refresh_call_deadlines(*, today: datetime.date | None = None) -> int:
    """Move the next deadline of recurring calls and calls in rounds past a passed date, and
    the call deadlines of the applications being prepared for them. Returns how many calls
    moved."""
    today = today or timezone.localdate()
    moved = 0
    calls = Call.objects.filter(
        deadline_kind__in=[Schedule.RECURRING, Schedule.ROUNDS], next_deadline_on__lt=today
    ).prefetch_related("rounds")
    for call in calls:
        day = call.next_deadline(today)
        if day == call.next_deadline_on:
            continue
        with transaction.atomic():
            Call.objects.filter(pk=call.pk).update(next_deadline_on=day)
            for application in call.applications.select_related("call"):
                sync_deadlines(application)
        moved += 1
    return moved
