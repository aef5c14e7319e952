"""What changed between two submitted versions of a dossier, from their kept content
(``projects.services.snapshot``): per field, old → new (long texts word by word); per line
of budget, financing, action plan, partners, documents and indicators, added, removed or
changed with its figures.

Pure computation on the two JSON contents: no database. Lines are matched by their id, then
(for versions kept before lines had one) by what names them.
"""

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from projects.economics import SourceKind
from projects.models.dossier_parts import PartnerKind
from projects.models.dossiers import ExpenseCategory

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
# Texts longer than this are shown word by word rather than whole, old then new.
LONG_TEXT = 80
# A word with the spaces after it: far fewer (and less repeated) tokens than words and
# spaces apart, which keeps the matching quick on long texts.
TOKENS = re.compile(r"\s*\S+\s*|\s+")


@dataclass(frozen=True)
class Segment:
    """A run of words of a long text: kept, deleted or inserted."""

    op: str  # "equal", "delete" or "insert"
    text: str


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class LineChange:
    change: str  # ADDED, REMOVED or CHANGED
    name: str
    # (label, old, new) of each figure that changed; of every figure for an added or
    # removed line (old or new then empty).
    figures: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class SectionChanges:
    title: str
    lines: tuple[LineChange, ...]


@dataclass(frozen=True)
class VersionDiff:
    fields: tuple[FieldChange, ...] = ()
    sections: tuple[SectionChanges, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.fields and not self.sections


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _money(value) -> str:
    """Whole euros grouped the French way (a no-break space between thousands)."""
    try:
        amount = Decimal(str(value or 0)).quantize(Decimal(1))
    except InvalidOperation:
        return _text(value)
    return f"{int(amount):,} €".replace(",", "\xa0")


def _number(value) -> str:
    """An indicator's value, its decimals only when it has some, read the French way."""
    return floatformat(value, "-2g") if value not in (None, "") else ""


def _yes_no(value) -> str:
    return str(_("oui") if value else _("non"))


def _date(value) -> str:
    if not value:
        return ""
    year, month, day = str(value).split("-")
    return f"{day}/{month}/{year}"


def _choice(choices) -> Callable:
    labels = dict(choices)
    return lambda value: str(labels.get(value, value or ""))


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    names: Sequence[str]  # the fields that name a line, in order of preference
    figures: Sequence[tuple[str, str, Callable]]  # (field, label, how it reads)

    def name_of(self, line: dict) -> str:
        for name in self.names:
            if line.get(name):
                return next(
                    (show(line[name]) for key, _label, show in self.figures if key == name),
                    _text(line[name]),
                )
        return "—"

    def natural_key(self, line: dict) -> tuple:
        return tuple(_text(line.get(name)) for name in self.names)


YEARS = [
    ("year1", _("année 1"), _money),
    ("year2", _("année 2"), _money),
    ("year3", _("année 3"), _money),
]
SECTIONS = (
    Section(
        "expenses",
        _("Dépenses"),
        ("label", "category"),
        [
            ("category", _("catégorie"), _choice(ExpenseCategory.choices)),
            ("label", _("intitulé"), _text),
            *YEARS,
        ],
    ),
    Section(
        "financing",
        _("Plan de financement"),
        ("label", "source"),
        [
            ("source", _("source"), _choice(SourceKind.choices)),
            ("label", _("financeur"), _text),
            ("secured", _("acquis"), _yes_no),
            *YEARS,
        ],
    ),
    Section(
        "actions",
        _("Plan d'action"),
        ("title",),
        [
            ("title", _("action"), _text),
            ("starts_on", _("début"), _date),
            ("ends_on", _("fin"), _date),
            ("owner", _("porteur"), _text),
            ("description", _("description"), _text),
        ],
    ),
    Section(
        "partners",
        _("Partenaires"),
        ("name",),
        [
            ("name", _("partenaire"), _text),
            ("kind", _("nature"), _choice(PartnerKind.choices)),
            ("role", _("rôle"), _text),
            ("committed", _("engagement acquis"), _yes_no),
        ],
    ),
    Section(
        "documents",
        _("Pièces"),
        ("kind",),
        [("kind", _("pièce"), _text), ("file", _("fichier"), _text)],
    ),
    Section(
        "indicators",
        _("Indicateurs"),
        ("label",),
        [
            ("label", _("indicateur"), _text),
            ("unit", _("unité"), _text),
            ("baseline", _("valeur de départ"), _number),
            ("target_year1", _("cible année 1"), _number),
            ("target_year2", _("cible année 2"), _number),
            ("target_year3", _("cible année 3"), _number),
        ],
    ),
)
FIELDS = (
    ("title", _("Titre du projet")),
    ("summary", _("Résumé")),
    ("objectives", _("Objectifs")),
    ("departements", _("Départements couverts")),
    ("priority_neighbourhoods", _("Quartiers prioritaires")),
    ("solutions", _("Solutions essaimées")),
)


def words(old: str, new: str) -> tuple[Segment, ...]:
    """``old`` turned into ``new``, word by word."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    segments = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "delete", "replace") and i2 > i1:
            segments.append(Segment("equal" if op == "equal" else "delete", "".join(a[i1:i2])))
        if op in ("insert", "replace") and j2 > j1:
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return tuple(segments)


def _field_changes(old: dict, new: dict) -> list[FieldChange]:
    changes = []
    for key, label in FIELDS:
        before, after = _text(old.get(key)), _text(new.get(key))
        if before == after:
            continue
        long = max(len(before), len(after)) > LONG_TEXT
        changes.append(FieldChange(str(label), before, after, words(before, after) if long else ()))
    return changes


def _pairs(section: Section, old: list, new: list) -> list[tuple[dict | None, dict | None]]:
    """The lines of both versions, paired: by id, then by what names them."""
    pairs = []
    old_by_id = {line["id"]: line for line in old if line.get("id") is not None}
    unmatched_new = []
    for line in new:
        twin = old_by_id.pop(line.get("id"), None) if line.get("id") is not None else None
        if twin is not None:
            pairs.append((twin, line))
        else:
            unmatched_new.append(line)
    unmatched_old = [line for line in old if line.get("id") is None or line.get("id") in old_by_id]
    by_key: dict[tuple, list] = {}
    for line in unmatched_old:
        by_key.setdefault(section.natural_key(line), []).append(line)
    for line in unmatched_new:
        candidates = by_key.get(section.natural_key(line))
        pairs.append((candidates.pop(0) if candidates else None, line))
    pairs += [(line, None) for lines in by_key.values() for line in lines]
    return pairs


def _line_changes(section: Section, old: list, new: list) -> list[LineChange]:
    labels = {key: str(label) for key, label, _show in section.figures}
    changes = []
    for before, after in _pairs(section, old, new):
        if before is None:
            figures = [(labels[key], "", show(after.get(key))) for key, _l, show in section.figures]
            changes.append(
                LineChange(ADDED, section.name_of(after), tuple(f for f in figures if f[2]))
            )
        elif after is None:
            figures = [
                (labels[key], show(before.get(key)), "") for key, _l, show in section.figures
            ]
            changes.append(
                LineChange(REMOVED, section.name_of(before), tuple(f for f in figures if f[1]))
            )
        else:
            # Only what differs as stored is read out: most lines of a new version are kept.
            read = [
                (labels[key], show(before.get(key)), show(after.get(key)))
                for key, _l, show in section.figures
                if before.get(key) != after.get(key)
            ]
            figures = tuple(figure for figure in read if figure[1] != figure[2])
            if figures:
                changes.append(LineChange(CHANGED, section.name_of(after), figures))
    return changes


def compare(old: dict, new: dict) -> VersionDiff:
    """What changed from the content ``old`` to the content ``new`` of a dossier."""
    sections = []
    for section in SECTIONS:
        lines = _line_changes(section, old.get(section.key) or [], new.get(section.key) or [])
        if lines:
            sections.append(SectionChanges(str(section.title), tuple(lines)))
    return VersionDiff(tuple(_field_changes(old, new)), tuple(sections))
