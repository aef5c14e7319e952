"""Keeps ``SolutionPlace`` (where each solution runs, as the catalogue filters it) in step
with the deployments, the solutions and their organisations.

Every write through the ORM's ``save()`` and ``delete()`` is followed here by the signals
below; a bulk load (``bulk_create``, a data import) calls ``refresh_places`` itself.
Connected in ``ProjectsConfig.ready``.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from projects.models import Deployment, Organisation, Solution, SolutionPlace

BATCH = 500


def places_of(solution_ids: Iterable[int]) -> dict[int, set[str]]:
    """The départements each of ``solution_ids`` runs in, from the stored rows."""
    ids = list(solution_ids)
    places = {pk: set() for pk in ids}
    for pk, code in Solution.objects.filter(pk__in=ids).values_list(
        "pk", "organisation__commune__departement_id"
    ):
        if code:
            places[pk].add(code)
    deployed = (
        Deployment.objects.filter(solution_id__in=ids)
        .order_by()
        .values_list("solution_id", "departement_id")
        .distinct()
    )
    for pk, code in deployed:
        places[pk].add(code)
    return places


@transaction.atomic
def refresh_places(*, solution_ids: Iterable[int], add: bool = True) -> None:
    """Rewrite the places of ``solution_ids`` from their organisation and deployments.
    ``add=False`` only removes places that no longer hold (after a deletion, when the
    solution itself may be on its way out)."""
    ids = sorted(set(solution_ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        wanted = places_of(batch)
        held = defaultdict(set)
        for pk, code in SolutionPlace.objects.filter(solution_id__in=batch).values_list(
            "solution_id", "departement_id"
        ):
            held[pk].add(code)
        for pk in batch:
            stale = held[pk] - wanted[pk]
            if stale:
                SolutionPlace.objects.filter(solution_id=pk, departement_id__in=stale).delete()
        if add:
            SolutionPlace.objects.bulk_create(
                SolutionPlace(solution_id=pk, departement_id=code)
                for pk in batch
                for code in sorted(wanted[pk] - held[pk])
            )


def refresh_all_places() -> None:
    """Every solution's places, after a bulk load."""
    refresh_places(solution_ids=Solution.objects.values_list("pk", flat=True))


def _touches(update_fields, field: str) -> bool:
    return update_fields is None or field in update_fields


@receiver(pre_save, sender=Deployment)
def remember_former_solution(sender, instance: Deployment, raw=False, **kwargs):
    # An edit may move a deployment to another solution: that one loses the place.
    instance._former_solution_id = None
    if instance.pk is not None and not raw:
        instance._former_solution_id = (
            Deployment.objects.filter(pk=instance.pk).values_list("solution_id", flat=True).first()
        )


@receiver(post_save, sender=Deployment)
def deployment_saved(sender, instance: Deployment, raw=False, **kwargs):
    if raw:
        return
    former = getattr(instance, "_former_solution_id", None)
    if former is not None and former != instance.solution_id:
        refresh_places(solution_ids=[former], add=False)
    refresh_places(solution_ids=[instance.solution_id])


@receiver(post_delete, sender=Deployment)
def deployment_deleted(sender, instance: Deployment, **kwargs):
    refresh_places(solution_ids=[instance.solution_id], add=False)


@receiver(post_save, sender=Solution)
def solution_saved(sender, instance: Solution, raw=False, update_fields=None, **kwargs):
    # A draft revision saves a few fields of the row: its organisation is not among them.
    if not raw and _touches(update_fields, "organisation"):
        refresh_places(solution_ids=[instance.pk])


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance: Organisation, raw=False, update_fields=None, **kwargs):
    if raw or not _touches(update_fields, "commune"):
        return
    solution_ids = list(instance.solutions.values_list("pk", flat=True))
    if solution_ids:
        refresh_places(solution_ids=solution_ids)
