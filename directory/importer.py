"""Import venues from files in the national standard (CSV or JSON, any mix of v0 and v1).

A file is read whole (``import_files``), every row is checked (``import_rows``, communes
resolved by ``hubsite.communes``) and matched against the database with a bounded number of
queries (communes, postcodes and existing venues are loaded into dicts, never one query per
row), then written here with bulk operations inside one transaction, each change in the
venue's history: an error midway leaves the database as it was. Re-importing a file changes
nothing. What an admin upload does around this (previews, background jobs) is
``import_service``'s.

Decisions worth knowing:

- A venue is identified by (source, id), any of those it answers to (``VenueSourceId``: a
  merged venue keeps the ids of the venues merged into it). The source is ``--source`` if
  given, else the row's ``source`` column, else the file's name.
- A row that would create a venue resembling one of its commune (``import_lookalikes``) is
  imported with a warning naming that venue, and the pair is proposed for a merge.
- A row is rejected, with its reason, when a required column is empty, the postcode is
  malformed, the commune cannot be found, a URL or an e-mail address is invalid, or a cell
  holds what no column takes (``import_cells``: a number no float holds, a JSON object). Unknown
  vocabulary values, an unreadable phone number or pivot, or an over-long summary only drop
  or shorten that value, with a warning.
- A new venue waits for its hub's qualification; an update keeps the venue's qualification.
- A row without coordinates is placed at its commune's centre and flagged approximate (unless
  the venue already has an exact position in that commune, placed by hand).
- A column absent from the whole file leaves its field untouched: a v1 file, which cannot say
  whether a venue accepts the pass numérique, does not reset that flag.
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from directory import coverage, duplicate_services, spatial, standard
from directory.import_files import ImportFileError, read_file  # noqa: F401 (its API)
from directory.import_lookalikes import flag_lookalikes
from directory.import_rows import PlannedRow, RowProblem, check_rows
from directory.models import (
    Status,
    Venue,
    VenueSourceId,
    bulk_create_venues,
    write_opening_intervals,
)

LOG_ACTION = "directory.import"


@dataclass
class VenueChange:
    row: int
    source: str
    id: str
    name: str
    fields: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool = False
    total: int = 0
    created: list[VenueChange] = field(default_factory=list)
    updated: list[VenueChange] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }

    def summary(self) -> str:
        text = _(
            "%(total)d lignes : %(created)d créées, %(updated)d mises à jour, "
            "%(unchanged)d inchangées, %(rejected)d rejetées, %(warnings)d avertissements."
        ) % {"total": self.total, "warnings": len(self.warnings), **self.counts}
        if self.dry_run:
            text = _("Simulation (rien n'a été enregistré) — ") + text
        return text


# --- Comparing and writing -------------------------------------------------------------------


def _file_source(filename: str) -> str:
    return slugify(Path(filename).stem)[:100] if filename else ""


def _current(venue: Venue, model_field: str):
    return getattr(venue, model_field)


def _changed_fields(venue: Venue, values: dict, touched: set[str]) -> list[str]:
    return [name for name in sorted(touched) if _current(venue, name) != values[name]]


def _keep_hand_placed_position(venue: Venue, planned: PlannedRow) -> None:
    """A row without coordinates does not undo a position placed by hand in the same commune."""
    values = planned.values
    if (
        values["position_is_approximate"]
        and not venue.position_is_approximate
        and venue.has_position
        and venue.commune_id == values["commune_id"]
    ):
        values.update(
            latitude=venue.latitude, longitude=venue.longitude, position_is_approximate=False
        )


def _log_entries(changes: list[tuple[Venue, dict]], *, user, label: str) -> None:
    content_type = ContentType.objects.get_for_model(Venue, for_concrete_model=False)
    now = timezone.now()
    batch = uuid.uuid4()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                object_id=str(venue.pk),
                label=str(venue),
                action=LOG_ACTION,
                data=data | {"file": label},
                timestamp=now,
                uuid=batch,
                user=user,
                content_changed=True,
            )
            for venue, data in changes
        ],
        batch_size=1000,
    )


def _apply(
    creations: list[tuple[PlannedRow, Venue]],
    updates: list[tuple[PlannedRow, Venue, list[str]]],
    *,
    user,
    label: str,
) -> None:
    now = timezone.now()
    new_venues = bulk_create_venues([venue for _planned, venue in creations])

    changed_fields: set[str] = set()
    updated_venues = []
    for planned, venue, fields in updates:
        for name in fields:
            setattr(venue, name, planned.values[name])
        venue.grid_cell = spatial.grid_cell(venue.latitude, venue.longitude)
        venue.modified_at = now
        changed_fields.update(fields)
        updated_venues.append(venue)
    if updated_venues:
        Venue.objects.bulk_update(
            updated_venues,
            sorted(changed_fields | {"grid_cell", "modified_at"}),
            batch_size=500,
        )
    write_opening_intervals(
        [venue for _planned, venue, fields in updates if "opening_hours" in fields]
    )
    if any(venue.status == Status.QUALIFIED for _planned, venue, _fields in updates):
        # New rows wait for their qualification; changes to published ones move distances.
        coverage.schedule_recompute()
    _log_entries(
        [(venue, {"created": True}) for venue in new_venues]
        + [(venue, {"created": False, "fields": fields}) for _planned, venue, fields in updates],
        user=user,
        label=label,
    )


def import_file(
    data: bytes,
    *,
    filename: str = "",
    source: str | None = None,
    dry_run: bool = False,
    allowed_departements: frozenset[str] | set[str] | None = None,
    user=None,
    is_demo: bool = False,
    max_bytes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Read ``data`` and import it; see ``import_rows``. ImportFileError if unreadable."""
    parsed = read_file(data, filename=filename, max_bytes=max_bytes)
    return import_rows(
        parsed.rows,
        parsed.columns,
        source=source,
        default_source=_file_source(filename) or "import",
        dry_run=dry_run,
        allowed_departements=allowed_departements,
        user=user,
        is_demo=is_demo,
        label=filename,
        progress=progress,
    )


