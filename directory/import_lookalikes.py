"""Imported rows that look like a venue already there: warned about, recorded as pairs.

Called once per import with the rows about to create a venue: one query loads the existing
venues of their communes, whatever the number of rows.
"""

import itertools

from django.utils.translation import gettext as _

from directory import duplicates
from directory.import_rows import PlannedRow, RowProblem
from directory.models import Venue

COMMUNES_PER_QUERY = 500


def _new_sketch(planned: PlannedRow) -> duplicates.Sketch:
    values = planned.values
    return duplicates.sketch(
        pk=None,
        commune_id=values.get("commune_id") or "",
        name=values.get("name", ""),
        commune_name=values.get("commune_name", ""),
        address=values.get("address", ""),
        phone=values.get("phone", ""),
        emails=values.get("emails", ""),
        latitude=values.get("latitude"),
        longitude=values.get("longitude"),
        position_is_approximate=values.get("position_is_approximate", False),
    )


def flag_lookalikes(
    creations: list[tuple[PlannedRow, Venue]], warnings: list[RowProblem]
) -> list[tuple[int, duplicates.Candidate]]:
    """(index in ``creations``, pair) for each new row that resembles an existing venue of its
    commune, with a warning naming that venue appended to ``warnings``."""
    if not creations:
        return []
    new = [_new_sketch(planned) for planned, _venue in creations]
    existing = []
    remaining = iter(sorted({item.commune_id for item in new if item.commune_id}))
    while chunk := list(itertools.islice(remaining, COMMUNES_PER_QUERY)):
        existing += duplicates.sketches(Venue.objects.filter(commune_id__in=chunk))
    found = duplicates.lookalikes(new, existing)
    for index, candidate in sorted(found.items()):
        planned = creations[index][0]
        warnings.append(
            RowProblem(
                planned.row,
                planned.source_id,
                _(
                    "ressemble au lieu « %(name)s » (n° %(pk)d) de la même commune "
                    "(%(reasons)s) : créé quand même, la paire est proposée à la fusion"
                )
                % {
                    "name": candidate.second.name,
                    "pk": candidate.second.pk,
                    "reasons": ", ".join(candidate.reasons),
                },
            )
        )
    return sorted(found.items())
