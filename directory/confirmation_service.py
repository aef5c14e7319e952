"""Keeping venues' data fresh: a confirmation request is an e-mail to the venue with a
personal link (a random token, stored hashed, good once until it expires, revocable); through
it, without an account, the venue confirms its data as is or proposes corrections, which its
hub's coordinators accept or refuse field by field. Each step is written in the venue's
history (Wagtail's log). ``by=None`` means the system (the campaign, the demo loader).
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from directory.forms_confirmation import current_value
from directory.models import (
    ConfirmationCampaign,
    ConfirmationRequest,
    Outcome,
    ProposalStatus,
    Venue,
)
from directory.permissions import (
    can_edit,
    can_request_confirmation,
    can_review_proposal,
)
from hubsite import tokens
from hubsite.notifications import (
    HUB_COORDINATORS,
    absolute_url,
    list_unsubscribe_headers,
    notify,
    render_text,
)

LOG_REQUESTED = "directory.confirmation_requested"
LOG_CONFIRMED = "directory.confirmed"
LOG_PROPOSED = "directory.corrections_proposed"
LOG_ACCEPTED = "directory.corrections_accepted"
LOG_REFUSED = "directory.corrections_refused"
LOG_REVOKED = "directory.confirmation_revoked"
LOG_OPTED_OUT = "directory.confirmation_opt_out"
PROPOSAL_KIND = "directory.confirmation_proposal"


def link_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.DIRECTORY_CONFIRMATION_LINK_DAYS)


def confirmation_url(token: str) -> str:
    return absolute_url(reverse("finder:confirm", args=[token]))


def unsubscribe_url(token: str) -> str:
    return absolute_url(reverse("finder:confirm_unsubscribe", args=[token]))


def find_request(token: str) -> ConfirmationRequest | None:
    """The request a link's token opens, whatever its state; None for a forged token."""
    if not tokens.plausible(token):
        return None
    return (
        ConfirmationRequest.objects.select_related("venue__departement__hub")
        .filter(token_hash=tokens.digest(token))
        .first()
    )


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _email(request: ConfirmationRequest, token: str) -> dict:
    """The request's e-mail, written (as ``hubsite.notifications`` writes them) for sending."""
    venue = request.venue
    context = {
        "venue": venue,
        "hub": venue.hub,
        "url": confirmation_url(token),
        "unsubscribe_url": unsubscribe_url(token),
        "expires_at": request.expires_at,
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_text("directory/email/confirmation_request_subject.txt", context).split()
        )
        context["subject"] = subject
        return {
            "to": [request.email],
            "subject": subject,
            "text": render_text("directory/email/confirmation_request.txt", context),
            "html": render_to_string("directory/email/confirmation_request.html", context),
            "headers": list_unsubscribe_headers(context["unsubscribe_url"]),
        }


def sendable(venue: Venue) -> str:
    """Why ``venue`` cannot be asked (a French sentence), or "" when it can."""
    if venue.confirmation_opt_out:
        return _("« %(venue)s » a demandé à ne plus recevoir de demande de confirmation.") % {
            "venue": venue
        }
    if not venue.contact_email:
        return _("« %(venue)s » n'a pas de courriel : ajoutez-en un à sa fiche.") % {"venue": venue}
    return ""


def create_request(
    *, venue: Venue, by, campaign: ConfirmationCampaign | None = None
) -> tuple[ConfirmationRequest, dict]:
    """A new request for ``venue`` (its earlier live links are revoked: one link at a time)
    and its e-mail, not sent yet; to be called inside a transaction."""
    problem = sendable(venue)
    if problem:
        raise ValidationError(problem, code="not_sendable")
    now = timezone.now()
    ConfirmationRequest.objects.filter(venue=venue).live().update(revoked_at=now)
    token, token_hash = tokens.new_token()
    request = ConfirmationRequest.objects.create(
        venue=venue,
        campaign=campaign,
        token_hash=token_hash,
        email=venue.contact_email,
        created_by=by,
        expires_at=now + link_lifetime(),
    )
    log(
        instance=venue,
        action=LOG_REQUESTED,
        user=by,
        data={"request": request.pk, "email": request.email, "campaign": campaign and campaign.pk},
    )
    return request, _email(request, token)