def import_rows(
    rows: list[tuple[int, dict | None]],
    columns: set[str],
    *,
    source: str | None = None,
    default_source: str = "import",
    dry_run: bool = False,
    allowed_departements: frozenset[str] | set[str] | None = None,
    user=None,
    is_demo: bool = False,
    label: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Create or update a venue per valid row, all or nothing; report every row's fate.

    ``allowed_departements`` (None: all) restricts the import to a coordinator's hub: rows of
    other départements are rejected, as are rows that would change another hub's venue.
    ``dry_run`` computes the same report and writes nothing. ``progress(done, total)`` is
    called as rows are checked, outside the transaction that writes, so that it may record
    where the import stands for others to see.
    """
    started = time.perf_counter()
    report = ImportReport(dry_run=dry_run, total=len(rows))
    source = standard.clean_text(source)[:100] if source else None
    checked = check_rows(
        rows,
        set(columns),
        source=source,
        default_source=default_source,
        allowed_departements=allowed_departements,
        progress=progress,
    )
    report.rejected.extend(checked.rejected)
    report.warnings.extend(checked.warnings)
    planned_rows = checked.planned
    with transaction.atomic():
        creations, updates = _match_existing(
            planned_rows, report, allowed_departements=allowed_departements, is_demo=is_demo
        )
        lookalikes = flag_lookalikes(creations, report.warnings)
        if not dry_run:
            _apply(creations, updates, user=user, label=label)
            _record_lookalikes(creations, updates, lookalikes)
    report.rejected.sort(key=lambda problem: problem.row)
    report.seconds = time.perf_counter() - started
    return report


def _record_lookalikes(creations, updates, lookalikes) -> None:
    """The pairs the import flagged, recorded at once; the communes it touched searched for
    duplicates again in the background once it is committed."""
    duplicate_services.record_pairs(
        (creations[index][1].pk, candidate.second.pk, candidate.score, candidate.reasons)
        for index, candidate in lookalikes
    )
    communes = {venue.commune_id for _planned, venue in creations if venue.commune_id}
    communes |= {venue.commune_id for _planned, venue, _fields in updates if venue.commune_id}
    if communes:
        transaction.on_commit(lambda: duplicate_services.queue_refresh(communes=communes))


def _match_existing(
    planned_rows: list[PlannedRow],
    report: ImportReport,
    *,
    allowed_departements: frozenset[str] | set[str] | None,
    is_demo: bool,
) -> tuple[list[tuple[PlannedRow, Venue]], list[tuple[PlannedRow, Venue, list[str]]]]:
    """The venues to create and those to update (with their changed fields), in ``report``
    too; a row that would change another hub's venue is rejected."""
    existing = _existing_venues({planned.source for planned in planned_rows})
    creations: list[tuple[PlannedRow, Venue]] = []
    updates: list[tuple[PlannedRow, Venue, list[str]]] = []
    for planned in planned_rows:
        venue = existing.get((planned.source, planned.source_id))
        if venue is None:
            new = Venue(
                source=planned.source,
                source_id=planned.source_id,
                status=Status.PENDING,
                is_demo=is_demo,
                **planned.values,
            )
            creations.append((planned, new))
            report.created.append(
                VenueChange(planned.row, planned.source, planned.source_id, new.name)
            )
            continue
        if allowed_departements is not None and venue.departement_id not in allowed_departements:
            # The same words as for a row outside the hub's départements, and no more: an id
            # must not tell what another hub holds, nor where.
            report.rejected.append(
                RowProblem(planned.row, planned.source_id, _("ce lieu n'est pas dans votre hub"))
            )
            continue
        _keep_hand_placed_position(venue, planned)
        fields = _changed_fields(venue, planned.values, planned.touched)
        if fields:
            updates.append((planned, venue, fields))
            report.updated.append(
                VenueChange(planned.row, planned.source, planned.source_id, venue.name, fields)
            )
        else:
            report.unchanged += 1
    return creations, updates


def _existing_venues(sources: set[str]) -> dict[tuple[str, str], Venue]:
    """Every venue an id of ``sources`` names, through its source ids: a merged venue answers
    to its own and to those of the venues merged into it (one object per venue)."""
    if not sources:
        return {}
    venues: dict[int, Venue] = {}
    existing = {}
    aliases = VenueSourceId.objects.filter(source__in=sources).select_related("venue")
    for alias in aliases.iterator(chunk_size=2000):
        existing[(alias.source, alias.source_id)] = venues.setdefault(alias.venue_id, alias.venue)
    return existing
