"""The national standard (schéma des lieux de médiation numérique v1.0.2), read and written.

Reading is lenient, because real exports mix the standard's versions: v0.1.1 columns
(``labels_nationaux``, ``conditions_acces``, ``publics_accueillis``, ``courriel``,
``accessibilite``, ``labels_autres``) and v0 vocabularies are mapped onto the v1 fields, values
may be separated by ``|`` or ``;``, and placeholder pivots mean "no pivot". Writing is strict:
the schema's columns, in its order, with values that pass its patterns.
"""

import csv
import datetime
import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from directory.vocabulary import (
    AccessMode,
    Fee,
    Itinerance,
    NationalProgramme,
    Public,
    Service,
    SpecificSupport,
    SupportMode,
    TrainingLabel,
)
from hubsite.exports import FORMULA_TRIGGERS
from hubsite.text import unaccent

DATA_DIR = Path(__file__).resolve().parent / "data"
SCHEMA_PATH = DATA_DIR / "schema-lieux-mediation-numerique_v1.0.2_schema.json"

# The v1.0.2 columns, in the schema's order (a test checks them against the schema file).
COLUMNS = (
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
)
REQUIRED_COLUMNS = ("id", "nom", "commune", "code_postal", "adresse", "date_maj")
MULTI_SEPARATOR = "|"
# Real exports fill the required pivot with zeros when they do not know it.
PLACEHOLDER_PIVOT = "00000000000000"
SUMMARY_MAX_LENGTH = 280

PIVOT_RE = re.compile(r"^[a-zA-Z0-9]{9,14}$")
POSTCODE_RE = re.compile(r"^\d{5}$")
INSEE_RE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
PHONE_RE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")
# Overseas départements dial their own country code, not +33.
PHONE_PREFIX_BY_DEPARTEMENT = {
    "971": "+590",
    "972": "+596",
    "973": "+594",
    "974": "+262",
    "976": "+262",
}
_url_validator = URLValidator(schemes=["http", "https"])
_email_validator = EmailValidator()
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPLIT_RE = re.compile(r"[|;]")


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# --- Cleaning single values ------------------------------------------------------------------


def neutralize(value: str) -> str:
    """``value`` without the leading characters that make a spreadsheet run it as a formula."""
    while value and value.startswith(FORMULA_TRIGGERS):
        value = value[1:].lstrip()
    return value


def clean_text(value, *, multiline: bool = False, defuse: bool = True) -> str:
    """A string from any cell: control characters dropped, spaces collapsed, and for free text
    (``defuse``) no leading character that a spreadsheet would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = MULTI_SEPARATOR.join(str(item) for item in value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub("", text)
    if multiline:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = "\n".join(lines).strip()
        text = re.sub(r"\n{3,}", "\n\n", text)
    else:
        text = " ".join(text.split())
    return neutralize(text) if defuse else text


def split_values(value, *, defuse: bool = True) -> list[str]:
    """The values of a multi-valued cell: ``|`` or ``;`` separated, or a JSON list."""
    if value is None:
        return []
    items = value if isinstance(value, list) else _SPLIT_RE.split(str(value))
    values = []
    for item in items:
        text = clean_text(item, defuse=defuse)
        if text and text not in values:
            values.append(text)
    return values


@functools.lru_cache(maxsize=4096)
def vocabulary_key(value: str) -> str:
    """Compare vocabulary values whatever their case, accents, spaces and punctuation."""
    return re.sub(r"[^a-z0-9]+", "", unaccent(value).lower().replace("œ", "oe"))


def clean_pivot(value) -> str:
    """A SIRET, RNA or RIDET, or "" for a missing or placeholder one; ValueError if malformed."""
    text = re.sub(r"[\s.]", "", clean_text(value, defuse=False))
    if not text or set(text) == {"0"}:
        return ""
    if not PIVOT_RE.match(text):
        raise ValueError(text)
    return text


def _integer_text(number: int | float) -> str:
    """The digits of a whole number; ValueError for a fraction, an infinity or NaN."""
    if isinstance(number, float) and not number.is_integer():
        raise ValueError(str(number))
    return str(int(number))


def clean_postcode(value) -> str:
    """Five digits; a four-digit code lost its leading zero in a spreadsheet. ValueError else."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = _integer_text(value)
    else:
        text = clean_text(value, defuse=False).replace(" ", "")
    if re.fullmatch(r"\d{4}", text):
        text = "0" + text
    if not POSTCODE_RE.match(text):
        raise ValueError(text)
    return text


