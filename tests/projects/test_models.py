import datetime

import pytest
from django.core.exceptions import ValidationError
from stdnum.fr import siret

from projects.models import Maturity
from projects.validators import clean_rna, clean_siret
from tests.factories import CommuneFactory, DepartementFactory
from tests.projects.factories import (
    DeploymentFactory,
    IndicatorFactory,
    SolutionFactory,
    organisation_in,
    valid_siret,
)


def test_factory_sirets_are_distinct_and_hold_their_keys():
    numbers = [valid_siret(n) for n in range(200)]
    assert len(set(numbers)) == 200
    assert all(siret.is_valid(number) for number in numbers)


def test_a_siret_is_checked_by_its_key():
    assert clean_siret("732 829 320 00074") == "73282932000074"
    with pytest.raises(ValidationError, match="clé de contrôle"):
        clean_siret("73282932000075")
    with pytest.raises(ValidationError, match="14 chiffres"):
        clean_siret("7328293200007")


def test_an_rna_number_is_w_and_nine_digits():
    assert clean_rna("w751234567") == "W751234567"
    for wrong in ("W75123456", "751234567", "X751234567", "W75123456A"):
        with pytest.raises(ValidationError, match="RNA"):
            clean_rna(wrong)


@pytest.mark.django_db
def test_an_organisation_needs_a_siret_or_an_rna_number(hub_a):
    organisation = organisation_in(hub_a, siret="", rna="")
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()
    assert "siret" in refused.value.message_dict
    organisation.rna = "w751234567"
    organisation.full_clean()
    assert organisation.rna == "W751234567"
    assert organisation.hub == hub_a


@pytest.mark.django_db
def test_proven_is_earned_by_a_year_of_running_and_evidence(hub_a):
    solution = SolutionFactory(organisation=organisation_in(hub_a), started_on=None)
    assert solution.maturity_shortfalls(Maturity.PILOT) == []
    shortfalls = solution.maturity_shortfalls(Maturity.PROVEN)
    assert len(shortfalls) == 2
    assert "12 mois" in shortfalls[0] and "0 mois" in shortfalls[0]

    solution.started_on = datetime.date.today() - datetime.timedelta(days=400)
    IndicatorFactory(solution=solution)
    assert solution.maturity_shortfalls(Maturity.PROVEN) == []


@pytest.mark.django_db
def test_scaling_takes_three_deployments_in_two_departements(hub_a):
    solution = SolutionFactory(
        organisation=organisation_in(hub_a),
        started_on=datetime.date.today() - datetime.timedelta(days=800),
    )
    IndicatorFactory(solution=solution)
    one, two = DepartementFactory(), DepartementFactory()
    for _ in range(3):
        DeploymentFactory(solution=solution, commune=CommuneFactory(departement=one))
    assert "3 déploiements, 1 département)" in solution.maturity_shortfalls(Maturity.SCALING)[0]

    DeploymentFactory(
        solution=solution,
        commune=CommuneFactory(departement=two),
        started_on=datetime.date.today() - datetime.timedelta(days=90),
        ended_on=datetime.date.today() - datetime.timedelta(days=1),
    )
    assert solution.maturity_shortfalls(Maturity.SCALING), "an ended deployment does not count"

    DeploymentFactory(solution=solution, commune=CommuneFactory(departement=two))
    assert solution.maturity_shortfalls(Maturity.SCALING) == []
