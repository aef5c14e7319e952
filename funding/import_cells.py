"""The cells of a mapped row of calls read as a call's values, each refusal in French.

Amounts: "30 000 €", "30000,50", "1.234,56", XLSX numbers. Rates: "80 %", "80", "85,5"; a
number strictly between 0 and 1 is a fraction (XLSX percentage cells: 0.8 is 80 %).
Territories: INSEE codes separated by | ; , or spaces ("29|22", "53").
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from funding.import_target import VOCABULARIES
from funding.models import Perimeter, Schedule
from hubsite import mapping as engine

_SPLIT_RE = re.compile(r"\s*[|;,\n]\s*|\s+")
_LIST_RE = re.compile(r"\s*[|;\n]\s*")
_NUMBER_JUNK_RE = re.compile(r"[\s\u00a0\u202f€]|eur(os?)?$", re.IGNORECASE)
MAX_AMOUNT = Decimal("9999999999.99")
TEXT_LIMITS = {"title": 255, "reference": 100, "external_id": 100, "source": 100}


@dataclass
class CallValues:
    """What one row says of a call, ready for ``importer`` to match and write."""

    number: int
    fields: dict = field(default_factory=dict)  # Call field → value
    funder: str = ""
    programme: str = ""
    rounds: list[str] = field(default_factory=list)  # ISO dates
    regions: list[str] = field(default_factory=list)
    departements: list[str] = field(default_factory=list)
    external_id: str = ""
    source: str = ""
    schedule_if_new: str = Schedule.ROLLING  # the calendar of a call created without one
    errors: list[str] = field(default_factory=list)


def _text(value) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def parse_amount(cell) -> Decimal:
    """A non-negative amount in euros; ValueError when unreadable."""
    if isinstance(cell, int | float):
        number = Decimal(str(cell))
    else:
        text = _NUMBER_JUNK_RE.sub("", str(cell))
        if "," in text and "." in text:
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            thousands = "." if decimal_mark == "," else ","
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        else:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(cell) from None
    if not number.is_finite() or number < 0 or number > MAX_AMOUNT:
        raise ValueError(cell)
    return number.quantize(Decimal("0.01"))


def parse_rate(cell) -> Decimal:
    """A rate in percent (0 to 100); ValueError when unreadable or out of range."""
    text = str(cell).strip()
    had_percent = text.endswith("%")
    number = parse_amount(text.rstrip("%").strip() if isinstance(cell, str) else cell)
    if not had_percent and 0 < number < 1:
        number = number * 100
    if number > 100:
        raise ValueError(cell)
    return number.quantize(Decimal("0.01"))


def _label_values(vocabulary, cell: str) -> list[str]:
    by_label = {str(label): value for value, label in vocabulary.choices}
    return [by_label[label] for label in cell.split("|") if label in by_label]


def _codes(cell) -> list[str]:
    codes = []
    for code in _SPLIT_RE.split(str(cell).strip()):
        code = code.strip().upper()
        if code.isdigit() and len(code) == 1:
            code = f"0{code}"
        if code and code not in codes:
            codes.append(code)
    return codes


class RowReader:
    """Reads mapped rows; ``region_codes`` and ``departement_codes`` are the known ones,
    ``filled`` the fields the mapping fills: a re-import leaves the others as they are."""

    def __init__(
        self, *, region_codes: set[str], departement_codes: set[str], source: str, filled: set
    ):
        self.filled = filled
        self.region_codes = region_codes
        self.departement_codes = departement_codes
        self.default_source = source

    def read(self, number: int, values: dict) -> CallValues:
        row = CallValues(number)
        readers = {
            "funder": self._funder,
            "programme": self._programme,
            "external_id": self._external_id,
            "source": self._source,
            "rounds": self._rounds,
            "regions": self._regions,
            "departements": self._departements,
            "url": self._url,
            "documents_asked": self._documents,
            "lump_sums": self._lump_sums,
            "recurrence_months": self._months,
        }
        for name, cell in values.items():
            if name in readers:
                readers[name](row, cell)
            elif name in ("amount_min", "amount_max"):
                self._number(row, name, cell, parse_amount, _("montant illisible"))
            elif name in ("rate_cap", "eu_rate_cap", "public_aid_cap"):
                self._number(row, name, cell, parse_rate, _("taux illisible (0 à 100 %)"))
            elif name in VOCABULARIES and name != "deadline_kind":
                row.fields[name] = _label_values(VOCABULARIES[name], cell)
            elif name == "deadline_kind":
                self._schedule(row, cell)
            elif name in ("opens_on", "deadline_on"):
                row.fields[name] = cell  # ISO 8601 already (``engine.DATE``)
            else:
                self._plain(row, name, cell)
        row.source = row.source or self.default_source
        row.schedule_if_new = self._default_schedule(row)
        if "deadline_kind" not in self.filled and self.filled & {"deadline_on", "rounds"}:
            row.fields.setdefault("deadline_kind", row.schedule_if_new)
        if self.filled & {"regions", "departements"}:
            self._perimeter(row)
        return row

    def _plain(self, row: CallValues, name: str, cell) -> None:
        text = str(cell).strip() if name == "summary" else _text(cell)
        limit = TEXT_LIMITS.get(name)
        if limit and len(text) > limit:
            row.errors.append(
                _("« %(value)s… » : %(limit)d caractères au plus")
                % {"value": text[:30], "limit": limit}
            )
            return
        row.fields[name] = text

    def _funder(self, row, cell):
        row.funder = _text(cell)

    def _programme(self, row, cell):
        row.programme = _text(cell)[:200]

    def _external_id(self, row, cell):
        row.external_id = _text(cell)[:100]

    def _source(self, row, cell):
        row.source = _text(cell)[:100]

    def _number(self, row, name, cell, parse, message):
        try:
            row.fields[name] = parse(cell)
        except ValueError:
            row.errors.append(f"{message} : « {str(cell)[:40]} »")

    def _months(self, row, cell):
        text = _text(cell)
        if text.isdigit() and 0 < int(text) <= 120:
            row.fields["recurrence_months"] = int(text)
        else:
            row.errors.append(_("récurrence illisible (un nombre de mois) : « %s »") % text[:40])

    def _lump_sums(self, row, cell):
        sums = []
        for part in _LIST_RE.split(str(cell).strip()):
            if not part:
                continue
            try:
                amount = parse_amount(part)
            except ValueError:
                row.errors.append(_("forfait illisible : « %s »") % part[:40])
                return
            sums.append(int(amount) if amount == int(amount) else float(amount))
        row.fields["lump_sums"] = sums

    def _rounds(self, row, cell):
        for part in _LIST_RE.split(str(cell).strip()):
            if not part:
                continue
            day = engine.iso_date(part)
            if day is None:
                row.errors.append(_("date de vague illisible : « %s »") % part[:40])
                return
            if day not in row.rounds:
                row.rounds.append(day)

    def _schedule(self, row, cell):
        kinds = _label_values(Schedule, cell)
        if len(kinds) != 1:
            row.errors.append(_("un seul calendrier par appel : « %s »") % str(cell)[:60])
            return
        row.fields["deadline_kind"] = kinds[0]

    def _default_schedule(self, row: CallValues) -> str:
        if row.rounds:
            return Schedule.ROUNDS
        return Schedule.ONE_OFF if row.fields.get("deadline_on") else Schedule.ROLLING

    def _territories(self, row, cell, known: set[str], message: str) -> list[str]:
        codes = _codes(cell)
        unknown = [code for code in codes if code not in known]
        if unknown:
            row.errors.append(message % {"codes": ", ".join(unknown[:5])})
        return [code for code in codes if code in known]

    def _regions(self, row, cell):
        row.regions = self._territories(
            row, cell, self.region_codes, _("code de région inconnu : %(codes)s")
        )

    def _departements(self, row, cell):
        row.departements = self._territories(
            row, cell, self.departement_codes, _("code de département inconnu : %(codes)s")
        )

    def _perimeter(self, row: CallValues) -> None:
        if row.regions and row.departements:
            row.errors.append(
                _("périmètre : des régions ou des départements, pas les deux à la fois")
            )
        elif row.departements:
            row.fields["perimeter"] = Perimeter.DEPARTEMENTS
        elif row.regions:
            row.fields["perimeter"] = Perimeter.REGIONS
        else:
            row.fields["perimeter"] = Perimeter.FRANCE

    def _url(self, row, cell):
        text = _text(cell)
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            row.errors.append(_("lien invalide : « %s »") % text[:60])
            return
        if len(text) > 200:
            row.errors.append(_("lien trop long (200 caractères au plus)"))
            return
        row.fields["url"] = text

    def _documents(self, row, cell):
        lines = [line.strip() for line in _LIST_RE.split(str(cell)) if line.strip()]
        row.fields["documents_asked"] = "\n".join(lines)