def clean_insee(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = _integer_text(value)
    else:
        text = clean_text(value, defuse=False).replace(" ", "").upper()
    if re.fullmatch(r"\d{4}", text):
        text = "0" + text
    if text and not INSEE_RE.match(text):
        raise ValueError(text)
    return text


def clean_phone(value, *, departement: str = "") -> str:
    """The number in the standard's international form (+33…), or "" if none; ValueError if it
    cannot be read as one."""
    text = clean_text(value, defuse=False)
    if not text:
        return ""
    text = text.replace("(0)", "")
    digits = re.sub(r"[\s.\-/()]", "", text)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"0\d{9}", digits):
        # Overseas numbers dial their own code: 0262 12 34 56 is +262 262 12 34 56.
        digits = PHONE_PREFIX_BY_DEPARTEMENT.get(departement, "+33") + digits[1:]
    if not PHONE_RE.match(digits):
        raise ValueError(text)
    return digits


def clean_url(value) -> str:
    """An http(s) URL, "" if empty; a bare domain gets https://. ValueError if not a URL."""
    text = clean_text(value, defuse=False)
    if not text:
        return ""
    has_scheme = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text)
    if not has_scheme and re.match(r"^(www\.)?[\w-]+(\.[\w-]+)+(/|$)", text):
        text = "https://" + text
    try:
        _url_validator(text)
    except ValidationError:
        raise ValueError(text) from None
    return text


def clean_urls(value) -> list[str]:
    return [clean_url(item) for item in split_values(value, defuse=False)]


def clean_emails(value) -> list[str]:
    emails = []
    for item in split_values(value, defuse=False):
        email = item.removeprefix("mailto:").strip()
        try:
            _email_validator(email)
        except ValidationError:
            raise ValueError(item) from None
        emails.append(email)
    return emails


def clean_date(value) -> datetime.date:
    """ISO 8601 (a date, or the date of a timestamp) or DD/MM/YYYY; ValueError otherwise."""
    text = clean_text(value, defuse=False)
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        return datetime.date(*map(int, match.groups()))
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if match:
        day, month, year = map(int, match.groups())
        return datetime.date(year, month, day)
    raise ValueError(text)


def clean_coordinate(value, *, limit: float) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    try:
        if isinstance(value, int | float):
            number = float(value)
        else:
            text = clean_text(value, defuse=False).replace(",", ".")
            if not text:
                return None
            number = float(text)
    except OverflowError:
        raise ValueError(str(value)[:80]) from None
    if not -limit <= number <= limit or number != number:
        raise ValueError(str(value))
    return round(number, 6)


# --- Vocabularies: which model field each column's values feed --------------------------------

# A target is (model field, value): a FlagsField and one of its values, "other_labels" and a
# free label, "accepts_pass_numerique" and True, or (None, None) for a value read and dropped
# on purpose (v0's "Adultes" is everyone, which v1 says by saying nothing).
Target = tuple[str | None, object]


def _targets(field: str, vocabulary) -> dict[str, list[Target]]:
    return {vocabulary_key(value): [(field, value)] for value in vocabulary.values}


def _aliases(pairs: dict[str, list[Target]]) -> dict[str, list[Target]]:
    return {vocabulary_key(alias): targets for alias, targets in pairs.items()}


_IGNORE: list[Target] = [(None, None)]
_PASS: list[Target] = [("accepts_pass_numerique", True)]

