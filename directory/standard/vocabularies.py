"""Vocabularies: which model field each column's values feed, v0 aliases included."""

from dataclasses import dataclass

from directory.standard.cleaners import split_values, vocabulary_key
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
