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


# --- When a field is wrong: each fix said, none a rejection ---------------------------------


@pytest.fixture
def places(charente):
    other = DepartementFactory(code="24", name="Dordogne")
    return {
        "cognac": CommuneFactory(
            insee_code="16102", name="Cognac", departement=charente, postcodes=["16100"]
        ),
        "roullet": CommuneFactory(
            insee_code="16287",
            name="Roullet-Saint-Estèphe",
            departement=charente,
            postcodes=["16440"],
        ),
        "bourg16": CommuneFactory(
            insee_code="16056",
            name="Bourg-Charente",
            departement=charente,
            postcodes=["16200"],
            latitude=45.67,
            longitude=-0.22,
        ),
        "unique": CommuneFactory(
            insee_code="24037", name="Bergerac", departement=other, postcodes=["24100"]
        ),
        "martin16": CommuneFactory(
            insee_code="16341",
            name="Saint-Martin",
            departement=charente,
            postcodes=["16600"],
            latitude=45.65,
            longitude=0.2,
        ),
        "martin24": CommuneFactory(
            insee_code="24450",
            name="Saint-Martin",
            departement=other,
            postcodes=["24680"],
            latitude=45.0,
            longitude=0.7,
        ),
    }


def resolve(index, **row):
    row.setdefault("insee_code", "")
    return index.resolve_fixing(**row)


def test_a_postcode_with_two_digits_swapped_is_corrected_with_a_warning(places):
    index = CommuneIndex.load(postcodes=["16010"], insee_codes=[], names=["Cognac"])

    found = resolve(index, postcode="16010", name="Cognac")

    assert found.commune.insee_code == "16102" and found.postcode == "16100"
    assert found.fixes == ["code postal 16010 corrigé en 16100 (chiffres inversés) : Cognac"]


def test_a_former_communes_name_finds_the_commune_it_merged_into(places):
    # La Poste's 5th address line: Saint-Estèphe is now part of Roullet-Saint-Estèphe.
    index = CommuneIndex.load(postcodes=["16440"], insee_codes=[], names=["Saint-Estèphe"])

    found = resolve(index, postcode="16440", name="Saint-Estèphe")

    assert found.commune.insee_code == "16287"
    assert found.fixes == [
        "« Saint-Estèphe » est une ancienne commune ou un lieu-dit de Roullet-Saint-Estèphe : "
        "commune Roullet-Saint-Estèphe (16287) retenue"
    ]


def test_a_name_unique_in_france_wins_over_a_wrong_postcode(places):
    index = CommuneIndex.load(postcodes=["16100"], insee_codes=[], names=["Bergerac"])

    found = resolve(index, postcode="16100", name="Bergerac")

    assert found.commune.insee_code == "24037"
    assert "ne dessert pas Bergerac" in found.fixes[0]


def test_a_name_borne_by_several_communes_takes_the_one_nearest_the_coordinates(places):
    index = CommuneIndex.load(postcodes=["75001"], insee_codes=[], names=["Saint-Martin"])

    near_dordogne = resolve(
        index, postcode="75001", name="Saint-Martin", latitude=45.01, longitude=0.69
    )
    far_from_both = resolve(
        index, postcode="75001", name="Saint-Martin", latitude=48.85, longitude=2.35
    )

    assert near_dordogne.commune.insee_code == "24450" and near_dordogne.fixes
    assert far_from_both.commune is None


def test_an_arrondissements_code_or_name_finds_its_city(db):
    paris = CommuneFactory(
        insee_code="75056",
        name="Paris",
        departement=DepartementFactory(code="75"),
        postcodes=["75011"],
    )
    index = CommuneIndex.load(postcodes=["75011"], insee_codes=["75111"], names=["Paris 11e"])

    by_code = resolve(index, insee_code="75111", postcode="75011", name="Paris")
    by_name = resolve(index, postcode="75011", name="Paris 11e Arrondissement")

    assert by_code.commune == by_name.commune
    assert by_code.commune.insee_code == paris.insee_code
    assert by_code.fixes == ["code INSEE 75111 (un arrondissement) lu comme Paris (75056)"]
    assert by_name.fixes == []


def test_a_right_address_needs_no_fix(places):
    index = CommuneIndex.load(postcodes=["16100"], insee_codes=["16102"], names=["Cognac"])

    assert resolve(index, insee_code="16102", postcode="16100", name="COGNAC").fixes == []
    assert resolve(index, postcode="16100", name="Cognac").fixes == []


def test_resolving_names_costs_a_query_per_chunk_not_per_name(places, django_assert_num_queries):
    names = [f"Commune {n}" for n in range(QUERY_CHUNK + 1)]
    # Départements; names in two chunks; the postcode and its swaps in one.
    with django_assert_num_queries(4):
        CommuneIndex.load(postcodes=["16100"], insee_codes=[], names=names)
