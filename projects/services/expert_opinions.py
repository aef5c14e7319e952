"""Outside experts' opinions on a dossier: the national team asks one by e-mail, with a
personal link that expires; through it, without an account, the expert sends their opinion
once."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hubsite import tokens
from hubsite.notifications import absolute_url, render_text
from projects.models import Dossier, ExpertOpinion, Recommendation
from projects.permissions.grids_opinions import can_request_expert_opinion

# How far ahead a deadline may be set: a link should not stay usable for ever.
LONGEST_DEADLINE = datetime.timedelta(days=90)


def opinion_url(token: str) -> str:
    return absolute_url(reverse("solutions:expert_opinion", args=[token]))


def find_opinion(token: str) -> ExpertOpinion | None:
    """The request a link's token opens, whatever its state; None for a forged token."""
    if not tokens.plausible(token):
        return None
    return (
        ExpertOpinion.objects.select_related("dossier__hub", "dossier__call")
        .filter(token_hash=tokens.digest(token))
        .first()
    )


def end_of(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day``, in the portal's time zone."""
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(midnight)


def _email(opinion: ExpertOpinion, token: str, deadline: datetime.date) -> dict:
    context = {
        "opinion": opinion,
        "dossier": opinion.dossier,
        "call": opinion.dossier.call,
        "deadline": deadline,
        "url": opinion_url(token),
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_text("projects/email/expert_opinion_request_subject.txt", context).split()
        )
        context["subject"] = subject
        return {
            "to": [opinion.email],
            "subject": subject,
            "text": render_text("projects/email/expert_opinion_request.txt", context),
            "html": render_to_string("projects/email/expert_opinion_request.html", context),
        }


@transaction.atomic
def request_expert_opinion(
    *, dossier: Dossier, expert_name: str, email: str, deadline: datetime.date, by
) -> ExpertOpinion:
    """E-mail ``email`` a link to give an opinion on ``dossier`` until ``deadline`` (sent
    when the transaction commits)."""
    if not can_request_expert_opinion(by, dossier):
        raise PermissionDenied(_("Seule l'équipe nationale demande l'avis d'un expert."))
    today = timezone.localdate()
    if deadline < today:
        raise ValidationError(_("La date limite est passée : choisissez une date à venir."))
    if deadline > today + LONGEST_DEADLINE:
        raise ValidationError(
            _("La date limite est à plus de %(days)d jours : choisissez une date plus proche.")
            % {"days": LONGEST_DEADLINE.days}
        )
    token, token_hash = tokens.new_token()
    opinion = ExpertOpinion.objects.create(
        dossier=dossier,
        expert_name=expert_name,
        email=email,
        token_hash=token_hash,
        expires_at=end_of(deadline),
        requested_by=by,
    )
    message = _email(opinion, token, deadline)
    from hubsite.tasks import send_emails

    transaction.on_commit(lambda: send_emails.enqueue([message]), robust=True)
    return opinion


@transaction.atomic
def submit_expert_opinion(*, opinion: ExpertOpinion, text: str, recommendation: str) -> None:
    """The expert's opinion, through their link (once, before it expires)."""
    locked = ExpertOpinion.objects.select_for_update().get(pk=opinion.pk)
    if not locked.is_live:
        raise ValidationError(_("Ce lien n'est plus valable."), code="not_live")
    problems = []
    if not text.strip():
        problems.append(_("Écrivez votre avis."))
    if recommendation not in Recommendation.values:
        problems.append(_("Choisissez votre recommandation."))
    if problems:
        raise ValidationError(problems)
    locked.opinion, locked.recommendation = text.strip(), recommendation
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["opinion", "recommendation", "submitted_at"])
    opinion.opinion, opinion.recommendation = locked.opinion, locked.recommendation
    opinion.submitted_at = locked.submitted_at
