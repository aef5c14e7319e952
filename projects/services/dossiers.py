"""Writes of the calls for projects: what a dossier's moves keep and whom they tell."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hubsite.notifications import HUB_COORDINATORS, notify
from hubsite.roles import national_users
from projects.models import (
    ConflictOfInterest,
    Criterion,
    Dossier,
    DossierStatus,
    DossierVersion,
    Review,
    ReviewStatus,
    Score,
)

DOSSIER_SENT_KIND = "projects.dossier_sent"
DOSSIER_MOVED_KIND = "projects.dossier_moved"


def submission_problems(dossier: Dossier) -> list[str]:
    """Why ``dossier`` cannot be sent yet, in French; empty when it can."""
    problems = []
    if dossier.status == DossierStatus.DRAFT and dossier.call.closes_on < timezone.localdate():
        problems.append(
            _("L'appel « %(call)s » est clos depuis le %(date)s.")
            % {"call": dossier.call, "date": dossier.call.closes_on.strftime("%d/%m/%Y")}
        )
    if not dossier.summary.strip():
        problems.append(_("Le résumé du projet est vide."))
    if not dossier.expenses.exists():
        problems.append(_("Le budget ne compte aucune dépense."))
    problems += [
        _("La pièce « %(document)s », demandée par l'appel, manque au dossier.")
        % {"document": kind}
        for kind in dossier.missing_documents()
    ]
    problems += [result.message for result in dossier.rule_results() if not result.passed]
    return problems


def snapshot(dossier: Dossier) -> dict:
    """What the hub sends, whole, so that later versions can be compared with it
    (``projects.versions``): each line keeps its id, by which versions are matched."""
    lines = ("year1", "year2", "year3")
    return {
        "title": dossier.title,
        "summary": dossier.summary,
        "objectives": dossier.objectives,
        "departements": sorted(dossier.departements.values_list("code", flat=True)),
        "priority_neighbourhoods": dossier.priority_neighbourhoods,
        "solutions": sorted(dossier.solutions.values_list("title", flat=True)),
        "expenses": [
            {
                "id": e.pk,
                "category": e.category,
                "label": e.label,
                **{y: str(getattr(e, y)) for y in lines},
            }
            for e in dossier.expenses.all()
        ],
        "financing": [
            {
                "id": f.pk,
                "source": f.source,
                "label": f.label,
                "secured": f.secured,
                **{y: str(getattr(f, y)) for y in lines},
            }
            for f in dossier.financing.all()
        ],
        "actions": [
            {
                "id": a.pk,
                "title": a.title,
                "starts_on": a.starts_on.isoformat() if a.starts_on else "",
                "ends_on": a.ends_on.isoformat() if a.ends_on else "",
                "owner": a.owner,
                "description": a.description,
            }
            for a in dossier.actions.all()
        ],
        "partners": [
            {
                "id": p.pk,
                "name": p.name,
                "kind": p.kind,
                "role": p.role,
                "committed": p.committed,
            }
            for p in dossier.partners.all()
        ],
        "documents": [
            {"id": d.pk, "kind": d.kind, "file": d.filename} for d in dossier.documents.all()
        ],
        "indicators": [
            {
                "id": i.pk,
                "label": i.label,
                "unit": i.unit,
                "baseline": str(i.baseline),
                **{f"target_year{y}": str(i.target(y)) for y in (1, 2, 3)},
            }
            for i in dossier.indicators.all()
        ],
    }


@transaction.atomic
def record_version(*, dossier: Dossier, by) -> DossierVersion:
    last = dossier.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return DossierVersion.objects.create(
        dossier=dossier, number=last + 1, content=snapshot(dossier), submitted_by=by
    )


def dossier_sent(dossiers: Sequence[Dossier], *, by, reason: str = "") -> None:
    """A transition's effect: the version sent is kept, the national team is told."""
    for dossier in dossiers:
        version = record_version(dossier=dossier, by=by)
        notify(
            recipients=lambda _obj: national_users(),
            kind=DOSSIER_SENT_KIND,
            template="projects/email/dossier_sent",
            obj=dossier,
            context={"version": version},
        )


def dossier_moved(dossiers: Sequence[Dossier], *, by, reason: str = "") -> None:
    """A transition's effect: the hub's coordinators are told where their dossier stands."""
    for dossier in dossiers:
        notify(
            recipients=HUB_COORDINATORS,
            kind=DOSSIER_MOVED_KIND,
            template="projects/email/dossier_moved",
            obj=dossier,
            context={"status": dossier.get_status_display(), "reason": reason},
        )


# --- Review --------------------------------------------------------------------------------

REVIEW_ASSIGNED_KIND = "projects.review_assigned"
# The statuses in which a dossier is given reviewers.
REVIEWABLE = (DossierStatus.ELIGIBLE, DossierStatus.IN_REVIEW, DossierStatus.RESUBMITTED)


