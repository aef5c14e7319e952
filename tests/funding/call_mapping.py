"""The mapping of tests/funding/data/appels_bretagne.csv, a catalogue in a layout of its own:
other column names, codes for themes, applicants and costs, dates dd/mm/yyyy."""

from pathlib import Path

from funding.models import FunderType
from tests.factories import DepartementFactory, RegionFactory
from tests.funding.factories import FunderFactory

BRETAGNE_FILE = Path(__file__).parent / "data" / "appels_bretagne.csv"
BRETAGNE_ROWS = 6

BRETAGNE_SPEC = {
    "fields": {
        "external_id": {"column": "N° dossier"},
        "title": {"column": "Intitulé de l'appel"},
        "funder": {"column": "Organisme financeur"},
        "programme": {"column": "Dispositif"},
        "deadline_on": {"column": "Date de clôture"},
        "amount_min": {"column": "Montant plancher"},
        "amount_max": {"column": "Montant plafond"},
        "rate_cap": {"column": "Taux d'intervention"},
        "themes": {"column": "Thèmes"},
        "eligible_applicants": {"column": "Bénéficiaires"},
        "departements": {"column": "Dépt."},
        "eligible_costs": {"column": "Nature des dépenses"},
        "url": {"column": "Lien"},
        "documents_asked": {"column": "Pièces à fournir"},
    },
    "values": {
        "themes": {
            "INC": ["Inclusion numérique"],
            "RUR": ["Ruralité et territoires"],
            "FORM": ["Formation des médiateurs et aidants"],
            "EQUIP": ["Équipement et reconditionnement"],
            "SEN": ["Seniors et autonomie"],
            "DROITS": ["Accès aux droits et démarches en ligne"],
            "JEUN": ["Jeunesse et éducation"],
            "COOP": ["Coopération européenne"],
        },
        "eligible_applicants": {
            "ASSO": ["Associations"],
            "COLL": ["Collectivités et leurs groupements"],
        },
        "eligible_costs": {"F": ["Fonctionnement"], "I": ["Investissement"]},
    },
    "hours": [],
}


def bretagne_catalogue():
    """The funders the file names and the territories it codes."""
    region = RegionFactory(code="53", name="Bretagne")
    for code, name in (("22", "Côtes-d'Armor"), ("29", "Finistère"), ("35", "Ille-et-Vilaine")):
        DepartementFactory(code=code, name=name, region=region)
    DepartementFactory(code="56", name="Morbihan", region=region)
    return [
        FunderFactory(name="Région Bretagne", type=FunderType.REGION),
        FunderFactory(name="Fondation numérique solidaire", type=FunderType.FOUNDATION),
    ]