V0_SERVICES = _aliases(
    {
        "Devenir autonome dans les démarches administratives": [("services", Service.DEMARCHES)],
        "Réaliser des démarches administratives avec un accompagnement": [
            ("services", Service.DEMARCHES)
        ],
        "Accompagner les démarches de santé": [("services", Service.DEMARCHES)],
        "Prendre en main un smartphone ou une tablette": [("services", Service.OUTILS_QUOTIDIEN)],
        "Prendre en main un ordinateur": [("services", Service.OUTILS_QUOTIDIEN)],
        "Utiliser le numérique au quotidien": [("services", Service.OUTILS_QUOTIDIEN)],
        "Approfondir ma culture numérique": [("services", Service.COMPREHENSION)],
        "Promouvoir la citoyenneté numérique": [("services", Service.COMPREHENSION)],
        "Favoriser mon insertion professionnelle": [("services", Service.INSERTION)],
        "Créer et développer mon entreprise": [("services", Service.INSERTION)],
        "Accéder à une connexion internet": [("services", Service.ACCES_MATERIEL)],
        "Accéder à du matériel": [("services", Service.ACCES_MATERIEL)],
        "S'équiper en matériel informatique": [("services", Service.MATERIEL_SOLIDAIRE)],
        "Créer avec le numérique": [("services", Service.LOISIRS)],
        "Soutenir la parentalité et l'éducation avec le numérique": [
            ("services", Service.PARENTALITE)
        ],
        # The v1.0.2 description misspells it.
        "Comprehension du monde numérique": [("services", Service.COMPREHENSION)],
    }
)
V0_PUBLICS = _aliases(
    {
        "Seniors (+ 65 ans)": [("publics", Public.SENIORS)],
        "Familles/enfants": [("publics", Public.FAMILLES)],
        "Adultes": _IGNORE,
        "Jeunes (16-26 ans)": [("publics", Public.JEUNES)],
        "Uniquement femmes": [("publics", Public.FEMMES)],
        "Public langues étrangères": [("specific_support", SpecificSupport.AUTRES_LANGUES)],
        "Déficience visuelle": [("specific_support", SpecificSupport.DEFICIENCE_VISUELLE)],
        "Surdité": [("specific_support", SpecificSupport.SURDITE)],
        "Handicaps psychiques": [("specific_support", SpecificSupport.HANDICAPS_MENTAUX)],
        "Handicaps mentaux": [("specific_support", SpecificSupport.HANDICAPS_MENTAUX)],
        "Personnes en situation d'illettrisme": [("specific_support", SpecificSupport.ILLETTRISME)],
    }
)
V0_CONDITIONS = _aliases(
    {
        "Gratuit": [("fees", Fee.GRATUIT)],
        "Gratuit sous condition": [("fees", Fee.GRATUIT_SOUS_CONDITION)],
        "Payant": [("fees", Fee.PAYANT)],
        # Membership is a cost; v1 has no value of its own for it.
        "Adhésion": [("fees", Fee.PAYANT)],
        "Accepte le Pass numérique": _PASS,
        "Pass numérique": _PASS,
        "APTIC": _PASS,
    }
)
V0_LABELS = _aliases(
    {
        "CNFS": [("national_programmes", NationalProgramme.CONSEILLERS)],
        "Conseiller numérique France Services": [
            ("national_programmes", NationalProgramme.CONSEILLERS)
        ],
        "APTIC": _PASS,
        "Pass numérique": _PASS,
        "Grandes écoles du numérique": [("national_programmes", NationalProgramme.GEN)],
        "Point relais CAF": [("national_programmes", NationalProgramme.CAF)],
        "Point numérique CAF": [("national_programmes", NationalProgramme.CAF)],
        "Relais pôle emploi": [("other_labels", "Relais pôle emploi")],
        "French Tech": [("other_labels", "French Tech")],
        "Campus connecté": [("other_labels", "Campus connecté")],
    }
)
V0_SUPPORT = _aliases(
    {
        "Seul": [("support_modes", SupportMode.AUTONOMIE)],
        "Avec de l'aide": [("support_modes", SupportMode.INDIVIDUEL)],
        "Dans un atelier": [("support_modes", SupportMode.ATELIER)],
        "A ma place": [("support_modes", SupportMode.INDIVIDUEL)],
    }
)

VOCABULARY_COLUMNS: dict[str, dict[str, list[Target]]] = {
    "itinerance": _targets("itinerance", Itinerance),
    "services": {**_targets("services", Service), **V0_SERVICES},
    "publics_specifiquement_adresses": _targets("publics", Public),
    "publics_accueillis": {
        **_targets("publics", Public),
        **_targets("specific_support", SpecificSupport),
        **V0_PUBLICS,
    },
    "prise_en_charge_specifique": _targets("specific_support", SpecificSupport),
    "frais_a_charge": {**_targets("fees", Fee), **V0_CONDITIONS},
    "conditions_acces": {**_targets("fees", Fee), **V0_CONDITIONS},
    "dispositif_programmes_nationaux": {
        **_targets("national_programmes", NationalProgramme),
        **V0_LABELS,
    },
    "labels_nationaux": {
        **_targets("national_programmes", NationalProgramme),
        **_targets("training_labels", TrainingLabel),
        **V0_LABELS,
    },
    "formations_labels": _targets("training_labels", TrainingLabel),
    "modalites_acces": _targets("access_modes", AccessMode),
    "modalites_accompagnement": {**_targets("support_modes", SupportMode), **V0_SUPPORT},
}

