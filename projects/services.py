"""Writes of the calls for projects: what a dossier's moves keep and whom they tell."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hubsite.notifications import HUB_COORDINATORS, notify
from hubsite.roles import national_users
from projects.models import Dossier, DossierStatus, DossierVersion

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
    problems += [result.message for result in dossier.rule_results() if not result.passed]
    return problems


def snapshot(dossier: Dossier) -> dict:
    """What the hub sends, whole, so that later versions can be compared with it."""
    lines = ("year1", "year2", "year3")
    return {
        "title": dossier.title,
        "summary": dossier.summary,
        "objectives": dossier.objectives,
        "departements": sorted(dossier.departements.values_list("code", flat=True)),
        "priority_neighbourhoods": dossier.priority_neighbourhoods,
        "solutions": sorted(dossier.solutions.values_list("title", flat=True)),
        "expenses": [
            {"category": e.category, "label": e.label, **{y: str(getattr(e, y)) for y in lines}}
            for e in dossier.expenses.all()
        ],
        "financing": [
            {
                "source": f.source,
                "label": f.label,
                "secured": f.secured,
                **{y: str(getattr(f, y)) for y in lines},
            }
            for f in dossier.financing.all()
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
