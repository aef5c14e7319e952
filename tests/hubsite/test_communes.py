"""Communes found as addresses write them, from memory, for any app that reads addresses."""

import math

import pytest

from hubsite.communes import (
    QUERY_CHUNK,
    CommuneIndex,
    commune_key,
    departements_for_postcode,
    swapped_postcodes,
)
from tests.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def charente():
    return DepartementFactory(code="16", name="Charente")


def test_a_commune_is_found_by_insee_code_whatever_its_name_says(charente):
    cognac = CommuneFactory(insee_code="16102", name="Cognac", departement=charente)

    index = CommuneIndex.load(postcodes=["16100"], insee_codes=["16102"])

    found = index.resolve(insee_code="16102", postcode="16100", name="Ailleurs")
    assert found.insee_code == cognac.insee_code
    assert found.departement_id == "16"


def test_a_cedex_address_finds_its_commune_by_name(charente):
    CommuneFactory(insee_code="16015", name="Angoulême", departement=charente, postcodes=["16000"])
    CommuneFactory(insee_code="16374", name="Soyaux", departement=charente, postcodes=["16000"])

    index = CommuneIndex.load(postcodes=["16000"], insee_codes=[])

    assert commune_key("ANGOULEME CEDEX 9") == commune_key("Angoulême")
    found = index.resolve(insee_code="", postcode="16000", name="Angoulême Cedex 9")
    assert found.insee_code == "16015"


def test_an_old_commune_name_ends_at_the_postcodes_nearest_commune(charente):
    for insee_code, name, latitude, longitude in (
        ("16001", "Près", 45.6, 0.1),
        ("16002", "Loin", 46.1, 0.6),
        ("16003", "Autre", 46.2, 2.2),
    ):
        CommuneFactory(
            insee_code=insee_code,
            name=name,
            departement=charente,
            latitude=latitude,
            longitude=longitude,
            postcodes=["16000"],
        )

    index = CommuneIndex.load(postcodes=["16000"], insee_codes=[])

    assert index.resolve(insee_code="", postcode="16000", name="Ancienne commune") is None
    found = index.resolve(
        insee_code="", postcode="16000", name="Ancienne commune", latitude=45.61, longitude=0.11
    )
    assert found.insee_code == "16001"


def test_a_corsican_postcode_looks_in_both_departements():
    assert departements_for_postcode("20000") == ("2A", "2B")
    assert departements_for_postcode("97400") == ("974",)
    ajaccio = CommuneFactory(insee_code="2A004", name="Ajaccio", departement__code="2A")
    CommuneFactory(insee_code="2B033", name="Bastia", departement__code="2B")

    index = CommuneIndex.load(postcodes=["20090"], insee_codes=[])

    found = index.resolve(insee_code="", postcode="20090", name="Ajaccio")
    assert found.insee_code == ajaccio.insee_code


def test_loading_many_postcodes_costs_a_query_per_chunk_not_per_code(
    charente, django_assert_num_queries
):
    CommuneFactory(insee_code="16102", name="Cognac", departement=charente, postcodes=["16100"])
    postcodes = [f"16{n:03d}" for n in range(QUERY_CHUNK + 1)]

    # The départements' communes, then the postcodes (and the same with two digits swapped)
    # a chunk at a time.
    wanted = {*postcodes, *(code for p in postcodes for code in swapped_postcodes(p))}
    with django_assert_num_queries(1 + math.ceil(len(wanted) / QUERY_CHUNK)):
        index = CommuneIndex.load(postcodes=postcodes, insee_codes=[])

    assert index.resolve(insee_code="", postcode="16100", name="Cognac").name == "Cognac"
