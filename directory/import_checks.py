"""What one row of an import says, checked cell by cell in named steps: texts, hours, pivot,
address, date, coordinates, commune, contacts, vocabularies, lengths, position.
``import_rows`` runs them over each row of a file.

A step records errors (the row is rejected) or warnings (a value is only dropped, repaired or
shortened) on the row, and the model's values it found.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _

from directory import geo, opening_hours, opening_hours_repair, standard
from directory.models import Venue
from hubsite.communes import CommuneIndex, CommuneRef, commune_key

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
URL_FIELDS = (
    # model field, the columns that fill it
    ("accessibility_url", ("fiche_acces_libre", "accessibilite")),
    ("booking_url", ("prise_rdv",)),
)


@dataclass
class RowUnderCheck:
    """One row as the steps go through it: what it sets, what is wrong, what was found."""

    number: int
    data: dict
    source: str = ""
    raw_id: str = ""
    source_id: str = ""
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    commune_name: str = ""
    postcode: str = ""
    insee_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    commune: CommuneRef | None = None

    def error(self, message: str) -> None:
        self.errors.append(message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.source_id)


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


def _ignored(column: str, error: ValueError) -> str:
    return standard.describe_error(column, str(error)) + _(" : ignoré")


def _invalid_url(column: str, error: ValueError) -> str:
    return _("URL invalide (%(column)s) : « %(value)s »") % {
        "column": column,
        "value": str(error)[:80],
    }


def check_texts(row: RowUnderCheck) -> None:
    values = row.values
    for model_field, (columns, multiline) in TEXT_FIELDS.items():
        values[model_field] = standard.clean_text(_first(row.data, columns), multiline=multiline)
    for column, model_field in (("nom", "name"), ("adresse", "address")):
        if not values[model_field]:
            row.error(_("colonne obligatoire « %(column)s » vide") % {"column": column})
    if len(values["summary"]) > standard.SUMMARY_MAX_LENGTH:
        values["summary"] = _shorten(values["summary"], standard.SUMMARY_MAX_LENGTH)
        row.warn(_("présentation résumée raccourcie à 280 caractères"))


def check_hours(row: RowUnderCheck) -> None:
    """Hours the reader cannot read are repaired when the slip is a common one
    (``opening_hours_repair``), else kept as written (the finder shows them raw)."""
    text = row.values.get("opening_hours")
    if not text or opening_hours.parse_or_none(text) is not None:
        return
    repaired = opening_hours_repair.repair(text)
    if repaired is None:
        row.warn(_("horaires illisibles « %(text)s » : affichés tels quels") % {"text": text[:80]})
        return
    row.values["opening_hours"] = repaired.text
    row.warn(opening_hours_repair.describe(text, repaired))


def check_pivot(row: RowUnderCheck) -> None:
    try:
        row.values["pivot"] = standard.clean_pivot(row.data.get("pivot"))
    except ValueError as error:
        row.values["pivot"] = ""
        row.warn(_ignored("pivot", error))


def check_address(row: RowUnderCheck) -> None:
    """The commune's name and postcode are required; a bad INSEE code is only ignored."""
    row.commune_name = standard.clean_text(row.data.get("commune"))
    if not row.commune_name:
        row.error(_("colonne obligatoire « commune » vide"))
    raw_postcode = row.data.get("code_postal")
    if raw_postcode in (None, ""):
        row.error(_("colonne obligatoire « code_postal » vide"))
    else:
        try:
            row.postcode = standard.clean_postcode(raw_postcode)
        except ValueError as error:
            row.error(_("code postal invalide : « %(value)s »") % {"value": error})
    try:
        row.insee_code = standard.clean_insee(row.data.get("code_insee"))
    except ValueError as error:
        row.warn(_ignored("code_insee", error))


def check_date(row: RowUnderCheck) -> None:
    raw_date = row.data.get("date_maj")
    if raw_date in (None, ""):
        row.error(_("colonne obligatoire « date_maj » vide"))
        return
    try:
        row.values["updated_on"] = standard.clean_date(raw_date)
    except ValueError as error:
        row.error(_("date_maj invalide : « %(value)s »") % {"value": error})


def check_coordinates(row: RowUnderCheck) -> None:
    """Unreadable or half coordinates are dropped: the venue goes to its commune's centre."""
    try:
        row.latitude = standard.clean_coordinate(row.data.get("latitude"), limit=90)
        row.longitude = standard.clean_coordinate(row.data.get("longitude"), limit=180)
    except (ValueError, TypeError):
        row.latitude = row.longitude = None
        row.warn(_("coordonnées illisibles : lieu placé au centre de sa commune"))
    if (row.latitude is None) != (row.longitude is None):
        row.latitude = row.longitude = None
        row.warn(_("latitude ou longitude manquante : lieu placé au centre de sa commune"))