def _send_on_commit(messages: list[dict]) -> None:
    if messages:
        from hubsite.tasks import send_emails

        transaction.on_commit(lambda: send_emails.enqueue(messages), robust=True)


@transaction.atomic
def request_confirmation(*, venue: Venue, by) -> ConfirmationRequest:
    """E-mail ``venue`` a personal link to confirm or correct its data (sent when the
    transaction commits). ValidationError when it cannot be asked (no e-mail, opted out)."""
    if by is not None:
        _refuse_unless(can_request_confirmation(by, venue), _("Ce lieu est d'un autre hub."))
    request, message = create_request(venue=venue, by=by)
    _send_on_commit([message])
    return request


@transaction.atomic
def bulk_request_confirmation(*, venues: Iterable[Venue], by) -> tuple[int, list[str]]:
    """Ask each of ``venues``; returns how many were asked and, for each one skipped, why."""
    venues = list(venues)
    for venue in venues:
        _refuse_unless(
            can_request_confirmation(by, venue), _("Un de ces lieux est d'un autre hub.")
        )
    messages, skipped = [], []
    for venue in venues:
        if problem := sendable(venue):
            skipped.append(problem)
            continue
        messages.append(create_request(venue=venue, by=by)[1])
    _send_on_commit(messages)
    return len(messages), skipped


def _locked_live(request: ConfirmationRequest) -> ConfirmationRequest:
    locked = ConfirmationRequest.objects.select_for_update().get(pk=request.pk)
    if not locked.is_live:
        raise ValidationError(_("Ce lien n'est plus valable."), code="not_live")
    return locked


def _mark_confirmed(venue: Venue, now) -> None:
    Venue.objects.filter(pk=venue.pk).update(confirmed_at=now)
    venue.confirmed_at = now


@transaction.atomic
def confirm_as_is(*, request: ConfirmationRequest) -> None:
    """The venue says its data holds, through its link (once)."""
    locked = _locked_live(request)
    now = timezone.now()
    locked.used_at, locked.outcome = now, Outcome.CONFIRMED
    locked.save(update_fields=["used_at", "outcome"])
    _mark_confirmed(request.venue, now)
    log(instance=request.venue, action=LOG_CONFIRMED, user=None, data={"request": locked.pk})
    request.used_at, request.outcome = locked.used_at, locked.outcome


@transaction.atomic
def propose_corrections(*, request: ConfirmationRequest, changes: dict, comment: str = "") -> None:
    """Keep the corrections the venue proposes (``CorrectionForm.changes()``) for its hub to
    review, and tell its coordinators."""
    if not changes and not comment:
        raise ValidationError(
            _(
                "Vous n'avez rien corrigé. Si tout est exact, utilisez le bouton « Tout est "
                "exact »."
            ),
            code="nothing",
        )
    locked = _locked_live(request)
    locked.used_at, locked.outcome = timezone.now(), Outcome.CORRECTIONS
    locked.proposal, locked.comment = changes, comment
    locked.proposal_status = ProposalStatus.PENDING
    locked.save(update_fields=["used_at", "outcome", "proposal", "comment", "proposal_status"])
    locked.venue = request.venue
    log(
        instance=request.venue,
        action=LOG_PROPOSED,
        user=None,
        data={"request": locked.pk, "fields": sorted(changes)},
    )
    notify(
        recipients=HUB_COORDINATORS,
        kind=PROPOSAL_KIND,
        template="directory/email/confirmation_proposal",
        obj=locked,
        url=reverse("venues:review_confirmation", args=[locked.pk]),
        context={"venue": request.venue, "request": locked, "fields": sorted(changes)},
    )
    request.used_at, request.proposal_status = locked.used_at, locked.proposal_status


