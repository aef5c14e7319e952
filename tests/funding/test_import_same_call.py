"""Two rows of one file about the same call (one by its id, the other by its funder and
title) are not both written over it: the second is rejected, saying which row it repeats."""

from decimal import Decimal

import pytest

from funding.importer import import_calls_file
from funding.models import Call
from tests.funding.call_mapping import bretagne_catalogue
from tests.funding.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

HEADER = "Réf;Titre;Financeur;Programme;Plafond\n"
SPEC = {
    "fields": {
        "external_id": {"column": "Réf"},
        "title": {"column": "Titre"},
        "funder": {"column": "Financeur"},
        "programme": {"column": "Programme"},
        "amount_max": {"column": "Plafond"},
    },
    "values": {},
}


def csv(*lines: str) -> bytes:
    return (HEADER + "".join(f"{line}\n" for line in lines)).encode()


@pytest.fixture
def by_hand(db):
    region = bretagne_catalogue()[0]
    programme = ProgrammeFactory(funder=region, name="FEDER")
    return CallFactory(programme=programme, title="Former les aidants", amount_max=Decimal(500))


@pytest.mark.parametrize(
    "lines",
    [
        (
            "A1;Former les aidants;Région Bretagne;FEDER;1000",
            ";Former les aidants;Région Bretagne;FEDER;2000",
        ),
        (
            ";Former les aidants;Région Bretagne;FEDER;1000",
            "A1;Former les aidants;Région Bretagne;FEDER;2000",
        ),
    ],
    ids=["id-then-title", "title-then-id"],
)
def test_a_call_named_twice_in_one_file_is_written_once(by_hand, lines):
    report = import_calls_file(csv(*lines), spec=SPEC, filename="appels.csv", source="bzh")

    assert [(p.row, p.message) for p in report.rejected] == [(3, "même appel qu'à la ligne 2")]
    assert len(report.updated) == 1 and not report.created
    by_hand.refresh_from_db()
    assert by_hand.amount_max == Decimal(1000)
    assert Call.objects.count() == 1


def test_a_new_call_named_again_by_its_title_is_not_created_twice(by_hand):
    lines = (
        "B7;Équiper les lieux;Région Bretagne;FEDER;1000",
        ";Équiper les lieux;Région Bretagne;FEDER;2000",
    )
    report = import_calls_file(csv(*lines), spec=SPEC, filename="appels.csv", source="bzh")

    assert [(p.row, p.message) for p in report.rejected] == [(3, "même appel qu'à la ligne 2")]
    assert Call.objects.filter(title="Équiper les lieux").count() == 1


def test_two_ids_of_one_title_stay_two_calls(by_hand):
    lines = (
        "B7;Équiper les lieux;Région Bretagne;FEDER;1000",
        "B8;Équiper les lieux;Région Bretagne;FEDER;2000",
    )
    report = import_calls_file(csv(*lines), spec=SPEC, filename="appels.csv", source="bzh")

    assert not report.rejected
    assert Call.objects.filter(title="Équiper les lieux").count() == 2
