"""Files of venues in a layout of their own, imported through a saved mapping.

The directory declares its target to hubsite's mapping engine (``hubsite.mapping``): the
standard's columns, the required ones, the vocabularies of the coded ones, ``date_maj`` as a
date and ``horaires`` as the column that day or half-day timetable columns may fill. A file
read through a mapping becomes rows in the standard, imported by ``importer.import_rows``
with every guarantee of a standard file (each rejected row with its reason, all or nothing,
re-import updates, dry run); what the mapping itself finds wrong in a row rejects it too,
with its reason, and its warnings (unknown codes, unreadable timetable cells) join the
report's.
"""

import functools
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from directory import importer, standard
from directory.import_files import read_file
from directory.import_rows import RowProblem
from directory.importer import ImportReport, _file_source
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
from hubsite import mapping as engine
from hubsite.models import ImportMapping

TARGET_KEY = "directory.venue"

# (column, label, aliases people name it by); required ones are the standard's.
_FIELDS = (
    ("id", _("Identifiant"), ("identifiant", "n fiche", "numero", "ref", "reference", "code")),
    ("nom", _("Nom"), ("nom du lieu", "nom de la structure", "structure", "raison sociale")),
    ("adresse", _("Adresse"), ("adresse postale", "rue", "voie", "adresse 1")),
    ("complement_adresse", _("Complément d'adresse"), ("adresse 2", "complement")),
    ("code_postal", _("Code postal"), ("cp", "code postal", "postal")),
    ("commune", _("Commune"), ("ville", "localite", "nom commune")),
    ("code_insee", _("Code INSEE"), ("insee", "code commune", "cog")),
    ("latitude", _("Latitude"), ("lat", "y")),
    ("longitude", _("Longitude"), ("lon", "lng", "long", "x")),
    ("pivot", _("SIRET (pivot)"), ("siret", "siren", "rna")),
    ("typologie", _("Typologie"), ("type", "type de structure", "categorie")),
    ("telephone", _("Téléphone"), ("tel", "telephone", "numero de telephone")),
    ("courriels", _("Courriels"), ("courriel", "mail", "email", "e mail", "adresse mail", "mel")),
    ("site_web", _("Site web"), ("site", "site internet", "url", "web")),
    ("horaires", _("Horaires (OSM)"), ("horaires", "opening hours")),
    ("presentation_resume", _("Présentation résumée"), ("resume", "description courte")),
    ("presentation_detail", _("Présentation détaillée"), ("description", "presentation")),
    ("source", _("Source"), ()),
    ("structure_parente", _("Structure parente"), ("structure porteuse", "porteur")),
    (
        "date_maj",
        _("Date de mise à jour"),
        ("mise a jour", "date mise a jour", "maj", "modifie le"),
    ),
    ("itinerance", _("Itinérance"), ()),
    ("services", _("Services"), ("service", "offre", "accompagnements")),
    ("publics_specifiquement_adresses", _("Publics spécifiquement adressés"), ("publics",)),
    ("prise_en_charge_specifique", _("Prise en charge spécifique"), ("handicap",)),
    ("frais_a_charge", _("Frais à charge"), ("tarif", "tarifs", "frais", "cout")),
    ("dispositif_programmes_nationaux", _("Programmes nationaux"), ("labels", "dispositifs")),
    ("formations_labels", _("Formations et labels"), ("formations",)),
    ("autres_formations_labels", _("Autres formations et labels"), ()),
    ("modalites_acces", _("Modalités d'accès"), ("acces",)),
    ("modalites_accompagnement", _("Modalités d'accompagnement"), ("accompagnement",)),
    ("fiche_acces_libre", _("Fiche Accès libre"), ("acces libre", "accessibilite")),
    ("prise_rdv", _("Prise de rendez-vous"), ("rdv", "rendez vous")),
)
_VOCABULARIES = {
    "itinerance": Itinerance,
    "services": Service,
    "publics_specifiquement_adresses": Public,
    "prise_en_charge_specifique": SpecificSupport,
    "frais_a_charge": Fee,
    "dispositif_programmes_nationaux": NationalProgramme,
    "formations_labels": TrainingLabel,
    "modalites_acces": AccessMode,
    "modalites_accompagnement": SupportMode,
}
_KINDS = {"date_maj": engine.DATE, "horaires": engine.HOURS}


@functools.cache
def venue_target() -> engine.Target:
    """The directory's import as the mapping engine sees it (hook ``maillage_import_targets``)."""
    return engine.Target(
        key=TARGET_KEY,
        label=_("Lieux (schéma national)"),
        fields=tuple(
            engine.TargetField(
                name=name,
                label=label,
                required=name in standard.REQUIRED_COLUMNS,
                choices=tuple(_VOCABULARIES[name].values) if name in _VOCABULARIES else (),
                kind=_KINDS.get(name, engine.TEXT),
                aliases=aliases,
            )
            for name, label, aliases in _FIELDS
        ),
    )


def mappings_for(user):
    """The saved venue mappings ``user`` may import with."""
    return ImportMapping.objects.usable_by(user).for_target(TARGET_KEY).select_related("hub")


def import_mapped_file(
    data: bytes,
    *,
    spec: dict,
    filename: str = "",
    source: str | None = None,
    dry_run: bool = False,
    allowed_departements: frozenset[str] | set[str] | None = None,
    user=None,
    is_demo: bool = False,
    max_bytes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """``importer.import_file`` for a file read through ``spec``: the mapping's rejections
    and warnings in the same report. ImportFileError if the file is unreadable."""
    parsed = read_file(data, filename=filename, max_bytes=max_bytes, required=False)
    mapped = engine.apply(venue_target(), spec, parsed.rows)
    rows, refused, warnings = [], [], []
    for row in mapped.rows:
        raw_id = standard.clean_text((row.values or {}).get("id"))
        warnings.extend(RowProblem(row.number, raw_id, message) for message in row.warnings)
        if row.errors:
            refused.append(RowProblem(row.number, raw_id, " ; ".join(row.errors)))
        else:
            rows.append((row.number, row.values))
    report = importer.import_rows(
        rows,
        mapped.columns,
        source=source,
        default_source=_file_source(filename) or "import",
        dry_run=dry_run,
        allowed_departements=allowed_departements,
        user=user,
        is_demo=is_demo,
        label=filename,
        progress=progress,
    )
    report.total = len(mapped.rows)
    report.rejected = sorted(report.rejected + refused, key=lambda problem: problem.row)
    report.warnings = sorted(warnings + report.warnings, key=lambda problem: problem.row)
    return report


def import_any_file(
    data: bytes, *, mapping: ImportMapping | None = None, **options
) -> ImportReport:
    """``data`` imported in the standard's columns, or through ``mapping`` when given."""
    if mapping is None:
        return importer.import_file(data, **options)
    return import_mapped_file(data, spec=mapping.spec, **options)