FLAG_FIELDS = (
    "itinerance",
    "services",
    "publics",
    "specific_support",
    "fees",
    "national_programmes",
    "training_labels",
    "access_modes",
    "support_modes",
)

# Which columns, of any version, feed each model field. A field is only written by an import
# whose file has at least one of its columns: a v1 file, which cannot say whether a venue
# accepts the pass numérique, leaves that flag as it was.
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "pivot": ("pivot",),
    "name": ("nom",),
    "commune_name": ("commune",),
    "postcode": ("code_postal",),
    "insee_code": ("code_insee", "code_postal", "commune"),
    "address": ("adresse",),
    "address_complement": ("complement_adresse",),
    "typology": ("typologie",),
    "phone": ("telephone",),
    "emails": ("courriels", "courriel"),
    "websites": ("site_web",),
    "opening_hours": ("horaires",),
    "summary": ("presentation_resume",),
    "description": ("presentation_detail",),
    "itinerance": ("itinerance",),
    "parent_structure": ("structure_parente",),
    "updated_on": ("date_maj",),
    "services": ("services",),
    "publics": ("publics_specifiquement_adresses", "publics_accueillis"),
    "specific_support": ("prise_en_charge_specifique", "publics_accueillis"),
    "fees": ("frais_a_charge", "conditions_acces"),
    "national_programmes": ("dispositif_programmes_nationaux", "labels_nationaux"),
    "training_labels": ("formations_labels", "labels_nationaux"),
    "other_labels": ("autres_formations_labels", "labels_autres", "labels_nationaux"),
    "access_modes": ("modalites_acces",),
    "support_modes": ("modalites_accompagnement",),
    "accessibility_url": ("fiche_acces_libre", "accessibilite"),
    "booking_url": ("prise_rdv",),
    "accepts_pass_numerique": ("labels_nationaux", "conditions_acces"),
}


@dataclass
class VocabularyResult:
    flags: dict[str, list[str]]
    other_labels: list[str]
    accepts_pass_numerique: bool
    unknown: list[tuple[str, str]]  # (column, value)


def read_vocabularies(row: dict, columns: set[str]) -> VocabularyResult:
    """Map the vocabulary cells of ``row`` (of any version) onto the v1 fields."""
    flags: dict[str, list[str]] = {field: [] for field in FLAG_FIELDS}
    other_labels: list[str] = []
    accepts_pass = False
    unknown = []
    for column, table in VOCABULARY_COLUMNS.items():
        if column not in columns:
            continue
        for value in split_values(row.get(column)):
            targets = table.get(vocabulary_key(value))
            if targets is None and ":" in value:
                # v0 values carry an explanation: "Gratuit : Je peux accéder gratuitement…".
                targets = table.get(vocabulary_key(value.split(":", 1)[0]))
            if targets is None and column == "labels_nationaux":
                # A national label v1 does not list is still a label: keep it as text.
                targets = [("other_labels", value)]
            if targets is None:
                unknown.append((column, value))
                continue
            for field, target in targets:
                if field == "accepts_pass_numerique":
                    accepts_pass = True
                elif field == "other_labels":
                    if target not in other_labels:
                        other_labels.append(target)
                elif field is not None and target not in flags[field]:
                    flags[field].append(target)
    return VocabularyResult(flags, other_labels, accepts_pass, unknown)


# --- Writing ---------------------------------------------------------------------------------


def export_id(venue, duplicated_ids: frozenset[str] = frozenset()) -> str:
    """The standard's ``id``: the venue's id in its source, prefixed by the source when two
    sources use the same id (the standard wants it unique; ``import_id`` reverses this)."""
    if venue.source_id in duplicated_ids and venue.source:
        return f"{venue.source}:{venue.source_id}"
    return venue.source_id


