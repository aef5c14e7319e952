"""What a merge lets a coordinator choose, field by field, and which side it proposes.

Fields that only make sense together (an address and its commune, a position and whether it
is approximate) are chosen as one group. The proposed side is the one with a value when the
other has none, else the qualified venue's, else the more recently updated one's.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from directory.models import Status, Venue


@dataclass(frozen=True)
class MergeGroup:
    name: str
    label: str
    fields: tuple[str, ...]

    def values(self, venue: Venue) -> tuple:
        return tuple(getattr(venue, name) for name in self.fields)

    def display(self, venue: Venue) -> str:
        parts = []
        for name in self.fields:
            value = getattr(venue, name)
            field = Venue._meta.get_field(name)
            if isinstance(value, bool):
                value = _("oui") if value else _("non")
            elif isinstance(value, list):
                value = ", ".join(
                    str(item.label) if hasattr(item, "label") else str(item) for item in value
                )
            elif field.choices:
                value = dict(field.flatchoices).get(value, value)
            if value not in ("", None):
                parts.append(str(value))
        return " — ".join(parts) or "—"


def _group(name, label, *fields):
    return MergeGroup(name, label, fields or (name,))


MERGE_GROUPS = (
    _group("name", _("Nom")),
    _group("status", _("Qualification")),
    _group("pivot", _("SIRET ou RNA")),
    _group("typology", _("Typologie")),
    _group("parent_structure", _("Structure parente")),
    _group("summary", _("Présentation résumée")),
    _group("description", _("Présentation détaillée")),
    _group(
        "address",
        _("Adresse"),
        "address",
        "address_complement",
        "postcode",
        "commune_name",
        "insee_code",
        "commune",
        "departement",
    ),
    _group("position", _("Position"), "latitude", "longitude", "position_is_approximate"),
    _group("itinerance", _("Itinérance")),
    _group("services", _("Services")),
    _group("publics", _("Publics")),
    _group("specific_support", _("Prise en charge spécifique")),
    _group("fees", _("Frais")),
    _group("accepts_pass_numerique", _("Pass numérique")),
    _group("national_programmes", _("Dispositifs nationaux")),
    _group("training_labels", _("Formations et labels")),
    _group("other_labels", _("Autres labels")),
    _group("access_modes", _("Modalités d'accès")),
    _group("support_modes", _("Modalités d'accompagnement")),
    _group("opening_hours", _("Horaires")),
    _group("phone", _("Téléphone")),
    _group("emails", _("Courriels")),
    _group("websites", _("Sites web")),
    _group("booking_url", _("Prise de rendez-vous")),
    _group("accessibility_url", _("Fiche Accès Libre")),
)


def _is_empty(group: MergeGroup, venue: Venue) -> bool:
    if group.name == "position":
        return not venue.has_position or venue.position_is_approximate
    return all(value in ("", None, [], False) for value in group.values(venue))


def preferred(a: Venue, b: Venue) -> Venue:
    """The venue whose record to keep and whose values to propose by default."""

    def rank(venue):
        return (venue.status == Status.QUALIFIED, venue.updated_on, -venue.pk)

    return max(a, b, key=rank)


def proposed(group: MergeGroup, a: Venue, b: Venue) -> Venue:
    """The side proposed for ``group``: the complete one, else the preferred venue."""
    if _is_empty(group, a) != _is_empty(group, b):
        return b if _is_empty(group, a) else a
    return preferred(a, b)
