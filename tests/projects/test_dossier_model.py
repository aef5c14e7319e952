import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.economics import SourceKind
from projects.models import Dossier
from tests.factories import HubFactory
from tests.projects.review_factories import (
    DossierFactory,
    ProjectCallFactory,
    budget,
    the_call_s_rules,
)

pytestmark = pytest.mark.django_db


def test_a_dossier_s_model_is_judged_by_its_call_s_rules(hub_a):
    call = ProjectCallFactory()
    the_call_s_rules(call)
    dossier = DossierFactory(call=call, hub=hub_a)
    budget(
        dossier,
        (100_000, 100_000, 100_000),
        (SourceKind.FUNDER, (70_000, 50_000, 40_000)),
        (SourceKind.OWN, (10_000, 14_000, 18_000)),
        (SourceKind.LOCAL, (20_000, 36_000, 42_000)),
    )
    funder, own = dossier.rule_results()
    assert funder.passed is False and "53,3 % du budget" in funder.message
    assert own.passed is False
    assert own.message == (
        "En année 3, les recettes propres couvrent 18 % des coûts ; "
        "l'appel en demande au moins 30 %."
    )

    dossier.financing.filter(source=SourceKind.OWN).update(year3=30_000)
    dossier.financing.filter(source=SourceKind.FUNDER).update(year1=50_000)
    assert all(result.passed for result in dossier.rule_results())


def test_a_call_s_models_cost_the_same_queries_whatever_the_number_of_dossiers(home):
    call = ProjectCallFactory()
    the_call_s_rules(call)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            dossiers = (
                Dossier.objects.filter(call=call)
                .select_related("call")
                .prefetch_related("expenses", "financing", "call__rules")
            )
            for dossier in dossiers:
                dossier.rule_results()
        return len(captured)

    for _ in range(2):
        budget(
            DossierFactory(call=call, hub=HubFactory()), (10, 10, 10), (SourceKind.OWN, (5, 5, 5))
        )
    few = queries()
    for _ in range(4):
        budget(
            DossierFactory(call=call, hub=HubFactory()), (10, 10, 10), (SourceKind.OWN, (5, 5, 5))
        )
    assert queries() == few <= 4
