"""What the public does with the catalogue: ask to deploy a solution at home.

A take-up request reaches both sides at once: the hub of the requester's commune (its
coordinators; the national team where no hub covers the commune, or nobody coordinates it)
and the members of the solution's organisation.
"""

from django.db import transaction

from hubsite.models import Commune, Hub
from hubsite.notifications import hub_coordinators, notify, reachable
from hubsite.roles import national_users
from projects.models import Solution, TakeUpRequest
from projects.services.solutions import organisation_members

TAKE_UP_HUB_KIND = "projects.take_up_hub"
TAKE_UP_ORGANISATION_KIND = "projects.take_up_organisation"


def hub_for_commune(commune: Commune) -> Hub | None:
    return Hub.objects.filter(departements=commune.departement_id).first()


def take_up_hub_recipients(commune: Commune):
    """Who answers for the territory of ``commune``: its hub's coordinators, else the
    national team."""
    coordinators = hub_coordinators(hub_for_commune(commune))
    if coordinators.exists():
        return coordinators
    return reachable(national_users()).distinct()


@transaction.atomic
def request_take_up(
    *,
    solution: Solution,
    requester_kind: str,
    requester_name: str,
    email: str,
    commune: Commune,
    need: str,
    structure: str = "",
    phone: str = "",
) -> TakeUpRequest:
    """Record that someone wants ``solution`` in ``commune``, and tell both sides (at once
    or in their digest, as each prefers). Raises ``ValidationError`` on a bad field."""
    take_up = TakeUpRequest(
        solution=solution,
        requester_kind=requester_kind,
        requester_name=requester_name,
        structure=structure,
        email=email,
        phone=phone,
        commune=commune,
        need=need,
    )
    take_up.full_clean()
    take_up.save()
    context = {
        "take_up": take_up,
        "solution": solution,
        "hub": hub_for_commune(commune),
        "organisation": solution.organisation,
        "requester_kind": take_up.get_requester_kind_display(),
    }
    notify(
        recipients=take_up_hub_recipients(commune),
        kind=TAKE_UP_HUB_KIND,
        template="projects/email/take_up_hub",
        obj=take_up,
        context=context,
    )
    notify(
        recipients=organisation_members(solution),
        kind=TAKE_UP_ORGANISATION_KIND,
        template="projects/email/take_up_organisation",
        obj=take_up,
        context=context,
    )
    return take_up
