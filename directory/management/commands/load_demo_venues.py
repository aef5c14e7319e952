"""Demo venues: the real Charente export, then made-up venues at real communes of every hub,
and a saved import mapping (the national team's, shared) for a half-day timetable file in a
layout of its own (``tests/directory/data/lieux_cd16_demi-journees.csv``).

Made-up venues are marked ``is_demo`` (source "demo"), placed in the communes of each hub's
départements in proportion to their population (a seeded random draw, so every run makes the
same venues), and qualified with the Charente ones. A few of them are listed twice, as a
second source would write them, and the likely duplicates are then searched for, so that each
demo hub has pairs to merge. Running it again changes nothing.
"""

import json
import math
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from directory import services, standard
from directory.duplicate_services import refresh_pairs
from directory.importer import import_file, import_rows
from directory.models import Status, Venue
from directory.vocabulary import (
    AccessMode,
    Fee,
    NationalProgramme,
    Public,
    Service,
    SpecificSupport,
    SupportMode,
)
from hubsite.models import Commune, Departement, ImportMapping

CHARENTE_FILE = standard.DATA_DIR / "charente_lieux-mediation-numerique_20230711.json"
DEMO_MAPPING_FILE = standard.DATA_DIR / "demo_mapping_cd16_demi-journees.json"
DEMO_SOURCE = "demo"
DEFAULT_SEED = 2024
DUPLICATES_PER_DEPARTEMENT = 2
# One demo venue per this many inhabitants of a département, within these bounds.
INHABITANTS_PER_VENUE = 15_000
MIN_PER_DEPARTEMENT, MAX_PER_DEPARTEMENT = 15, 120

KINDS = (
    ("Médiathèque", "BIB", ()),
    ("Espace France Services", "MUNI", (NationalProgramme.FRANCE_SERVICES,)),
    ("Centre social", "CS", ()),
    ("Tiers-lieu numérique", "TIERS_LIEUX", ()),
    ("Mairie", "MUNI", ()),
    ("Association Clic et Déclic", "ASSO", ()),
    ("CCAS", "CCAS", ()),
    ("Point numérique CAF", "CAF", (NationalProgramme.CAF,)),
)
STREETS = (
    "place de la Mairie",
    "rue de la République",
    "Grande Rue",
    "rue des Écoles",
    "avenue de la Gare",
    "place de l'Église",
    "rue Victor Hugo",
    "rue du Stade",
)
HOURS = (
    "Mo-Fr 09:00-12:00,14:00-17:00",
    "Tu,Th 14:00-18:00; Sa 09:00-12:00",
    "Mo-Sa 10:00-12:30,13:30-18:00",
    "We 09:00-12:00,14:00-17:00; Sa 10:00-12:00",
    "Mo,We,Fr 09:00-12:00",
    "Tu-Fr 13:30-18:30; Sa 10:00-17:00",
)


def demo_row(rng: random.Random, commune: Commune, departement: str, number: int) -> dict:
    """One made-up venue in the national standard's columns, with a v0 ``labels_nationaux``
    column for the pass numérique (which v1 cannot say)."""
    kind, typology, programmes = rng.choice(KINDS)
    programmes = list(programmes)
    if rng.random() < 0.5:
        programmes.append(NationalProgramme.CONSEILLERS)
    if rng.random() < 0.3:
        programmes.append(NationalProgramme.AIDANTS_CONNECT)
    services = rng.sample(list(Service.values), rng.randint(1, 4))
    latitude = commune.latitude + rng.uniform(-0.01, 0.01)
    longitude = commune.longitude + rng.uniform(-0.01, 0.01) / max(
        math.cos(math.radians(commune.latitude)), 0.2
    )
    identifier = f"{departement}-{number:04d}"
    return {
        "id": f"demo-{identifier}",
        "pivot": "",
        "nom": f"{kind} de {commune.name}",
        "commune": commune.name,
        "code_postal": min(postcode.code for postcode in commune.postal_codes.all()),
        "code_insee": commune.insee_code,
        "adresse": f"{rng.randint(1, 60)} {rng.choice(STREETS)}",
        "latitude": round(latitude, 6),
        "longitude": round(longitude, 6),
        "typologie": typology,
        # The ARCEP's range for fiction: 01 99 00 xx xx reaches nobody.
        "telephone": f"+3319900{number % 10_000:04d}",
        "courriels": f"lieu-{identifier}@example.org",
        "horaires": rng.choice(HOURS),
        "presentation_resume": (
            "Lieu de démonstration : accompagnement au numérique, sur place ou sur rendez-vous."
        ),
        "source": DEMO_SOURCE,
        "date_maj": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "services": "|".join(services),
        "publics_specifiquement_adresses": (
            rng.choice(Public.values) if rng.random() < 0.2 else ""
        ),
        "prise_en_charge_specifique": (
            rng.choice(SpecificSupport.values) if rng.random() < 0.2 else ""
        ),
        "frais_a_charge": Fee.GRATUIT if rng.random() < 0.85 else Fee.PAYANT,
        "dispositif_programmes_nationaux": "|".join(programmes),
        "modalites_acces": "|".join(
            rng.sample([AccessMode.SE_PRESENTER, AccessMode.TELEPHONER, AccessMode.RDV], 2)
        ),
        "modalites_accompagnement": "|".join(
            rng.sample(list(SupportMode.values), rng.randint(1, 3))
        ),
        "labels_nationaux": "APTIC" if rng.random() < 0.25 else "",
    }