def import_id(raw_id: str, source: str) -> str:
    prefix = f"{source}:"
    if source and raw_id.startswith(prefix) and len(raw_id) > len(prefix):
        return raw_id[len(prefix) :]
    return raw_id


def _joined(values) -> str:
    return MULTI_SEPARATOR.join(values)


def venue_record(venue, duplicated_ids: frozenset[str] = frozenset()) -> dict:
    """The venue as a v1.0.2 record: every column, in order; None for an empty value."""
    exact = venue.has_position and not venue.position_is_approximate
    phone = venue.phone if venue.phone and PHONE_RE.match(venue.phone) else ""
    record = {
        "id": export_id(venue, duplicated_ids),
        "pivot": venue.pivot or PLACEHOLDER_PIVOT,
        "nom": venue.name,
        "commune": venue.commune_name,
        "code_postal": venue.postcode,
        "code_insee": venue.insee_code,
        "adresse": venue.address,
        "complement_adresse": venue.address_complement,
        # A position that is only the commune's centre is ours, not the source's.
        "latitude": venue.latitude if exact else None,
        "longitude": venue.longitude if exact else None,
        "typologie": venue.typology,
        "telephone": phone,
        "courriels": venue.emails,
        "site_web": venue.websites,
        "horaires": venue.opening_hours,
        "presentation_resume": venue.summary[:SUMMARY_MAX_LENGTH],
        "presentation_detail": venue.description,
        "source": venue.source,
        "itinerance": _joined(venue.itinerance),
        "structure_parente": venue.parent_structure,
        "date_maj": venue.updated_on.isoformat(),
        "services": _joined(venue.services),
        "publics_specifiquement_adresses": _joined(venue.publics),
        "prise_en_charge_specifique": _joined(venue.specific_support),
        "frais_a_charge": _joined(venue.fees),
        "dispositif_programmes_nationaux": _joined(venue.national_programmes),
        "formations_labels": _joined(venue.training_labels),
        "autres_formations_labels": venue.other_labels,
        "modalites_acces": _joined(venue.access_modes),
        "modalites_accompagnement": _joined(venue.support_modes),
        "fiche_acces_libre": venue.accessibility_url,
        "prise_rdv": venue.booking_url,
    }
    return {key: (value if value != "" else None) for key, value in record.items()}


def csv_cells(record: dict) -> list[str]:
    """A record as CSV cells: text that a spreadsheet would run as a formula is defused (the
    phone number's leading + is the standard's own and passes its pattern)."""
    cells = []
    for column in COLUMNS:
        value = record[column]
        if value is None:
            cells.append("")
        elif isinstance(value, float):
            cells.append(repr(value))
        elif column == "telephone":
            cells.append(value)
        else:
            cells.append(neutralize(str(value)))
    return cells


def json_record(record: dict) -> dict:
    """A record for the JSON export: empty values left out, as the national exports do."""
    return {key: value for key, value in record.items() if value is not None}


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


STREAM_CHUNK_CHARS = 64 * 1024


def _chunked(lines: Iterable[str]) -> Iterator[str]:
    buffer, size = [], 0
    for line in lines:
        buffer.append(line)
        size += len(line)
        if size >= STREAM_CHUNK_CHARS:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def csv_lines(venues: Iterable, duplicated_ids: frozenset[str] = frozenset()) -> Iterator[str]:
    """The CSV export, header first, in chunks: ``venues`` may be a queryset's iterator."""
    writer = csv.writer(_Echo(), lineterminator="\n")

    def lines():
        yield writer.writerow(COLUMNS)
        for venue in venues:
            yield writer.writerow(csv_cells(venue_record(venue, duplicated_ids)))

    return _chunked(lines())


def json_chunks(venues: Iterable, duplicated_ids: frozenset[str] = frozenset()) -> Iterator[str]:
    """The JSON export (a list of objects), in chunks."""

    def lines():
        yield "["
        separator = "\n"
        for venue in venues:
            record = json_record(venue_record(venue, duplicated_ids))
            yield separator + json.dumps(record, ensure_ascii=False)
            separator = ",\n"
        yield "\n]\n"

    return _chunked(lines())


def describe_error(column: str, value: str) -> str:
    return _("%(column)s : « %(value)s » n'est pas valide") % {
        "column": column,
        "value": value[:80],
    }
