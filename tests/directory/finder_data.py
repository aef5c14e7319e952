"""Real communes (positions, populations, postcodes) and quick venue builders for the finder,
search and API tests."""

import datetime
import random
from types import SimpleNamespace

from directory.models import Status, Venue, bulk_create_venues
from directory.vocabulary import Fee, Service
from tests.factories import CommuneFactory, DepartementFactory, HubFactory, RegionFactory


def territory(*, with_hub: bool = True) -> SimpleNamespace:
    """Charente (covered by a hub) with a few of its communes, and two homonyms elsewhere."""
    region = RegionFactory(code="75", name="Nouvelle-Aquitaine")
    charente = DepartementFactory(
        code="16",
        name="Charente",
        region=region,
        min_latitude=45.19,
        max_latitude=46.14,
        min_longitude=-0.46,
        max_longitude=0.95,
    )
    vienne = DepartementFactory(code="86", name="Vienne", region=region)
    hub = (
        HubFactory(
            name="Hub de Charente et Vienne",
            slug="charente-vienne",
            departements=[charente, vienne],
        )
        if with_hub
        else None
    )
    seine = DepartementFactory(code="93", name="Seine-Saint-Denis", region=RegionFactory(code="11"))
    reunion = DepartementFactory(code="974", name="La Réunion", region=RegionFactory(code="04"))

    def commune(insee, name, lat, lon, population, postcodes, departement=charente):
        return CommuneFactory(
            insee_code=insee,
            name=name,
            departement=departement,
            latitude=lat,
            longitude=lon,
            population=population,
            postcodes=postcodes,
        )

    return SimpleNamespace(
        hub=hub,
        charente=charente,
        vienne=vienne,
        angouleme=commune("16015", "Angoulême", 45.6484, 0.1562, 41_423, ["16000"]),
        soyaux=commune("16374", "Soyaux", 45.6406, 0.2007, 9_600, ["16800"]),
        cognac=commune("16102", "Cognac", 45.6958, -0.3287, 18_700, ["16100"]),
        rouillac=commune("16286", "Rouillac", 45.7756, -0.0636, 1_800, ["16170"]),
        genac=commune("16148", "Genac-Bignac", 45.7958, 0.0234, 750, ["16170"]),
        poitiers=commune("86194", "Poitiers", 46.5802, 0.3404, 88_665, ["86000"], vienne),
        saint_denis_93=commune("93066", "Saint-Denis", 48.9362, 2.3574, 111_135, ["93200"], seine),
        saint_denis_974=commune(
            "97411", "Saint-Denis", -20.8823, 55.4504, 153_810, ["97400"], reunion
        ),
    )


def venue(commune, *, latitude=None, longitude=None, **fields) -> Venue:
    """A qualified venue at ``commune`` (or at the given position), saved one by one."""
    from tests.directory.factories import VenueFactory

    fields.setdefault("latitude", commune.latitude if latitude is None else latitude)
    fields.setdefault("longitude", commune.longitude if longitude is None else longitude)
    return VenueFactory(commune=commune, **fields)


def bulk_venues(points, *, commune=None, status=Status.QUALIFIED, **fields) -> list[Venue]:
    """Many venues at once, one per (latitude, longitude), with the grid cell set as save()
    would."""
    fields.setdefault("services", [Service.DEMARCHES])
    fields.setdefault("fees", [Fee.GRATUIT])
    venues = []
    for index, (latitude, longitude) in enumerate(points):
        venues.append(
            Venue(
                source="bulk",
                source_id=f"bulk-{random.random():.12f}-{index}",
                name=f"Lieu {index}",
                address=f"{index} rue du Test",
                commune_name=commune.name if commune else "Commune",
                postcode=commune.postal_codes.first().code if commune else "16000",
                insee_code=commune.insee_code if commune else "",
                commune=commune,
                departement=commune.departement if commune else None,
                latitude=latitude,
                longitude=longitude,
                updated_on=datetime.date(2024, 1, 15),
                status=status,
                **fields,
            )
        )
    return bulk_create_venues(venues)


def scatter(count: int, *, latitude: float, longitude: float, spread: float, seed: int = 1):
    """``count`` positions spread uniformly within ``spread`` degrees of a point."""
    rng = random.Random(seed)
    return [
        (
            latitude + rng.uniform(-spread, spread),
            longitude + rng.uniform(-spread, spread),
        )
        for _ in range(count)
    ]
