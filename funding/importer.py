"""Importing calls from a spreadsheet through a saved mapping (``hubsite.mapping``).

Every rejected row is reported with its French reason; the rows kept are written in one
transaction (a failure midway leaves the database as it was; a dry run rolls it back, with
the same report). A call is found again by its source and the source's id, else by its
funder and title: a re-import updates it, and changes nothing when nothing changed.

Funders are never created: a funder's type (EU, State, foundation…) decides which checks its
aid goes through and cannot be guessed from a name, so a row naming an unknown funder is
rejected, saying to add it to the catalogue first. A programme the funder lacks is created.
Hubs import into the shared catalogue as they edit it (``CataloguePermissionPolicy``): they
add and correct calls; an import never deletes one.
"""

import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from funding.import_cells import CallValues, RowReader
from funding.import_files import read_calls_file
from funding.import_target import call_target
from funding.models import Call, CallRound, Funder, Programme
from hubsite import mapping as engine
from hubsite.models import Departement, Region

DEFAULT_SOURCE = "import"
# The fields an import compares and writes (beside programme, territories and rounds).
COMPARED = (
    "title",
    "summary",
    "url",
    "reference",
    "opens_on",
    "deadline_kind",
    "deadline_on",
    "recurrence_months",
    "amount_min",
    "amount_max",
    "lump_sums",
    "rate_cap",
    "eu_rate_cap",
    "public_aid_cap",
    "eligible_costs",
    "eligible_applicants",
    "themes",
    "perimeter",
    "documents_asked",
)


@dataclass
class Problem:
    row: int
    title: str
    message: str

    def __str__(self):
        label = f" ({self.title})" if self.title else ""
        return _("ligne %(row)d%(label)s : %(message)s") % {
            "row": self.row,
            "label": label,
            "message": self.message,
        }


@dataclass
class Change:
    row: int
    title: str
    fields: list[str] = field(default_factory=list)

    def labels(self) -> list[str]:
        """The changed fields as their French names."""
        labels = []
        for name in self.fields:
            model_field = Call._meta.get_field(name)
            label = getattr(model_field, "verbose_name", None)
            labels.append(str(label or model_field.related_model._meta.verbose_name_plural))
        return labels


@dataclass
class CallImportReport:
    dry_run: bool
    total: int = 0
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    programmes_created: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        figures = {
            "total": self.total,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }
        if self.dry_run:
            text = _(
                "Prévisualisation : %(total)d lignes ; %(created)d appels seraient créés, "
                "%(updated)d mis à jour, %(unchanged)d inchangés ; %(rejected)d lignes rejetées."
            )
        else:
            text = _(
                "%(total)d lignes : %(created)d appels créés, %(updated)d mis à jour, "
                "%(unchanged)d inchangés ; %(rejected)d lignes rejetées."
            )
        return text % figures


class _DryRun(Exception):
    """Raised at the end of a dry run: the transaction is rolled back, the report kept."""


def _key(text: str) -> str:
    return engine.normalize(text)


