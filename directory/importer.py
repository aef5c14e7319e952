"""Import venues from files in the national standard (CSV or JSON, any mix of v0 and v1).

A file is read whole (``import_files``), every row is checked and matched against the
database with a bounded number of queries (communes, postcodes and existing venues are loaded
into dicts, never one query per row), then written with bulk operations inside one
transaction: an error midway leaves the database as it was. Re-importing a file changes nothing.

Decisions worth knowing:

- A venue is identified by (source, id). The source is ``--source`` if given, else the row's
  ``source`` column, else the file's name.
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

import functools
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from directory import import_cells, spatial, standard
from directory.import_files import ImportFileError, read_file  # noqa: F401 (its API)
from directory.models import Status, Venue, bulk_create_venues, write_opening_intervals
from hubsite.models import Commune, PostalCode
from hubsite.models.territories import commune_code_for, departement_code_for, distance_km
from hubsite.text import normalize_name

# A position farther than this from its commune's centre is taken for an error.
MAX_DISTANCE_FROM_COMMUNE_KM = 50
QUERY_CHUNK = 500
# Rows checked between two calls of an import's progress callback.
PROGRESS_EVERY = 2000
LOG_ACTION = "directory.import"

# Model fields every row sets, whatever the file's columns.
ALWAYS_SET = (
    "name",
    "commune_name",
    "postcode",
    "insee_code",
    "address",
    "updated_on",
    "commune_id",
    "departement_id",
    "latitude",
    "longitude",
    "position_is_approximate",
)
TEXT_FIELDS = {
    # model field: (column(s), multiline)
    "name": (("nom",), False),
    "address": (("adresse",), False),
    "address_complement": (("complement_adresse",), False),
    "parent_structure": (("structure_parente",), False),
    "opening_hours": (("horaires",), False),
    "summary": (("presentation_resume",), True),
    "description": (("presentation_detail",), True),
}


@dataclass
class RowProblem:
    row: int
    id: str
    message: str

    def __str__(self):
        return _("Ligne %(row)d (id « %(id)s ») : %(message)s") % {
            "row": self.row,
            "id": self.id or "?",
            "message": self.message,
        }


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


# --- Communes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommuneRef:
    insee_code: str
    name: str
    search_name: str
    departement_id: str
    latitude: float | None
    longitude: float | None

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def key(self) -> str:
        return commune_key(self.name)


def departements_for_postcode(postcode: str) -> tuple[str, ...]:
    if postcode.startswith("20"):
        return ("2A", "2B")
    if postcode.startswith(("97", "98")):
        return (postcode[:3],)
    return (postcode[:2],)


_CEDEX_RE = re.compile(r"\bcedex\b.*$")


@functools.lru_cache(maxsize=65536)
def commune_key(name: str) -> str:
    """A commune's name as compared: normalised, without "Cedex" and what follows."""
    return _CEDEX_RE.sub("", normalize_name(name)).strip()


