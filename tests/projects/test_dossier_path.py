"""A hub writes its dossier in the admin, sees a rule of the call fail, fixes its model and
sends it; the national team instructs it; every move is kept and told."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from hubsite.roles import NATIONAL_TEAM
from hubsite.transitions import history
from projects.economics import SourceKind
from projects.models import Dossier, DossierStatus
from tests.factories import UserFactory
from tests.projects.dossier_forms import management_form
from tests.projects.review_factories import (
    DossierFactory,
    ProjectCallFactory,
    budget,
    the_call_s_rules,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    call = ProjectCallFactory(opens_on="2026-01-01", closes_on="2099-12-31")
    the_call_s_rules(call)
    return call


@pytest.fixture
def national(hub_a):
    return UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)], email="national@example.org")


def dossier_post(hub, call, *, own_year3: int, funder: tuple = (50_000, 40_000, 30_000)) -> dict:
    """The admin form as a browser sends it: the project, one expense, two financing lines."""
    data = {
        "hub": hub.pk,
        "call": call.pk,
        "title": "Essaimer les ateliers numériques",
        "summary": "Trois ateliers itinérants dans les communes rurales.",
        "objectives": "Accompagner 2 000 personnes en trois ans.",
        "departements": [d.pk for d in hub.departements.all()],
        "priority_neighbourhoods": "",
        "expenses-TOTAL_FORMS": "1",
        "expenses-INITIAL_FORMS": "0",
        "expenses-MIN_NUM_FORMS": "0",
        "expenses-MAX_NUM_FORMS": "1000",
        "expenses-0-category": "staff",
        "expenses-0-label": "Deux médiateurs",
        "expenses-0-year1": "100000",
        "expenses-0-year2": "100000",
        "expenses-0-year3": "100000",
        "financing-TOTAL_FORMS": "2",
        "financing-INITIAL_FORMS": "0",
        "financing-MIN_NUM_FORMS": "0",
        "financing-MAX_NUM_FORMS": "1000",
        "financing-0-source": SourceKind.FUNDER,
        "financing-0-label": "Banque des territoires",
        "financing-0-year1": str(funder[0]),
        "financing-0-year2": str(funder[1]),
        "financing-0-year3": str(funder[2]),
        "financing-1-source": SourceKind.OWN,
        "financing-1-label": "Ateliers payants pour les entreprises",
        "financing-1-year1": "10000",
        "financing-1-year2": "15000",
        "financing-1-year3": str(own_year3),
        "financing-1-secured": "on",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
        "indicators-0-label": "Personnes accompagnées",
        "indicators-0-unit": "personnes",
        "indicators-0-baseline": "0",
        "indicators-0-target_year1": "500",
        "indicators-0-target_year2": "700",
        "indicators-0-target_year3": "800",
    }
    for prefix in ("actions", "partners", "documents"):
        data.update(management_form(prefix))
    return data


def test_the_hub_sees_a_rule_fail_fixes_its_model_and_sends_it(
    client, coordinator, hub_a, call, national, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    created = client.post(reverse("dossiers:add"), dossier_post(hub_a, call, own_year3=18_000))
    assert created.status_code == 302, created.context and created.context["form"].errors
    dossier = Dossier.objects.get(hub=hub_a, call=call)
    assert dossier.status == DossierStatus.DRAFT

    edit = client.get(reverse("dossiers:edit", args=[dossier.pk]))
    assert (
        "En année 3, les recettes propres couvrent 18 % des coûts ; "
        "l&#x27;appel en demande au moins 30 %." in edit.content.decode()
    )
    assert "Non respectée" in edit.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in edit.content.decode()

    refused = client.post(reverse("dossiers:submit", args=[dossier.pk]), {"reason": ""})
    assert refused.status_code == 200
    assert "18 % des coûts" in refused.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and not dossier.versions.exists()

    fixed = dossier_post(hub_a, call, own_year3=32_000)
    for prefix, lines in (
        ("expenses", dossier.expenses.all()),
        ("financing", dossier.financing.all()),
        ("indicators", dossier.indicators.all()),
    ):
        fixed[f"{prefix}-INITIAL_FORMS"] = str(len(lines))
        for i, line in enumerate(lines):
            fixed[f"{prefix}-{i}-id"] = str(line.pk)
    assert client.post(reverse("dossiers:edit", args=[dossier.pk]), fixed).status_code == 302
    assert (
        "Respectée" in client.get(reverse("dossiers:inspect", args=[dossier.pk])).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("dossiers:submit", args=[dossier.pk]), {"reason": ""})
    assert sent.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    [version] = dossier.versions.all()
    assert version.number == 1 and version.submitted_by == coordinator
    assert version.content["financing"][1]["year3"] == "32000"
    assert version.content["indicators"] == [
        {
            "id": dossier.indicators.get().pk,  # versions match their lines by id
            "label": "Personnes accompagnées",
            "unit": "personnes",
            "baseline": "0.00",
            "target_year1": "500.00",
            "target_year2": "700.00",
            "target_year3": "800.00",
        }
    ]
    assert [m.to for m in mail.outbox] == [["national@example.org"]]
    assert "Dossier déposé" in mail.outbox[0].subject

    # Sent, it is no longer the hub's to change.
    edit_again = client.get(reverse("dossiers:edit", args=[dossier.pk]))
    assert edit_again.status_code == 302
    assert edit_again.url == reverse("dossiers:inspect", args=[dossier.pk])


def test_the_national_team_instructs_and_the_hub_is_told_with_the_reason(
    client, coordinator, hub_a, call, national, django_capture_on_commit_callbacks
):
    coordinator.email = "hub@example.org"
    coordinator.save()
    dossier = DossierFactory(
        hub=hub_a, call=call, status=DossierStatus.IN_REVIEW, summary="Un projet"
    )
    client.force_login(national)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dossiers:ask_changes", args=[dossier.pk]),
            {"reason": "Précisez le plan de financement de l'année 3."},
        )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.CHANGES_REQUESTED
    assert history(dossier)[0].reason == "Précisez le plan de financement de l'année 3."
    [message] = mail.outbox
    assert message.to == ["hub@example.org"]
    assert "Précisez le plan de financement" in message.body
    assert "Compléments demandés" in message.subject


def test_the_hub_cannot_decide_and_the_national_team_cannot_send(
    client, coordinator, hub_a, call, national
):
    in_committee = DossierFactory(hub=hub_a, call=call, status=DossierStatus.COMMITTEE)
    client.force_login(coordinator)
    client.post(reverse("dossiers:approve", args=[in_committee.pk]), {"reason": "Je m'accepte"})
    in_committee.refresh_from_db()
    assert in_committee.status == DossierStatus.COMMITTEE

    draft = DossierFactory(hub=hub_a, call=ProjectCallFactory(), summary="Un projet")
    budget(draft, (10, 10, 10), (SourceKind.OWN, (10, 10, 10)))
    client.force_login(national)
    client.post(reverse("dossiers:submit", args=[draft.pk]), {"reason": ""})
    draft.refresh_from_db()
    assert draft.status == DossierStatus.DRAFT


def test_a_dossier_names_only_its_hub_s_departements(client, coordinator, hub_a, hub_b, call):
    client.force_login(coordinator)
    data = dossier_post(hub_a, call, own_year3=32_000)
    data["departements"] = [hub_b.departements.first().pk]
    response = client.post(reverse("dossiers:add"), data)
    assert response.status_code == 200
    assert not Dossier.objects.exists()
    forged_hub = dossier_post(hub_b, call, own_year3=32_000)
    response = client.post(reverse("dossiers:add"), forged_hub)
    assert response.status_code == 200 and "hub" in response.context["form"].errors
    assert not Dossier.objects.exists()


def test_a_hub_sends_one_dossier_per_call(client, coordinator, hub_a, call):
    DossierFactory(hub=hub_a, call=call)
    client.force_login(coordinator)
    response = client.post(reverse("dossiers:add"), dossier_post(hub_a, call, own_year3=32_000))
    assert response.status_code == 200
    assert "déjà un dossier" in response.content.decode()
