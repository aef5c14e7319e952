import datetime
import json

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from directory.models import Status, Venue
from directory.vocabulary import Fee, Service
from tests.factories import CommuneFactory


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue

    source = "tests"
    source_id = factory.Sequence(lambda n: f"lieu-{n}")
    name = factory.Sequence(lambda n: f"Espace numérique {n}")
    commune = factory.SubFactory(CommuneFactory)
    departement = factory.SelfAttribute("commune.departement")
    commune_name = factory.SelfAttribute("commune.name")
    postcode = factory.LazyAttribute(lambda o: o.commune.postal_codes.first().code)
    insee_code = factory.SelfAttribute("commune.insee_code")
    address = factory.Faker("street_address", locale="fr_FR")
    latitude = factory.SelfAttribute("commune.latitude")
    longitude = factory.SelfAttribute("commune.longitude")
    services = factory.LazyFunction(lambda: [Service.DEMARCHES])
    fees = factory.LazyFunction(lambda: [Fee.GRATUIT])
    opening_hours = "Mo-Fr 09:00-12:00,14:00-17:00"
    updated_on = factory.LazyFunction(lambda: datetime.date(2024, 1, 15))
    confirmed_at = factory.LazyFunction(timezone.now)
    status = Status.QUALIFIED


def venue_in(hub, **fields) -> Venue:
    """A venue in a new commune of the hub's first département (postcode ``<dept>100``)."""
    departement = hub.departements.order_by("code").first()
    commune = CommuneFactory(departement=departement, postcodes=[f"{departement.code}100"])
    return VenueFactory(commune=commune, postcode=f"{departement.code}100", **fields)


def import_file(*communes, id_prefix: str = "lieu", name_prefix: str = "Lieu", **fields) -> bytes:
    """A JSON file in the national standard: one venue in each of ``communes``, in order."""
    return json.dumps(
        [
            {
                "id": f"{id_prefix}-{n}",
                "nom": f"{name_prefix} {n}",
                "commune": commune.name,
                "code_postal": commune.postal_codes.first().code,
                "code_insee": commune.insee_code,
                "adresse": "1 rue de la Paix",
                "date_maj": "2024-05-01",
                **fields,
            }
            for n, commune in enumerate(communes)
        ]
    ).encode()
