"""Qualifying venues and handling error reports, written to the venue's history (a venue's
status moves through ``hubsite.services.move``, by the table of ``directory.transitions``); a
new report is e-mailed to its hub's coordinators. Also the files a coordinator previewed and
may confirm without choosing them again.

``by=None`` means the system itself (a management command such as the demo loader); any user
is checked with ``directory.permissions``.
"""

import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from directory.models import ErrorReport, PendingImport, Status, Venue
from directory.permissions import can_confirm_import, can_resolve_report
from directory.transitions import VENUE_TRANSITIONS
from hubsite.notifications import HUB_COORDINATORS, notify
from hubsite.services import move, move_many

LOG_REPORT_RESOLVED = "directory.report_resolved"
ERROR_REPORT_KIND = "directory.error_report"


def allowed_transitions(venue: Venue) -> set[str]:
    """The statuses the table lets ``venue`` move to, whoever asks."""
    return {transition.target for transition in VENUE_TRANSITIONS.allowed(venue)}


def change_status(*, venue: Venue, to_status: str, by, reason: str = "") -> ModelLogEntry:
    """Move ``venue`` to ``to_status`` as ``directory.transitions`` allows; returns the entry
    of its history recording who, when and why."""
    return move(venue, to=to_status, by=by, reason=reason)


def qualify(*, venue: Venue, by, reason: str = "") -> ModelLogEntry:
    """Publish ``venue``: the hub vouches for it."""
    return change_status(venue=venue, to_status=Status.QUALIFIED, by=by, reason=reason)


def suspend(*, venue: Venue, by, reason: str) -> ModelLogEntry:
    """Withdraw ``venue`` from the public directory; the table requires a reason."""
    return change_status(venue=venue, to_status=Status.SUSPENDED, by=by, reason=reason)


def bulk_qualify(*, venues: Iterable[Venue], by, reason: str = "") -> int:
    """Qualify every venue of ``venues`` not qualified yet; all or nothing.

    Refused as a whole (PermissionDenied) if ``by`` may not qualify one of them. Returns the
    number of venues qualified; those already qualified are left as they are.
    """
    return move_many(venues, to=Status.QUALIFIED, by=by, reason=reason)


@transaction.atomic
def report_error(*, venue: Venue, message: str, email: str = "") -> ErrorReport:
    """Store an error the public reports on ``venue`` and tell its hub's coordinators (at
    once or in their digest, as each prefers)."""
    report = ErrorReport(venue=venue, message=message, email=email)
    report.full_clean()
    report.save()
    notify(
        recipients=HUB_COORDINATORS,
        kind=ERROR_REPORT_KIND,
        template="directory/email/error_report",
        obj=report,
        url=reverse("venues:edit", args=[venue.pk]),
        context={"venue": venue, "report": report},
    )
    return report


@transaction.atomic
def resolve_error_report(*, report: ErrorReport, by) -> ErrorReport:
    """Mark a report from the public as dealt with, in the venue's history."""
    locked = ErrorReport.objects.select_for_update().select_related("venue").get(pk=report.pk)
    if by is not None and not can_resolve_report(by, locked):
        raise PermissionDenied(_("Ce signalement concerne un lieu d'un autre hub."))
    if locked.resolved_at is not None:
        raise ValidationError(_("Ce signalement est déjà résolu."), code="already_resolved")
    locked.resolved_at = timezone.now()
    locked.resolved_by = by
    locked.save(update_fields=["resolved_at", "resolved_by"])
    log(
        instance=locked.venue,
        action=LOG_REPORT_RESOLVED,
        user=by,
        data={"report": locked.pk, "message": locked.message[:200]},
    )
    report.resolved_at, report.resolved_by = locked.resolved_at, locked.resolved_by
    return locked


# --- Previewed imports ---------------------------------------------------------------------


@transaction.atomic
def keep_import_for_confirmation(
    *, user, filename: str, source: str, content: bytes, mapping=None
) -> PendingImport:
    """Keep a previewed file for ``user`` (to be read through ``mapping`` if given), replacing
    their earlier one; files that expired, anyone's, are deleted on the way."""
    PendingImport.objects.expired().delete()
    PendingImport.objects.filter(user=user).delete()
    return PendingImport.objects.create(
        user=user, filename=filename[:255], source=source, content=content, mapping=mapping
    )


def forget_pending_imports(*, user) -> None:
    """A file imported directly makes ``user``'s earlier preview obsolete: it must not be
    confirmed over the newer import."""
    PendingImport.objects.filter(user=user).delete()


def pending_import(*, user, token: str) -> PendingImport | None:
    """``user``'s own live kept file with this token, to read (a mapping is built on it)."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    pending = PendingImport.objects.live().filter(token=token).first()
    if pending is None or not can_confirm_import(user, pending):
        return None
    return pending


def claim_pending_import(*, user, token: str) -> PendingImport | None:
    """``user``'s own live preview with this token, locked until the transaction ends (to be
    called inside one), so that a double submission imports it once; None if there is none."""
    PendingImport.objects.expired().delete()
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    pending = PendingImport.objects.live().select_for_update().filter(token=token).first()
    if pending is None or not can_confirm_import(user, pending):
        return None
    return pending