class _Catalogue:
    """What the rows are matched against, read in a few queries whatever their number."""

    def __init__(self, rows: list[CallValues]):
        self.funders = {_key(f.name): f for f in Funder.objects.all()}
        funder_ids = [f.pk for f in self.funders.values()]
        self.programmes = {
            (p.funder_id, _key(p.name)): p for p in Programme.objects.filter(funder__in=funder_ids)
        }
        wanted_ids = {(row.source, row.external_id) for row in rows if row.external_id}
        sources = {source for source, _id in wanted_ids}
        calls = Call.objects.select_related("programme").prefetch_related(
            "rounds", "regions", "departements"
        )
        self.by_external = {
            (call.source, call.external_id): call
            for call in calls.filter(
                source__in=sources, external_id__in=[eid for _s, eid in wanted_ids]
            )
        }
        titles = {_key(row.fields.get("title", "")) for row in rows}
        self.by_title: dict[tuple, list[Call]] = {}
        for call in calls.filter(programme__funder__in=self._named_funders(rows)):
            if _key(call.title) in titles:
                self.by_title.setdefault((call.programme.funder_id, _key(call.title)), []).append(
                    call
                )

    def _named_funders(self, rows) -> list[int]:
        return [
            self.funders[_key(row.funder)].pk for row in rows if _key(row.funder) in self.funders
        ]

    def find(self, row: CallValues, funder: Funder) -> Call | None:
        """The call ``row`` is about; ValidationError when several could be."""
        if row.external_id and (row.source, row.external_id) in self.by_external:
            return self.by_external[(row.source, row.external_id)]
        found = self.by_title.get((funder.pk, _key(row.fields["title"])), [])
        if row.external_id:
            # A call of another source, or typed in by hand, is adopted; one already holding
            # another id of this source is another call.
            found = [call for call in found if not call.external_id or call.source != row.source]
        if len(found) > 1:
            raise ValidationError(
                _("plusieurs appels de ce financeur portent ce titre : ajoutez un identifiant")
            )
        return found[0] if found else None