def check_commune(row: RowUnderCheck, communes: CommuneIndex) -> None:
    if not (row.postcode and row.commune_name):
        return
    found = communes.resolve_fixing(
        insee_code=row.insee_code,
        postcode=row.postcode,
        name=row.commune_name,
        latitude=row.latitude,
        longitude=row.longitude,
    )
    row.commune = found.commune
    row.warnings.extend(found.fixes)
    row.postcode = found.postcode or row.postcode
    if row.commune is None:
        row.error(
            _("commune inconnue : « %(name)s » (code postal %(postcode)s)")
            % {"name": row.commune_name, "postcode": row.postcode}
        )


def check_contacts(row: RowUnderCheck) -> None:
    """An invalid address or URL rejects the row; an unreadable phone is only dropped."""
    values, data = row.values, row.data
    emails: list[str] = []
    try:
        emails = standard.clean_emails(_first(data, ("courriels", "courriel")))
    except ValueError as error:
        row.error(_("courriel invalide : « %(value)s »") % {"value": str(error)[:80]})
    values["emails"] = standard.MULTI_SEPARATOR.join(emails)
    websites: list[str] = []
    try:
        websites = standard.clean_urls(data.get("site_web"))
    except ValueError as error:
        row.error(_invalid_url("site_web", error))
    values["websites"] = standard.MULTI_SEPARATOR.join(websites)
    for model_field, columns in URL_FIELDS:
        try:
            values[model_field] = standard.clean_url(_first(data, columns))
        except ValueError as error:
            row.error(_invalid_url(columns[0], error))
            values[model_field] = ""
    departement = row.commune.departement_id if row.commune else ""
    try:
        values["phone"] = standard.clean_phone(data.get("telephone"), departement=departement)
    except ValueError as error:
        values["phone"] = ""
        row.warn(_ignored("telephone", error))


def check_vocabularies(row: RowUnderCheck, columns: set[str], flag_fields: dict) -> None:
    """Unknown values are dropped with a warning; flags are stored in the vocabulary's
    order, so that comparing with the database is exact."""
    values, data = row.values, row.data
    values["typology"] = standard.MULTI_SEPARATOR.join(standard.split_values(data.get("typologie")))
    vocabularies = standard.read_vocabularies(data, columns)
    for column, value in vocabularies.unknown:
        row.warn(
            _("valeur inconnue « %(value)s » (%(column)s) : ignorée")
            % {"value": value[:80], "column": column}
        )
    for name, model_field in flag_fields.items():
        values[name] = model_field.to_list(model_field.to_mask(vocabularies.flags[name]))
    other_labels = standard.split_values(_first(data, ("autres_formations_labels",)))
    other_labels += standard.split_values(data.get("labels_autres"))
    for label in vocabularies.other_labels:
        if label not in other_labels:
            other_labels.append(label)
    values["other_labels"] = standard.MULTI_SEPARATOR.join(dict.fromkeys(other_labels))
    values["accepts_pass_numerique"] = vocabularies.accepts_pass_numerique


def check_lengths(row: RowUnderCheck) -> None:
    for model_field, value in row.values.items():
        if isinstance(value, str) and (message := _length_error(model_field, value)):
            row.error(message)


def check_position(row: RowUnderCheck) -> None:
    """The venue's commune, and its position: the row's, unless far from the commune
    (``geo.too_far_from_commune``); else the commune's centre, flagged approximate."""
    commune = row.commune
    if commune is None:
        return
    values = row.values
    values["commune_id"] = commune.insee_code
    values["departement_id"] = commune.departement_id
    values["insee_code"] = commune.insee_code
    values["postcode"] = row.postcode
    # The commune's own spelling when the row names it; the row's otherwise (an old
    # commune's name, still in postal addresses).
    same = commune.key == commune_key(row.commune_name)
    values["commune_name"] = commune.name if same else row.commune_name
    latitude, longitude = row.latitude, row.longitude
    if latitude is not None and commune.has_position:
        distance = geo.too_far_from_commune(latitude, longitude, commune)
        if distance is not None:
            row.warn(
                _(
                    "coordonnées à %(distance)d km de %(commune)s : lieu placé au "
                    "centre de sa commune"
                )
                % {"distance": distance, "commune": commune.name}
            )
            latitude = longitude = None
    if latitude is not None:
        values.update(latitude=latitude, longitude=longitude, position_is_approximate=False)
        return
    values.update(
        latitude=commune.latitude,
        longitude=commune.longitude,
        position_is_approximate=True,
    )
    if not commune.has_position:
        row.warn(_("ni le lieu ni sa commune n'ont de coordonnées"))
