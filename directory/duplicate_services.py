"""Recording likely duplicates, dismissing them and merging two venues into one.

The merge keeps the values chosen field by field, every source id of both venues (re-importing
either source then updates the venue left), the history of both (the absorbed venue's log
entries move to the survivor, plus a "merged" entry), their error reports and the opening
intervals of the chosen hours. The absorbed venue is deleted; a ``MergedVenue`` keeps its id
so that its public URL redirects to the survivor.
"""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from directory import duplicates
from directory.merge_fields import MERGE_GROUPS
from directory.models import (
    DuplicatePair,
    ErrorReport,
    MergedVenue,
    PairStatus,
    Venue,
    VenueSourceId,
    write_opening_intervals,
)
from directory.permissions import can_review_pair

LOG_MERGED = "directory.merge"
COMMUNES_PER_QUERY = 500


@dataclass
class RefreshResult:
    created: int = 0
    updated: int = 0
    removed: int = 0


def _refresh_chunk(venues, pairs, result: RefreshResult) -> None:
    found = {
        (c.first.pk, c.second.pk): c
        for c in duplicates.find_candidates(duplicates.sketches(venues))
    }
    existing = {(p.first_id, p.second_id): p for p in pairs}
    new, changed, gone = [], [], []
    for key, candidate in found.items():
        pair = existing.get(key)
        if pair is None:
            new.append(
                DuplicatePair(
                    first_id=key[0],
                    second_id=key[1],
                    score=candidate.score,
                    reasons=candidate.reasons,
                )
            )
        elif pair.status == PairStatus.OPEN and (
            pair.score != candidate.score or pair.reasons != candidate.reasons
        ):
            pair.score, pair.reasons = candidate.score, candidate.reasons
            changed.append(pair)
    for key, pair in existing.items():
        if pair.status == PairStatus.OPEN and key not in found:
            gone.append(pair.pk)
    DuplicatePair.objects.bulk_create(new, batch_size=1000)
    DuplicatePair.objects.bulk_update(changed, ["score", "reasons"], batch_size=1000)
    DuplicatePair.objects.filter(pk__in=gone).delete()
    result.created += len(new)
    result.updated += len(changed)
    result.removed += len(gone)


@transaction.atomic
def refresh_pairs(*, communes: Iterable[str] | None = None) -> RefreshResult:
    """Find the likely duplicates again (in ``communes``, or everywhere): new pairs are
    recorded, open ones updated or removed when no longer found; dismissed and merged pairs
    are left as decided, so a dismissed pair is not proposed again."""
    result = RefreshResult()
    venues = Venue.objects.filter(commune__isnull=False)
    pairs = DuplicatePair.objects.filter(second__isnull=False).only(
        "pk", "first_id", "second_id", "status", "score", "reasons"
    )
    if communes is None:
        _refresh_chunk(venues, pairs, result)
        return result
    remaining = iter(sorted(set(communes)))
    while chunk := list(itertools.islice(remaining, COMMUNES_PER_QUERY)):
        _refresh_chunk(
            venues.filter(commune_id__in=chunk), pairs.filter(first__commune_id__in=chunk), result
        )
    return result


def record_pairs(candidates: Iterable[tuple[int, int, int, list[str]]]) -> int:
    """Record (first id, second id, score, reasons) as open pairs, unless already known."""
    rows = [
        DuplicatePair(first_id=min(a, b), second_id=max(a, b), score=score, reasons=reasons)
        for a, b, score, reasons in candidates
    ]
    created = DuplicatePair.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(created)


def _decidable(pair: DuplicatePair, by) -> DuplicatePair:
    locked = DuplicatePair.objects.select_for_update().filter(pk=pair.pk).first()
    if locked is None or locked.status != PairStatus.OPEN or locked.second_id is None:
        raise ValidationError(_("Ce doublon a déjà été traité."), code="already_decided")
    if by is not None and not can_review_pair(by, locked):
        raise PermissionDenied(_("Ce doublon concerne un lieu d'un autre hub."))
    return locked


@transaction.atomic
def dismiss_pair(*, pair: DuplicatePair, by) -> DuplicatePair:
    """Record that the two venues are distinct places: the pair is not proposed again."""
    locked = _decidable(pair, by)
    locked.status = PairStatus.DISMISSED
    locked.decided_at, locked.decided_by = timezone.now(), by
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    return locked


@transaction.atomic
def merge_pair(*, pair: DuplicatePair, keep: int, choices: dict[str, int], by) -> Venue:
    """Merge the pair's venues into the one whose id is ``keep``; ``choices`` gives, for each
    group of ``directory.merge_fields.MERGE_GROUPS``, the id of the venue whose values win
    (the kept venue's when a group is absent). Returns the venue left."""
    locked = _decidable(pair, by)
    ids = {locked.first_id, locked.second_id}
    if keep not in ids or not set(choices.values()) <= ids:
        raise ValidationError(_("Choisissez l'un des deux lieux."), code="invalid_choice")
    venues = {venue.pk: venue for venue in Venue.objects.select_for_update().filter(pk__in=ids)}
    if len(venues) != 2:
        raise ValidationError(_("L'un des deux lieux n'existe plus."), code="gone")
    survivor = venues[keep]
    absorbed = venues[(ids - {keep}).pop()]
    taken = []
    for group in MERGE_GROUPS:
        if choices.get(group.name, keep) == absorbed.pk:
            for name in group.fields:
                if getattr(survivor, name) != getattr(absorbed, name):
                    setattr(survivor, name, getattr(absorbed, name))
                    taken.append(name)
    survivor.updated_on = max(survivor.updated_on, absorbed.updated_on)
    survivor.save()
    write_opening_intervals([survivor])

    VenueSourceId.objects.filter(venue=absorbed).update(venue=survivor)
    ErrorReport.objects.filter(venue=absorbed).update(venue=survivor)
    content_type = ContentType.objects.get_for_model(Venue, for_concrete_model=False)
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(absorbed.pk)).update(
        object_id=str(survivor.pk)
    )
    MergedVenue.objects.filter(into=absorbed).update(into=survivor)
    MergedVenue.objects.create(old_id=absorbed.pk, name=absorbed.name[:255], into=survivor)
    # The absorbed venue's other pairs are found again, against the survivor, by the next
    # refresh (queued below).
    DuplicatePair.objects.filter(first=absorbed).delete()
    DuplicatePair.objects.filter(second=absorbed).exclude(pk=locked.pk).delete()
    log(
        instance=survivor,
        action=LOG_MERGED,
        user=by,
        data={
            "absorbed": absorbed.pk,
            "absorbed_name": absorbed.name,
            "absorbed_source": f"{absorbed.source}:{absorbed.source_id}",
            "fields": taken,
        },
    )
    locked.first = survivor
    locked.second = absorbed
    locked.status = PairStatus.MERGED
    locked.decided_at, locked.decided_by = timezone.now(), by
    locked.save(update_fields=["first", "second", "status", "decided_at", "decided_by"])
    absorbed.delete()
    if survivor.commune_id:
        commune = survivor.commune_id
        transaction.on_commit(lambda: queue_refresh(communes=[commune]))
    return survivor


def queue_refresh(*, communes: Iterable[str] | None = None) -> None:
    """Recompute the likely duplicates in the background (django-tasks)."""
    from directory.tasks import refresh_duplicates

    refresh_duplicates.enqueue(sorted(set(communes)) if communes is not None else None)