def import_mapped_rows(
    mapped: engine.MappingResult, *, source: str, dry_run: bool = False
) -> CallImportReport:
    """Import rows already mapped to the calls' target; see the module's docstring."""
    started = time.monotonic()
    report = CallImportReport(dry_run=dry_run, total=len(mapped.rows))
    reader = RowReader(
        region_codes=set(Region.objects.values_list("code", flat=True)),
        departement_codes=set(Departement.objects.values_list("code", flat=True)),
        source=source,
        filled=mapped.columns,
    )
    rows = []
    for mapped_row in mapped.rows:
        values = mapped_row.values
        title = str((values or {}).get("title", ""))[:80]
        for message in mapped_row.warnings:
            report.warnings.append(Problem(mapped_row.number, title, message))
        if values is None:
            report.rejected.append(Problem(mapped_row.number, "", _("ligne vide")))
            continue
        row = reader.read(mapped_row.number, values)
        if mapped_row.errors or row.errors:
            message = " ; ".join([*mapped_row.errors, *row.errors])
            report.rejected.append(Problem(row.number, title, message))
        else:
            rows.append(row)
    try:
        with transaction.atomic():
            _write(rows, report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    report.rejected.sort(key=lambda problem: problem.row)
    report.seconds = time.monotonic() - started
    return report


def _write(rows: list[CallValues], report: CallImportReport) -> None:
    catalogue = _Catalogue(rows)
    seen: dict[tuple, int] = {}
    # A call already written by an earlier row, found again by another key (its id, then its
    # funder and title, or the other way round): the row it came from.
    titled: dict[tuple, int] = {}
    written: dict[int, int] = {}
    for row in rows:
        title = row.fields["title"]
        funder = catalogue.funders.get(_key(row.funder))
        if funder is None:
            report.rejected.append(
                Problem(
                    row.number,
                    title,
                    _(
                        "financeur inconnu « %(name)s » : ajoutez-le au catalogue des "
                        "financeurs (avec son type), puis réimportez"
                    )
                    % {"name": row.funder[:80]},
                )
            )
            continue
        key = (row.source, row.external_id) if row.external_id else (funder.pk, _key(title))
        if key in seen:
            report.rejected.append(
                Problem(
                    row.number, title, _("même appel qu'à la ligne %(row)d") % {"row": seen[key]}
                )
            )
            continue
        title_key = (funder.pk, _key(title))
        repeated = None if row.external_id else titled.get(title_key)
        seen[key] = row.number
        try:
            call = catalogue.find(row, funder)
            if call is not None and call.pk in written:
                repeated = written[call.pk]
            if repeated is not None:
                raise ValidationError(_("même appel qu'à la ligne %(row)d") % {"row": repeated})
            programme = _programme(row, funder, call, catalogue, report)
            change = _save(row, call, programme)
        except ValidationError as error:
            report.rejected.append(Problem(row.number, title, " ; ".join(error.messages)))
            continue
        titled.setdefault(title_key, row.number)
        if call is not None:
            written[call.pk] = row.number
        if change is None:
            report.unchanged += 1
        elif call is None:
            report.created.append(change)
        else:
            report.updated.append(change)


def _programme(row: CallValues, funder: Funder, call, catalogue: _Catalogue, report):
    if not row.programme:
        if call is not None and call.programme.funder_id == funder.pk:
            return call.programme
        owned = [
            p for (funder_id, _name), p in catalogue.programmes.items() if funder_id == funder.pk
        ]
        if len(owned) == 1:
            return owned[0]
        raise ValidationError(
            ngettext(
                "programme manquant : « %(funder)s » n'en a aucun, indiquez-le",
                "programme manquant : « %(funder)s » en a plusieurs, indiquez lequel",
                len(owned),
            )
            % {"funder": funder.name}
        )
    programme = catalogue.programmes.get((funder.pk, _key(row.programme)))
    if programme is None:
        programme = Programme.objects.create(funder=funder, name=row.programme)
        catalogue.programmes[(funder.pk, _key(row.programme))] = programme
        report.programmes_created.append(str(programme))
        report.warnings.append(
            Problem(row.number, row.fields["title"], _("programme « %s » créé") % programme)
        )
    return programme


def _save(row: CallValues, call: Call | None, programme: Programme) -> Change | None:
    """Write ``row`` over ``call`` (a new one when None); the Change, or None if unchanged."""
    created = call is None
    if created:
        call = Call(source=row.source, external_id=row.external_id)
        row.fields.setdefault("deadline_kind", row.schedule_if_new)
    before = {name: getattr(call, name) for name in COMPARED} if not created else {}
    changed = []
    if created or call.programme_id != programme.pk:
        call.programme = programme
        changed.append("programme")
    for name, value in row.fields.items():
        if created or _differs(before[name], value, name):
            setattr(call, name, value)
            changed.append(name)
    if row.external_id and (call.source, call.external_id) != (row.source, row.external_id):
        call.source, call.external_id = row.source, row.external_id
        changed.append("external_id")
    rounds = sorted(row.rounds)
    old_rounds = [] if created else sorted(r.deadline_on.isoformat() for r in call.rounds.all())
    territories = {"regions": row.regions, "departements": row.departements}
    old = {
        name: set() if created else {t.code for t in getattr(call, name).all()}
        for name in territories
    }
    if row.rounds and rounds != old_rounds:
        changed.append("rounds")
    touched_territories = "perimeter" in row.fields
    for name, codes in territories.items():
        if touched_territories and set(codes) != old[name]:
            changed.append(name)
    if not changed:
        return None
    call.full_clean(exclude=["programme"], validate_unique=False, validate_constraints=False)
    call.save()
    if "rounds" in changed:
        call.rounds.all().delete()
        CallRound.objects.bulk_create([CallRound(call=call, deadline_on=day) for day in rounds])
        call.save()  # its next deadline reads the rounds
    for name in ("regions", "departements"):
        if name in changed:
            getattr(call, name).set(territories[name])
    return Change(row.number, call.title, [] if created else changed)


def _differs(old, new, name: str) -> bool:
    if old is None or new is None:
        return old != new
    if name in ("opens_on", "deadline_on"):
        return old.isoformat() != new
    if isinstance(old, list | tuple | set) and name != "lump_sums":
        return set(old) != set(new)
    return old != new


def import_calls_file(
    data: bytes, *, spec: dict, filename: str = "", source: str = "", dry_run: bool = False
) -> CallImportReport:
    """A CSV or XLSX file of calls read through ``spec`` and imported. CallFileError when the
    file is unreadable."""
    rows = read_calls_file(data, filename=filename)
    mapped = engine.apply(call_target(), spec, rows)
    return import_mapped_rows(mapped, source=source or DEFAULT_SOURCE, dry_run=dry_run)
