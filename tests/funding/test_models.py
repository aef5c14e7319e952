"""Calls' deadlines and perimeters, applications' visibility and permissions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from funding.models import Application, Call, CallRound, Perimeter, Schedule
from funding.models.calls import add_months
from funding.permissions import can_edit, can_view
from tests.factories import HubFactory, UserFactory, coordinator_of
from tests.funding.factories import ApplicationFactory, CallFactory

DAY = datetime.date(2026, 3, 10)


def test_months_are_added_within_the_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)


@pytest.mark.django_db
def test_a_recurring_call_computes_its_next_date():
    call = CallFactory(
        deadline_kind=Schedule.RECURRING,
        deadline_on=datetime.date(2025, 1, 15),
        recurrence_months=6,
    )
    assert call.next_deadline(DAY) == datetime.date(2026, 7, 15)
    assert call.next_deadline(datetime.date(2026, 7, 15)) == datetime.date(2026, 7, 15)
    assert call.next_deadline(datetime.date(2026, 7, 16)) == datetime.date(2027, 1, 15)


@pytest.mark.django_db
def test_a_call_in_rounds_takes_its_next_round_and_stores_it():
    call = CallFactory(deadline_kind=Schedule.ROUNDS, deadline_on=None)
    CallRound.objects.create(call=call, deadline_on=DAY)
    CallRound.objects.create(call=call, deadline_on=DAY + datetime.timedelta(days=60))
    assert call.next_deadline(DAY + datetime.timedelta(days=1)) == DAY + datetime.timedelta(days=60)
    assert call.next_deadline(DAY + datetime.timedelta(days=90)) == DAY + datetime.timedelta(
        days=60
    )
    call.save()  # the stored date is read from the rounds once they are written
    assert Call.objects.get(pk=call.pk).next_deadline_on == call.next_deadline()


@pytest.mark.django_db
def test_a_rolling_call_is_always_open_and_a_closed_one_is_not():
    rolling = CallFactory(deadline_kind=Schedule.ROLLING, deadline_on=None)
    closed = CallFactory(deadline_on=DAY - datetime.timedelta(days=1))
    soon = CallFactory(deadline_on=DAY + datetime.timedelta(days=5))
    later = CallFactory(deadline_on=DAY + datetime.timedelta(days=50))
    not_yet = CallFactory(
        opens_on=DAY + datetime.timedelta(days=2), deadline_on=DAY + datetime.timedelta(days=9)
    )
    assert set(Call.objects.open_on(DAY)) == {rolling, soon, later}
    assert set(Call.objects.closing_within(DAY, 10)) == {soon, not_yet}
    assert closed not in Call.objects.open_on(DAY)


@pytest.mark.django_db
def test_a_call_checks_its_dates_and_amounts_in_french():
    call = CallFactory.build(
        deadline_kind=Schedule.RECURRING,
        deadline_on=None,
        amount_min=10,
        amount_max=5,
        lump_sums=["trente mille"],
    )
    with pytest.raises(ValidationError) as error:
        call.clean()
    assert set(error.value.message_dict) == {
        "deadline_on",
        "recurrence_months",
        "amount_max",
        "lump_sums",
    }
    assert "Indiquez la date limite de l'appel." in error.value.message_dict["deadline_on"]


@pytest.mark.django_db
def test_a_call_covers_a_hub_by_france_region_or_departement(hub_a, hub_b):
    departement = hub_a.departements.first()
    national = CallFactory(perimeter=Perimeter.FRANCE)
    regional = CallFactory(perimeter=Perimeter.REGIONS)
    regional.regions.add(departement.region)
    local = CallFactory(perimeter=Perimeter.DEPARTEMENTS)
    local.departements.add(departement)
    elsewhere = CallFactory(perimeter=Perimeter.DEPARTEMENTS)
    elsewhere.departements.add(hub_b.departements.first())
    covering_a = set(Call.objects.covering(hub_a))
    assert {national, regional, local} <= covering_a
    assert elsewhere not in covering_a


@pytest.mark.django_db
def test_partner_hubs_see_a_shared_application_but_only_the_lead_hub_edits_it(hub_a, hub_b, home):
    lead, partner = coordinator_of(hub_a), coordinator_of(hub_b)
    stranger = coordinator_of(HubFactory())
    application = ApplicationFactory(hub=hub_a)
    application.partner_hubs.add(hub_b)
    alone = ApplicationFactory(hub=hub_a, title="Seul")
    assert set(Application.objects.visible_to(lead)) == {application, alone}
    assert list(Application.objects.visible_to(partner)) == [application]
    assert not Application.objects.visible_to(stranger).exists()
    assert not Application.objects.visible_to(UserFactory()).exists()
    assert can_view(partner, application) and not can_edit(partner, application)
    assert can_view(lead, application) and can_edit(lead, application)
    assert not can_view(stranger, application)
    assert not can_view(partner, alone)
