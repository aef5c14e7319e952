"""The calls' import as hubsite's mapping engine sees it (hook ``maillage_import_targets``).

Coded fields offer the French labels of funding's vocabularies (what a coordinator reads in
the mapping form); ``import_cells`` turns them back into the stored values.
"""

import functools

from django.utils.translation import gettext_lazy as _

from funding.models import Schedule
from funding.vocabulary import Applicant, Cost, Theme
from hubsite import mapping as engine
from hubsite.models import ImportMapping

TARGET_KEY = "funding.call"

# Coded field → its vocabulary.
VOCABULARIES = {
    "deadline_kind": Schedule,
    "eligible_costs": Cost,
    "eligible_applicants": Applicant,
    "themes": Theme,
}
# (name, label, required, aliases people name it by)
_FIELDS = (
    ("external_id", _("Identifiant dans la source"), False, ("id", "identifiant", "ref", "code")),
    ("title", _("Intitulé"), True, ("titre", "nom", "nom de l appel", "appel", "intitule")),
    ("funder", _("Financeur"), True, ("financeur", "porteur de l aide", "organisme")),
    ("programme", _("Programme"), False, ("programme", "dispositif", "fonds")),
    ("summary", _("Résumé"), False, ("description", "resume", "objet")),
    ("url", _("Lien vers l'appel"), False, ("lien", "url", "site", "page")),
    ("reference", _("Référence du financeur"), False, ("reference",)),
    ("opens_on", _("Ouverture"), False, ("date d ouverture", "ouverture", "debut")),
    ("deadline_kind", _("Calendrier"), False, ("type de calendrier", "recurrence")),
    ("deadline_on", _("Date limite"), False, ("date limite", "cloture", "date de cloture")),
    ("rounds", _("Dates des vagues"), False, ("vagues", "sessions")),
    ("recurrence_months", _("Récurrence (mois)"), False, ("periodicite",)),
    ("amount_min", _("Montant minimum (€)"), False, ("montant min", "minimum", "plancher")),
    ("amount_max", _("Montant maximum (€)"), False, ("montant max", "maximum", "plafond")),
    ("lump_sums", _("Montants forfaitaires (€)"), False, ("forfaits", "forfait")),
    ("rate_cap", _("Taux maximal d'aide (%)"), False, ("taux", "taux max", "taux maximum")),
    ("eu_rate_cap", _("Part européenne maximale (%)"), False, ("taux ue", "part ue")),
    ("public_aid_cap", _("Aides publiques maximales (%)"), False, ("aides publiques",)),
    ("eligible_costs", _("Dépenses éligibles"), False, ("depenses", "type de depenses")),
    ("eligible_applicants", _("Porteurs éligibles"), False, ("beneficiaires", "porteurs")),
    ("themes", _("Thématiques"), False, ("thematiques", "themes", "thematique")),
    ("regions", _("Régions (codes INSEE)"), False, ("code region", "codes regions")),
    ("departements", _("Départements (codes)"), False, ("code departement", "departement")),
    ("documents_asked", _("Pièces demandées"), False, ("pieces", "pieces demandees")),
    ("source", _("Source"), False, ()),
)
_KINDS = {"opens_on": engine.DATE, "deadline_on": engine.DATE}


def labels_of(vocabulary) -> tuple[str, ...]:
    return tuple(str(label) for label in vocabulary.labels)


@functools.cache
def call_target() -> engine.Target:
    return engine.Target(
        key=TARGET_KEY,
        label=_("Appels à projets"),
        fields=tuple(
            engine.TargetField(
                name=name,
                label=label,
                required=required,
                choices=labels_of(VOCABULARIES[name]) if name in VOCABULARIES else (),
                kind=_KINDS.get(name, engine.TEXT),
                aliases=aliases,
            )
            for name, label, required, aliases in _FIELDS
        ),
    )


def mappings_for(user):
    """The saved call mappings ``user`` may import with."""
    return ImportMapping.objects.usable_by(user).for_target(TARGET_KEY).select_related("hub")
