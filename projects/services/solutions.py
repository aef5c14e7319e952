"""The writes of the solutions catalogue: take-up requests moved along (a deployment created
when one is deployed), and who is told of each step of a solution's moderation."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hubsite import services as hub_services
from hubsite.notifications import hub_coordinators, notify
from projects.models import Deployment, Organisation, Solution, TakeUpRequest, TakeUpStatus

SUBMITTED_KIND = "projects.solution_submitted"
CHANGES_REQUESTED_KIND = "projects.solution_changes_requested"
PUBLISHED_KIND = "projects.solution_published"
TAKE_UP_MOVED_KIND = "projects.take_up_moved"
ORGANISATION_MEMBERS = "organisation_members"


def organisation_of(obj) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    if isinstance(obj, Solution):
        return obj.organisation
    if isinstance(obj, TakeUpRequest):
        return obj.solution.organisation
    return getattr(obj, "organisation", None)


def organisation_members(obj):
    """The active members of the organisation ``obj`` belongs to (a solution's, a request's
    solution's), who can receive e-mail."""
    organisation = organisation_of(obj)
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if organisation is None:
        return users.none()
    return users.filter(memberships__organisation=organisation).distinct()


def tell_reviewers(*, solution: Solution, reviewers, submitted_by) -> dict:
    """A version of ``solution`` waits for its hub: its reviewers are told."""
    return notify(
        recipients=list(reviewers),
        kind=SUBMITTED_KIND,
        template="projects/email/solution_submitted",
        obj=solution,
        context={"submitted_by": submitted_by, "organisation": solution.organisation},
    )


def tell_changes_requested(*, solution: Solution, comment: str, by) -> dict:
    return notify(
        recipients=ORGANISATION_MEMBERS,
        kind=CHANGES_REQUESTED_KIND,
        template="projects/email/solution_changes_requested",
        obj=solution,
        context={"comment": comment, "reviewer": by},
    )


def tell_published(*, solution: Solution, comment: str, by) -> dict:
    return notify(
        recipients=ORGANISATION_MEMBERS,
        kind=PUBLISHED_KIND,
        template="projects/email/solution_published",
        obj=solution,
        context={"comment": comment, "reviewer": by},
    )


def take_up_followers(request: TakeUpRequest) -> list:
    """Both sides of a take-up request: the hub of the requester's commune and the
    solution's organisation."""
    people = {user.pk: user for user in hub_coordinators(request.hub)}
    people.update({user.pk: user for user in organisation_members(request)})
    return list(people.values())


@transaction.atomic
def move_take_up(
    *,
    request: TakeUpRequest,
    to: str,
    by,
    reason: str = "",
    started_on: datetime.date | None = None,
) -> TakeUpRequest:
    """Move ``request`` as its table allows (``projects.transitions``); "deployed" creates its
    deployment, in the requester's commune, run by the solution's organisation, from
    ``started_on`` (today by default). Both sides are told."""
    entry = hub_services.move(request, to=to, by=by, reason=reason)
    if to == TakeUpStatus.DEPLOYED:
        if request.deployment_id is not None:
            raise ValidationError(_("Cette demande a déjà son déploiement."), code="deployed")
        deployment = Deployment.objects.create(
            solution=request.solution,
            organisation=request.solution.organisation,
            commune=request.commune,
            departement_id=request.commune.departement_id,
            started_on=started_on or timezone.localdate(),
            declared_by=by,
        )
        TakeUpRequest.objects.filter(pk=request.pk).update(deployment=deployment)
        request.deployment = deployment
    notify(
        recipients=take_up_followers(request),
        kind=TAKE_UP_MOVED_KIND,
        template="projects/email/take_up_moved",
        obj=request,
        context={
            "status": TakeUpStatus(to).label,
            "reason": entry.data.get("reason", ""),
            "by": by,
        },
    )
    return request
