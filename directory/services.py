"""Qualifying venues and handling error reports: each move checked against the rules, recorded
(who, when, why) and written to the venue's history; a new report is e-mailed to its hub's
coordinators. Also the files a coordinator previewed and may confirm without choosing them
again.

``by=None`` means the system itself (a management command such as the demo loader); any user
is checked with ``directory.permissions``.
"""

import uuid
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from directory.models import (
    TRANSITIONS,
    ErrorReport,
    PendingImport,
    QualificationEvent,
    Status,
    Venue,
)
from directory.permissions import can_confirm_import, can_qualify, can_resolve_report
from hubsite.notifications import HUB_COORDINATORS, notify

LOG_ACTIONS = {
    Status.QUALIFIED: "directory.qualify",
    Status.SUSPENDED: "directory.suspend",
    Status.PENDING: "directory.pending",
}
LOG_REPORT_RESOLVED = "directory.report_resolved"
ERROR_REPORT_KIND = "directory.error_report"
CHUNK = 500


def allowed_transitions(venue: Venue) -> set[str]:
    return set(TRANSITIONS.get(Status(venue.status), set()))


def _check_can_qualify(by, venue: Venue) -> None:
    if by is not None and not can_qualify(by, venue):
        raise PermissionDenied(_("Vous ne pouvez pas qualifier les lieux de ce département."))


def _check_transition(venue: Venue, to_status: str) -> None:
    if to_status not in allowed_transitions(venue):
        raise ValidationError(
            _("Un lieu « %(from)s » ne peut pas passer à « %(to)s ».")
            % {"from": Status(venue.status).label, "to": Status(to_status).label},
            code="transition",
        )


@transaction.atomic
def change_status(*, venue: Venue, to_status: str, by, reason: str = "") -> QualificationEvent:
    """Move ``venue`` to ``to_status`` if TRANSITIONS allows it; record and log the move."""
    locked = Venue.objects.select_for_update().get(pk=venue.pk)
    _check_can_qualify(by, locked)
    _check_transition(locked, to_status)
    reason = reason.strip()
    event = QualificationEvent.objects.create(
        venue=locked, from_status=locked.status, to_status=to_status, reason=reason, by=by
    )
    now = timezone.now()
    Venue.objects.filter(pk=locked.pk).update(status=to_status, modified_at=now)
    log(
        instance=locked,
        action=LOG_ACTIONS[Status(to_status)],
        user=by,
        data={"from": locked.status, "to": to_status, "reason": reason},
    )
    venue.status = to_status
    venue.modified_at = now
    return event


def qualify(*, venue: Venue, by, reason: str = "") -> QualificationEvent:
    """Publish ``venue``: the hub vouches for it."""
    return change_status(venue=venue, to_status=Status.QUALIFIED, by=by, reason=reason)


def suspend(*, venue: Venue, by, reason: str) -> QualificationEvent:
    """Withdraw ``venue`` from the public directory; the reason is required."""
    if not reason or not reason.strip():
        raise ValidationError(_("Indiquez le motif de la suspension."), code="reason_required")
    return change_status(venue=venue, to_status=Status.SUSPENDED, by=by, reason=reason)


@transaction.atomic
def bulk_qualify(*, venues: Iterable[Venue], by, reason: str = "") -> int:
    """Qualify every venue of ``venues`` not qualified yet; all or nothing.

    Refused as a whole (PermissionDenied) if ``by`` may not qualify one of them. Returns the
    number of venues qualified; those already qualified are left as they are.
    """
    pks = sorted({venue.pk for venue in venues})
    locked: list[Venue] = []
    for start in range(0, len(pks), CHUNK):
        locked += Venue.objects.select_for_update().filter(pk__in=pks[start : start + CHUNK])
    for venue in locked:
        _check_can_qualify(by, venue)
    to_move = [venue for venue in locked if venue.status != Status.QUALIFIED]
    for venue in to_move:
        _check_transition(venue, Status.QUALIFIED)
    if not to_move:
        return 0
    reason = reason.strip()
    now = timezone.now()
    moved_pks = [venue.pk for venue in to_move]
    for start in range(0, len(moved_pks), CHUNK):
        Venue.objects.filter(pk__in=moved_pks[start : start + CHUNK]).update(
            status=Status.QUALIFIED, modified_at=now
        )
    QualificationEvent.objects.bulk_create(
        [
            QualificationEvent(
                venue=venue,
                from_status=venue.status,
                to_status=Status.QUALIFIED,
                reason=reason,
                by=by,
            )
            for venue in to_move
        ],
        batch_size=1000,
    )
    content_type = ContentType.objects.get_for_model(Venue, for_concrete_model=False)
    batch = uuid.uuid4()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                object_id=str(venue.pk),
                label=str(venue),
                action=LOG_ACTIONS[Status.QUALIFIED],
                data={"from": venue.status, "to": Status.QUALIFIED, "reason": reason},
                timestamp=now,
                uuid=batch,
                user=by,
            )
            for venue in to_move
        ],
        batch_size=1000,
    )
    return len(to_move)


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
    *, user, filename: str, source: str, content: bytes
) -> PendingImport:
    """Keep a previewed file for ``user``, replacing their earlier one; files that expired,
    anyone's, are deleted on the way."""
    PendingImport.objects.expired().delete()
    PendingImport.objects.filter(user=user).delete()
    return PendingImport.objects.create(
        user=user, filename=filename[:255], source=source, content=content
    )


def forget_pending_imports(*, user) -> None:
    """A file imported directly makes ``user``'s earlier preview obsolete: it must not be
    confirmed over the newer import."""
    PendingImport.objects.filter(user=user).delete()


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