def _check_reviewer(reviewer, dossier: Dossier) -> None:
    from hubsite.roles import is_funder_reviewer

    if not is_funder_reviewer(reviewer):
        raise ValidationError(
            _("%(person)s n'est pas relecteur ou relectrice de la Banque des territoires.")
            % {"person": reviewer.get_full_name() or reviewer.username}
        )
    if ConflictOfInterest.objects.filter(reviewer=reviewer, hub=dossier.hub_id).exists():
        raise ValidationError(
            _("%(person)s a déclaré un conflit d'intérêts avec le hub %(hub)s.")
            % {"person": reviewer.get_full_name() or reviewer.username, "hub": dossier.hub}
        )


@transaction.atomic
def assign_reviewer(*, dossier: Dossier, reviewer, by) -> Review:
    """Ask ``reviewer`` to review ``dossier`` (a conflicted reviewer never is); they are told."""
    _check_reviewer(reviewer, dossier)
    review, created = Review.objects.get_or_create(
        dossier=dossier, reviewer=reviewer, defaults={"call_id": dossier.call_id}
    )
    if created:
        notify(
            recipients=[reviewer],
            kind=REVIEW_ASSIGNED_KIND,
            template="projects/email/review_assigned",
            obj=review,
            context={"dossier": dossier, "call": dossier.call},
        )
    return review


@transaction.atomic
def spread_evenly(*, call, reviewers: Sequence, by) -> list[Review]:
    """Give each dossier of ``call`` under review the call's number of reviewers, choosing
    among ``reviewers`` those least loaded in the call and free of conflict with its hub.
    All or nothing: a dossier that cannot get its reviewers refuses the whole spread."""
    from collections import Counter

    reviewers = sorted(reviewers, key=lambda r: r.pk)
    dossiers = list(
        call.dossiers.filter(status__in=REVIEWABLE).select_related("hub").order_by("pk")
    )
    load = Counter(Review.objects.filter(call=call).values_list("reviewer_id", flat=True))
    assigned = {(r.dossier_id, r.reviewer_id) for r in Review.objects.filter(call=call)}
    conflicts = set(
        ConflictOfInterest.objects.filter(reviewer__in=reviewers).values_list(
            "reviewer_id", "hub_id"
        )
    )
    created, short = [], []
    for dossier in dossiers:
        missing = call.reviewers_per_dossier - sum(1 for d, _r in assigned if d == dossier.pk)
        free = [
            r
            for r in reviewers
            if (dossier.pk, r.pk) not in assigned and (r.pk, dossier.hub_id) not in conflicts
        ]
        if missing > len(free):
            short.append(str(dossier))
            continue
        for reviewer in sorted(free, key=lambda r: (load[r.pk], r.pk))[: max(missing, 0)]:
            created.append(assign_reviewer(dossier=dossier, reviewer=reviewer, by=by))
            load[reviewer.pk] += 1
            assigned.add((dossier.pk, reviewer.pk))
    if short:
        raise ValidationError(
            _("Pas assez de relecteurs sans conflit d'intérêts pour : %(dossiers)s.")
            % {"dossiers": ", ".join(short)}
        )
    return created


@transaction.atomic
def save_review(
    *,
    review: Review,
    by,
    scores: dict[int, int | None],
    recommendation: str = "",
    shared_comment: str = "",
    private_note: str = "",
    submit: bool = False,
) -> Review:
    """Keep what the reviewer wrote (a draft), or send it: a sent review has every criterion
    marked (a mark or "not applicable") and a recommendation, and is no longer changed."""
    from projects.permissions import can_review

    review = Review.objects.select_for_update().get(pk=review.pk)
    if not can_review(by, review):
        raise PermissionDenied(_("Cette relecture n'est pas la vôtre, ou elle est déjà envoyée."))
    criteria = {c.pk: c for c in Criterion.objects.filter(section__grid_id=review.call.grid_id)}
    problems = []
    for criterion_id, value in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("Ce critère n'est pas dans la grille de l'appel."))
        if value is not None and not 0 <= value <= criterion.maximum:
            problems.append(
                _("« %(criterion)s » : la note va de 0 à %(max)d.")
                % {"criterion": criterion, "max": criterion.maximum}
            )
    if submit:
        unanswered = [str(c) for pk, c in criteria.items() if pk not in scores]
        if unanswered:
            problems.append(
                _("Notez chaque critère (ou indiquez « sans objet ») : %(list)s.")
                % {"list": ", ".join(unanswered)}
            )
        if not recommendation:
            problems.append(_("Donnez votre avis d'ensemble."))
    if problems:
        raise ValidationError(problems)
    for criterion_id, value in scores.items():
        Score.objects.update_or_create(
            review=review, criterion_id=criterion_id, defaults={"value": value}
        )
    review.recommendation = recommendation
    review.shared_comment = shared_comment
    review.private_note = private_note
    if submit:
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    return review