def _chunks(values: list, size: int = QUERY_CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


class CommuneIndex:
    """The communes a file may name, loaded once, found by INSEE code, postcode and name."""

    COMMUNE_FIELDS = (
        "insee_code",
        "name",
        "search_name",
        "departement_id",
        "latitude",
        "longitude",
    )

    def __init__(self, communes: Iterable[CommuneRef], postcodes: Iterable[tuple[str, CommuneRef]]):
        self.by_insee: dict[str, CommuneRef] = {}
        self.by_name: dict[str, list[CommuneRef]] = defaultdict(list)
        self.by_postcode: dict[str, list[CommuneRef]] = defaultdict(list)
        for commune in communes:
            self._add(commune)
        for code, commune in postcodes:
            self._add(commune)
            if commune not in self.by_postcode[code]:
                self.by_postcode[code].append(commune)

    def _add(self, commune: CommuneRef) -> None:
        if commune.insee_code not in self.by_insee:
            self.by_insee[commune.insee_code] = commune
            self.by_name[commune.key].append(commune)

    @classmethod
    def load(cls, *, postcodes: Iterable[str], insee_codes: Iterable[str]) -> "CommuneIndex":
        """Load the communes of the départements these codes point to, and the communes each
        postcode serves (a postcode may cross a département's border): a few queries, however
        many rows."""
        postcodes = sorted(set(postcodes))
        insee_codes = sorted(set(insee_codes))
        departements = {departement_code_for(code) for code in insee_codes}
        for code in postcodes:
            departements.update(departements_for_postcode(code))
        communes = [
            CommuneRef(*values)
            for values in Commune.objects.filter(departement_id__in=departements).values_list(
                *cls.COMMUNE_FIELDS
            )
        ]
        pairs = []
        fields = ["code", *(f"commune__{name}" for name in cls.COMMUNE_FIELDS)]
        for chunk in _chunks(postcodes):
            for code, *values in PostalCode.objects.filter(code__in=chunk).values_list(*fields):
                pairs.append((code, CommuneRef(*values)))
        return cls(communes, pairs)

    def resolve(
        self,
        *,
        insee_code: str,
        postcode: str,
        name: str,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> CommuneRef | None:
        """The commune by INSEE code, else among the postcode's communes by name, else by name
        in the postcode's département, else the postcode's only commune, else (with a
        position) the postcode's nearest commune: old names of merged communes end there."""
        if insee_code:
            commune = self.by_insee.get(insee_code) or self.by_insee.get(
                commune_code_for(insee_code)
            )
            if commune:
                return commune
        key = commune_key(name)
        candidates = self.by_postcode.get(postcode, [])
        if key:
            named = [c for c in candidates if c.key == key]
            if len(named) == 1:
                return named[0]
            prefixed = [c for c in candidates if c.key.startswith(key) or key.startswith(c.key)]
            if len(prefixed) == 1:
                return prefixed[0]
            departements = departements_for_postcode(postcode)
            in_departement = [
                c for c in self.by_name.get(key, []) if c.departement_id in departements
            ]
            if len(in_departement) == 1:
                return in_departement[0]
        if len(candidates) == 1:
            return candidates[0]
        placed = [c for c in candidates if c.has_position]
        if latitude is not None and longitude is not None and placed:
            return min(
                placed, key=lambda c: distance_km(latitude, longitude, c.latitude, c.longitude)
            )
        return None


# --- Checking rows ---------------------------------------------------------------------------


@dataclass
class PlannedRow:
    row: int
    source: str
    source_id: str
    values: dict
    touched: set[str]
    warnings: list[str]
    commune: CommuneRef


def _file_source(filename: str) -> str:
    return slugify(Path(filename).stem)[:100] if filename else ""


def _first(row: dict, columns: Iterable[str]):
    for column in columns:
        value = row.get(column)
        if value not in (None, "", []):
            return value
    return None


@functools.cache
def _max_lengths() -> dict[str, int]:
    """Limits of the venue's character fields (text fields are checked on their own)."""
    return {
        field.name: field.max_length
        for field in Venue._meta.get_fields()
        if isinstance(field, models.CharField) and field.max_length
    }


def _length_error(model_field: str, value: str) -> str | None:
    max_length = _max_lengths().get(model_field)
    if max_length and len(value) > max_length:
        return _("%(field)s trop long (%(length)d caractères, %(max)d au plus)") % {
            "field": Venue._meta.get_field(model_field).verbose_name,
            "length": len(value),
            "max": max_length,
        }
    return None


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;.")
    return cut + "…"


class RowChecker:
    """Turns one row of any version of the standard into the model's values, or errors."""

    def __init__(self, columns: set[str], communes: CommuneIndex):
        self.columns = columns
        self.communes = communes
        self.touched = {
            model_field
            for model_field, field_columns in standard.FIELD_COLUMNS.items()
            if any(column in columns for column in field_columns)
        } | set(ALWAYS_SET)
        self.flag_fields = {name: Venue._meta.get_field(name) for name in standard.FLAG_FIELDS}

    def check(
        self, row: dict, errors: list[str], warnings: list[str]
    ) -> tuple[dict, CommuneRef | None]:
        if cell_errors := import_cells.cell_errors(row):
            errors.extend(cell_errors)
            return {}, None
        values: dict = {}
        for model_field, (columns, multiline) in TEXT_FIELDS.items():
            values[model_field] = standard.clean_text(_first(row, columns), multiline=multiline)
        for column, model_field in (("nom", "name"), ("adresse", "address")):
            if not values[model_field]:
                errors.append(_("colonne obligatoire « %(column)s » vide") % {"column": column})
        if len(values["summary"]) > standard.SUMMARY_MAX_LENGTH:
            values["summary"] = _shorten(values["summary"], standard.SUMMARY_MAX_LENGTH)
            warnings.append(_("présentation résumée raccourcie à 280 caractères"))

        try:
            values["pivot"] = standard.clean_pivot(row.get("pivot"))
        except ValueError as error:
            values["pivot"] = ""
            warnings.append(standard.describe_error("pivot", str(error)) + _(" : ignoré"))

        commune_name = standard.clean_text(row.get("commune"))
        if not commune_name:
            errors.append(_("colonne obligatoire « commune » vide"))
        postcode = ""
        raw_postcode = row.get("code_postal")
        if raw_postcode in (None, ""):
            errors.append(_("colonne obligatoire « code_postal » vide"))
        else:
            try:
                postcode = standard.clean_postcode(raw_postcode)
            except ValueError as error:
                errors.append(_("code postal invalide : « %(value)s »") % {"value": error})
        insee_code = ""
        try:
            insee_code = standard.clean_insee(row.get("code_insee"))
        except ValueError as error:
            warnings.append(standard.describe_error("code_insee", str(error)) + _(" : ignoré"))

        raw_date = row.get("date_maj")
        if raw_date in (None, ""):
            errors.append(_("colonne obligatoire « date_maj » vide"))
        else:
            try:
                values["updated_on"] = standard.clean_date(raw_date)
            except ValueError as error:
                errors.append(_("date_maj invalide : « %(value)s »") % {"value": error})

        latitude = longitude = None
        try:
            latitude = standard.clean_coordinate(row.get("latitude"), limit=90)
            longitude = standard.clean_coordinate(row.get("longitude"), limit=180)
        except (ValueError, TypeError):
            latitude = longitude = None
            warnings.append(_("coordonnées illisibles : lieu placé au centre de sa commune"))
        if (latitude is None) != (longitude is None):
            latitude = longitude = None
            warnings.append(
                _("latitude ou longitude manquante : lieu placé au centre de sa commune")
            )

        commune = None
        if postcode and commune_name:
            commune = self.communes.resolve(
                insee_code=insee_code,
                postcode=postcode,
                name=commune_name,
                latitude=latitude,
                longitude=longitude,
            )
            if commune is None:
                errors.append(
                    _("commune inconnue : « %(name)s » (code postal %(postcode)s)")
                    % {"name": commune_name, "postcode": postcode}
                )

        emails: list[str] = []
        try:
            emails = standard.clean_emails(_first(row, ("courriels", "courriel")))
        except ValueError as error:
            errors.append(_("courriel invalide : « %(value)s »") % {"value": str(error)[:80]})
        values["emails"] = standard.MULTI_SEPARATOR.join(emails)
        websites: list[str] = []
        try:
            websites = standard.clean_urls(row.get("site_web"))
        except ValueError as error:
            errors.append(_("URL invalide (site_web) : « %(value)s »") % {"value": str(error)[:80]})
        values["websites"] = standard.MULTI_SEPARATOR.join(websites)
        for model_field, columns in (
            ("accessibility_url", ("fiche_acces_libre", "accessibilite")),
            ("booking_url", ("prise_rdv",)),
        ):
            try:
                values[model_field] = standard.clean_url(_first(row, columns))
            except ValueError as error:
                errors.append(
                    _("URL invalide (%(column)s) : « %(value)s »")
                    % {"column": columns[0], "value": str(error)[:80]}
                )
                values[model_field] = ""

        departement = commune.departement_id if commune else ""
        try:
            values["phone"] = standard.clean_phone(row.get("telephone"), departement=departement)
        except ValueError as error:
            values["phone"] = ""
            warnings.append(standard.describe_error("telephone", str(error)) + _(" : ignoré"))

        values["typology"] = standard.MULTI_SEPARATOR.join(
            standard.split_values(row.get("typologie"))
        )
        vocabularies = standard.read_vocabularies(row, self.columns)
        for column, value in vocabularies.unknown:
            warnings.append(
                _("valeur inconnue « %(value)s » (%(column)s) : ignorée")
                % {"value": value[:80], "column": column}
            )
        for name, model_field in self.flag_fields.items():
            # Stored in the vocabulary's order, so that comparing with the database is exact.
            values[name] = model_field.to_list(model_field.to_mask(vocabularies.flags[name]))
        other_labels = standard.split_values(_first(row, ("autres_formations_labels",)))
        other_labels += standard.split_values(row.get("labels_autres"))
        for label in vocabularies.other_labels:
            if label not in other_labels:
                other_labels.append(label)
        values["other_labels"] = standard.MULTI_SEPARATOR.join(dict.fromkeys(other_labels))
        values["accepts_pass_numerique"] = vocabularies.accepts_pass_numerique

        for model_field, value in values.items():
            if isinstance(value, str) and (message := _length_error(model_field, value)):
                errors.append(message)

        if commune is not None:
            values["commune_id"] = commune.insee_code
            values["departement_id"] = commune.departement_id
            values["insee_code"] = commune.insee_code
            values["postcode"] = postcode
            # The commune's own spelling when the row names it; the row's otherwise (an old
            # commune's name, still in postal addresses).
            same = commune.key == commune_key(commune_name)
            values["commune_name"] = commune.name if same else commune_name
            if latitude is not None and commune.has_position:
                distance = distance_km(latitude, longitude, commune.latitude, commune.longitude)
                if distance > MAX_DISTANCE_FROM_COMMUNE_KM:
                    warnings.append(
                        _(
                            "coordonnées à %(distance)d km de %(commune)s : lieu placé au "
                            "centre de sa commune"
                        )
                        % {"distance": distance, "commune": commune.name}
                    )
                    latitude = longitude = None
            if latitude is not None:
                values.update(latitude=latitude, longitude=longitude, position_is_approximate=False)
            else:
                values.update(
                    latitude=commune.latitude,
                    longitude=commune.longitude,
                    position_is_approximate=True,
                )
                if not commune.has_position:
                    warnings.append(_("ni le lieu ni sa commune n'ont de coordonnées"))
        return values, commune


# --- Comparing and writing -------------------------------------------------------------------


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
    planned_rows = _check_rows(
        rows,
        set(columns),
        report,
        source=source,
        default_source=default_source,
        allowed_departements=allowed_departements,
        progress=progress,
    )
    with transaction.atomic():
        creations, updates = _match_existing(
            planned_rows, report, allowed_departements=allowed_departements, is_demo=is_demo
        )
        if not dry_run:
            _apply(creations, updates, user=user, label=label)
    report.rejected.sort(key=lambda problem: problem.row)
    report.seconds = time.perf_counter() - started
    return report


def _check_rows(
    rows: list[tuple[int, dict | None]],
    columns: set[str],
    report: ImportReport,
    *,
    source: str | None,
    default_source: str,
    allowed_departements: frozenset[str] | set[str] | None,
    progress: Callable[[int, int], None] | None,
) -> list[PlannedRow]:
    """The rows fit to import; the others go to ``report.rejected`` with their reasons."""
    communes = CommuneIndex.load(
        postcodes=_codes(rows, "code_postal", standard.clean_postcode),
        insee_codes=_codes(rows, "code_insee", standard.clean_insee),
    )
    checker = RowChecker(columns, communes)
    planned_rows: list[PlannedRow] = []
    seen: dict[tuple[str, str], int] = {}
    for done, (number, row) in enumerate(rows, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(rows))
        if row is None:
            report.rejected.append(RowProblem(number, "", _("ce n'est pas un objet JSON")))
            continue
        row_source = source or standard.clean_text(row.get("source"))[:100] or default_source
        raw_id = standard.clean_text(row.get("id"))
        source_id = standard.import_id(raw_id, row_source)
        errors: list[str] = []
        warnings: list[str] = []
        if not source_id:
            errors.append(_("colonne obligatoire « id » vide"))
        elif len(source_id) > Venue._meta.get_field("source_id").max_length:
            errors.append(_("id trop long"))
        values, commune = checker.check(row, errors, warnings)
        key = (row_source, source_id)
        if source_id and key in seen:
            errors.append(
                _("id en double dans le fichier (déjà ligne %(row)d)") % {"row": seen[key]}
            )
        if (
            commune is not None
            and allowed_departements is not None
            and commune.departement_id not in allowed_departements
        ):
            errors.append(
                _("le département %(code)s n'est pas dans votre hub")
                % {"code": commune.departement_id}
            )
        report.warnings.extend(RowProblem(number, raw_id, message) for message in warnings)
        if errors:
            report.rejected.append(RowProblem(number, raw_id, " ; ".join(errors)))
            continue
        seen[key] = number
        planned_rows.append(
            PlannedRow(number, row_source, source_id, values, checker.touched, warnings, commune)
        )
    if progress is not None:
        progress(len(rows), len(rows))
    return planned_rows


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


def _codes(rows, column: str, cleaner) -> set[str]:
    codes = set()
    for _number, row in rows:
        if row is None:
            continue
        try:
            code = cleaner(row.get(column))
        except (ValueError, TypeError):
            continue
        if code:
            codes.add(code)
    return codes


def _existing_venues(sources: set[str]) -> dict[tuple[str, str], Venue]:
    if not sources:
        return {}
    return {
        (venue.source, venue.source_id): venue
        for venue in Venue.objects.filter(source__in=sources).iterator(chunk_size=2000)
    }