def demo_duplicate(row: dict, number: int) -> dict:
    """The same place as ``row``, listed again as another source would: a France services
    desk's name, or a slip in the name and an abbreviated street."""
    twin = dict(row, id=f"{row['id']}-bis", courriels="")
    if number % 2:
        twin["nom"] = f"Espace France Services {row['nom']}"
    else:
        twin["nom"] = row["nom"].replace("de ", "De ", 1).replace("é", "e")
        twin["adresse"] = row["adresse"].replace("rue ", "r. ").replace("avenue ", "av. ")
        twin["telephone"] = ""
    twin["latitude"] = round(row["latitude"] + 0.0001, 6)
    return twin


def venues_per_departement(population: int) -> int:
    return max(MIN_PER_DEPARTEMENT, min(MAX_PER_DEPARTEMENT, population // INHABITANTS_PER_VENUE))


class Command(BaseCommand):
    help = (
        "Charge les lieux de démonstration : l'export réel de la Charente, puis des lieux fictifs "
        "(marqués démo) dans les communes des départements de chaque hub, au prorata de leur "
        "population, et les qualifie. Idempotent. Les territoires doivent être chargés."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)

    def handle(self, *args, seed, **options):
        if not Commune.objects.exists():
            raise CommandError(
                "Aucune commune : chargez d'abord les territoires (manage.py load_territories)."
            )
        with transaction.atomic():
            report = import_file(CHARENTE_FILE.read_bytes(), filename=CHARENTE_FILE.name)
            self.stdout.write(f"Charente : {report.summary()}")
            for problem in report.rejected:
                self.stderr.write(self.style.WARNING(f"Rejetée — {problem}"))
            charente_sources = {change.source for change in report.created + report.updated}
            charente_sources |= set(
                Venue.objects.filter(departement_id="16", is_demo=False).values_list(
                    "source", flat=True
                )
            )

            rows = []
            departements = Departement.objects.filter(hub__isnull=False).order_by("code")
            for departement in departements:
                rows += self._rows_for(departement, seed)
            if rows:
                columns = set().union(*(row.keys() for _number, row in rows))
                demo = import_rows(
                    rows, columns, source=DEMO_SOURCE, is_demo=True, label="load_demo_venues"
                )
                self.stdout.write(f"Démonstration : {demo.summary()}")
                for problem in demo.rejected:
                    self.stderr.write(self.style.WARNING(f"Rejetée — {problem}"))

            pending = Venue.objects.filter(status=Status.PENDING).filter(
                Q(is_demo=True, source=DEMO_SOURCE) | Q(source__in=charente_sources)
            )
            qualified = services.bulk_qualify(
                venues=list(pending), by=None, reason="Données de démonstration"
            )
            mapping = load_demo_mapping()
            self.stdout.write(f"Correspondance d'import de démonstration : « {mapping} ».")
            found = refresh_pairs()
        self.stdout.write(self.style.SUCCESS(f"{qualified} lieux qualifiés."))
        self.stdout.write(f"Doublons probables : {found.created} nouveaux à examiner.")

    def _rows_for(self, departement: Departement, seed: int) -> list[tuple[int, dict]]:
        communes = list(
            Commune.objects.filter(
                departement=departement,
                population__gt=0,
                latitude__isnull=False,
                longitude__isnull=False,
                postal_codes__isnull=False,
            )
            .distinct()
            .order_by("insee_code")
            .prefetch_related("postal_codes")
        )
        if not communes:
            self.stderr.write(
                self.style.WARNING(f"{departement} : aucune commune chargée, pas de lieu démo.")
            )
            return []
        # A string seed is hashed with SHA-512: the same draw on every machine and run.
        rng = random.Random(f"{seed}-{departement.code}")
        weights = [commune.population for commune in communes]
        count = venues_per_departement(sum(weights))
        chosen = rng.choices(communes, weights=weights, k=count)
        rows = [
            (number, demo_row(rng, commune, departement.code, number))
            for number, commune in enumerate(chosen, start=1)
        ]
        twins = [
            (len(rows) + number, demo_duplicate(row, number))
            for number, (_line, row) in enumerate(rows[:DUPLICATES_PER_DEPARTEMENT], start=1)
        ]
        return rows + twins


def load_demo_mapping() -> ImportMapping:
    """The demo's mapping, as shipped: created, or put back as it was."""
    shipped = json.loads(DEMO_MAPPING_FILE.read_text(encoding="utf-8"))
    mapping, _created = ImportMapping.objects.update_or_create(
        target=shipped["target"],
        name=shipped["name"],
        defaults={"spec": shipped["spec"], "hub": None},
    )
    return mapping