@transaction.atomic
def review_proposal(*, request: ConfirmationRequest, by, accept: Iterable[str], reason: str = ""):
    """Write the accepted fields of the venue's proposal, refuse the others (a reason is then
    required); both kept in the venue's history, naming the request."""
    locked = (
        ConfirmationRequest.objects.select_for_update().select_related("venue").get(pk=request.pk)
    )
    if by is not None:
        _refuse_unless(can_review_proposal(by, locked), _("Ce lieu est d'un autre hub."))
    if locked.proposal_status != ProposalStatus.PENDING:
        raise ValidationError(_("Ces corrections ont déjà été examinées."), code="reviewed")
    accepted = [name for name in locked.proposal if name in set(accept)]
    refused = [name for name in locked.proposal if name not in set(accepted)]
    reason = reason.strip()
    if refused and not reason:
        raise ValidationError(
            _("Indiquez le motif du refus : il est gardé dans l'historique du lieu."),
            code="reason_required",
        )
    now = timezone.now()
    venue = Venue.objects.select_for_update().get(pk=locked.venue_id)
    changes = {}
    for name in accepted:
        changes[name] = [current_value(venue, name), locked.proposal[name]]
        setattr(venue, name, locked.proposal[name])
    if accepted:
        venue.updated_on = timezone.localdate()
        venue.confirmed_at = now
        venue.save()
        log(
            instance=venue,
            action=LOG_ACCEPTED,
            user=by,
            data={
                "request": locked.pk,
                "fields": accepted,
                "refused": refused,
                "reason": reason,
                "changes": changes,
            },
        )
    else:
        log(
            instance=venue,
            action=LOG_REFUSED,
            user=by,
            data={"request": locked.pk, "fields": refused, "reason": reason},
        )
    locked.proposal_status = (
        ProposalStatus.REFUSED
        if not accepted
        else ProposalStatus.ACCEPTED
        if not refused
        else ProposalStatus.PARTLY
    )
    locked.accepted_fields, locked.refusal_reason = accepted, reason
    locked.reviewed_at, locked.reviewed_by = now, by
    locked.save(
        update_fields=[
            "proposal_status",
            "accepted_fields",
            "refusal_reason",
            "reviewed_at",
            "reviewed_by",
        ]
    )
    return locked


@transaction.atomic
def revoke(*, request: ConfirmationRequest, by) -> None:
    """Cancel a link not used yet: it then opens a page saying so."""
    locked = (
        ConfirmationRequest.objects.select_for_update().select_related("venue").get(pk=request.pk)
    )
    if by is not None:
        _refuse_unless(can_request_confirmation(by, locked.venue), _("Ce lieu est d'un autre hub."))
    if not locked.is_live:
        raise ValidationError(_("Ce lien n'est déjà plus valable."), code="not_live")
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    log(instance=locked.venue, action=LOG_REVOKED, user=by, data={"request": locked.pk})


@transaction.atomic
def confirm_by_coordinator(*, venue: Venue, by) -> None:
    """The hub's coordinator vouches for the venue's data as it is."""
    if by is not None:
        _refuse_unless(can_edit(by, venue), _("Ce lieu est d'un autre hub."))
    _mark_confirmed(venue, timezone.now())
    log(instance=venue, action=LOG_CONFIRMED, user=by, data={"coordinator": True})


@transaction.atomic
def opt_out(*, request: ConfirmationRequest) -> None:
    """The venue asks for no more requests (the link of any of its e-mails, even used or
    expired): its live links are revoked and campaigns skip it."""
    venue = Venue.objects.select_for_update().get(pk=request.venue_id)
    if venue.confirmation_opt_out:
        return
    Venue.objects.filter(pk=venue.pk).update(confirmation_opt_out=True)
    ConfirmationRequest.objects.filter(venue=venue).live().update(revoked_at=timezone.now())
    log(instance=venue, action=LOG_OPTED_OUT, user=None, data={"request": request.pk})
