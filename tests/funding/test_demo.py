"""The funding demo: real co-financing rules in its calls, applications at every stage."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from funding import cofinancing
from funding.models import Application, Call, Status

pytestmark = pytest.mark.django_db


def test_the_demo_loads_calls_and_applications_at_every_stage_once(hub_a, hub_b):
    out = io.StringIO()
    call_command("load_demo_funding", stdout=out)
    assert "8 appels" in out.getvalue()
    erasmus = Call.objects.get(title__startswith="Erasmus+")
    assert erasmus.lump_sums == [30000, 60000]
    assert Call.objects.get(title__startswith="LEADER").public_aid_cap == Decimal(80)
    assert {call.eu_rate_cap for call in Call.objects.filter(title__startswith="FEDER")} == {
        Decimal(40),
        Decimal(60),
        Decimal(85),
    }
    assert all(call.next_deadline_on for call in Call.objects.exclude(deadline_kind="rolling"))
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    for application in Application.objects.filter(status=Status.SUBMITTED):
        assert cofinancing.problems(cofinancing.plan_of(application)) == []
    count = Application.objects.count()

    call_command("load_demo_funding", stdout=io.StringIO())
    assert Application.objects.count() == count and Call.objects.count() == 8
