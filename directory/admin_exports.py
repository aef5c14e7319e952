"""The columns of the venue listing's export (Wagtail's ``list_export``, CSV and XLSX).

The export is the listing's own view, so it holds exactly what the listing shows the user
(their hub's venues, filtered and searched alike); every cell is defused by
``hubsite.exports``.
"""

from django.utils.translation import gettext_lazy as _

from directory.vocabulary import Fee, Public, Service, SupportMode

VENUE_EXPORT = [
    "pk",
    "name",
    "get_status_display",
    "address",
    "address_complement",
    "postcode",
    "commune_name",
    "insee_code",
    "departement",
    "latitude",
    "longitude",
    "position_is_approximate",
    "services",
    "publics",
    "support_modes",
    "fees",
    "accepts_pass_numerique",
    "opening_hours",
    "phone",
    "emails",
    "websites",
    "booking_url",
    "updated_on",
    "source",
    "source_id",
]

VENUE_EXPORT_HEADINGS = {
    "pk": _("Numéro"),
    "get_status_display": _("Qualification"),
}


def _labels(vocabulary):
    def labels(values) -> str:
        return ", ".join(str(vocabulary(value).label) for value in values)

    return {"csv": labels, "xlsx": labels}


def _yes_no(value) -> str:
    return str(_("oui") if value else _("non"))


VENUE_EXPORT_PREPROCESS = {
    "services": _labels(Service),
    "publics": _labels(Public),
    "support_modes": _labels(SupportMode),
    "fees": _labels(Fee),
    "position_is_approximate": {"csv": _yes_no},
    "accepts_pass_numerique": {"csv": _yes_no},
}
