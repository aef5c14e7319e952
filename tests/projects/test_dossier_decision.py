"""The national team records the committee's decision through the approve and reject
transitions' form; the hub reads the decision and the shared comments only."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from hubsite import services as hub_services
from hubsite.transitions import history
from projects import services
from projects.models import Decision, DossierStatus, Outcome
from tests.projects.decision_factories import (
    PRIVATE_NOTE,
    SHARED_COMMENT,
    TOTAL_SHOWN_TO_REVIEWERS,
    approve,
    dossier_in_committee,
    national_user,
    tranches,
)

pytestmark = pytest.mark.django_db


def plain(text: str) -> str:
    """``text`` with its non-breaking spaces (thousands, before €) as plain ones."""
    return text.replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'")


@pytest.fixture
def national(hub_a):
    return national_user(username="equipe-nationale")


@pytest.fixture
def dossier(hub_a, coordinator):
    return dossier_in_committee(hub_a)


def decision_post(dossier, amount="100000", rows=None, **extra):
    data = {
        "amount_granted": amount,
        "conditions": "Associer les départements au comité de suivi.",
        "motivation": "Un projet solide et bien financé.",
        "tranches-TOTAL_FORMS": "4",
        "tranches-INITIAL_FORMS": "0",
        "tranches-MIN_NUM_FORMS": "0",
        "tranches-MAX_NUM_FORMS": "20",
    }
    indicator = dossier.indicators.get()
    rows = rows or [
        ("Première tranche", "60000", "2027-06-01", "agreement", "", ""),
        ("Deuxième tranche", "40000", "2028-06-01", "indicator", str(indicator.pk), "1"),
    ]
    for i, (label, value, date, condition, indicator_pk, year) in enumerate(rows):
        data.update(
            {
                f"tranches-{i}-label": label,
                f"tranches-{i}-amount": value,
                f"tranches-{i}-planned_on": date,
                f"tranches-{i}-condition": condition,
                f"tranches-{i}-indicator": indicator_pk,
                f"tranches-{i}-year": year,
                f"tranches-{i}-condition_text": "",
            }
        )
    return {**data, **extra}


def test_the_committee_approves_with_tranches_and_the_hub_is_told(
    client, dossier, national, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(national)
    url = reverse("dossiers:approve", args=[dossier.pk])
    form = client.get(url)
    assert form.status_code == 200
    page = plain(form.content.decode())
    assert "Tranche 4" in page and "Montant accordé" in page
    assert "demande 120 000 € à la Banque des territoires" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, decision_post(dossier))
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == reverse("projects_follow_up", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPROVED
    decision = dossier.decision
    assert decision.outcome == Outcome.APPROVED and decision.amount_granted == 100_000
    assert decision.decided_by == national
    assert [(t.label, t.amount, t.year) for t in decision.tranches.all()] == [
        ("Première tranche", 60_000, None),
        ("Deuxième tranche", 40_000, 1),
    ]
    assert history(dossier)[0].reason == "Un projet solide et bien financé."
    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert "Accepté" in message.subject
    assert "Montant accordé : 100 000 €" in plain(message.body)
    assert "Deuxième tranche" in message.body
    assert "Indicateur « Personnes accompagnées » renseigné pour l'année 1" in message.body
    assert PRIVATE_NOTE not in message.body


@pytest.mark.parametrize(
    "amount, rows, message",
    [
        ("130000", None, "dépasse ce que le plan de financement demande"),
        (
            "100000",
            [("Seule tranche", "90000", "2027-06-01", "agreement", "", "")],
            "elles doivent faire le montant accordé",
        ),
        (
            "100000",
            [("Seule tranche", "100000", "2027-06-01", "other", "", "")],
            "décrivez la condition de versement",
        ),
        (
            "100000",
            [("Seule tranche", "100000", "2027-06-01", "indicator", "", "")],
            "choisissez un indicateur du dossier",
        ),
    ],
)
def test_a_decision_that_breaks_a_rule_is_refused_with_what_was_typed(
    client, dossier, national, amount, rows, message
):
    client.force_login(national)
    response = client.post(
        reverse("dossiers:approve", args=[dossier.pk]), decision_post(dossier, amount, rows)
    )
    assert response.status_code == 200
    page = plain(response.content.decode())
    assert message in page
    assert "Un projet solide et bien financé." in page  # nothing lost
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.COMMITTEE
    assert not Decision.objects.exists()


def test_the_amount_stays_within_what_is_left_of_the_envelope(hub_a, hub_b, national):
    first = dossier_in_committee(hub_a, envelope=150_000)
    approve(first, national, amount=100_000)
    second = dossier_in_committee(hub_b)
    second.call = first.call
    second.save()
    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            dossier=second,
            by=national,
            outcome=Outcome.APPROVED,
            motivation="Bien.",
            amount_granted=60_000,
            tranches=tranches(second, (30_000, 30_000)),
        )
    assert "ce qui reste de l'enveloppe de l'appel (50 000 €)" in plain(
        " ".join(refused.value.messages)
    )
    assert second.status == DossierStatus.COMMITTEE


def test_a_refusal_owes_its_reasons_and_its_motivation(client, dossier, national):
    client.force_login(national)
    url = reverse("dossiers:reject", args=[dossier.pk])
    response = client.post(url, {"reasons": "", "motivation": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"reasons", "motivation"}
    response = client.post(
        url, {"reasons": "Le modèle ne tient pas en année 3.", "motivation": "Trop fragile."}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.REJECTED
    assert dossier.decision.reasons == "Le modèle ne tient pas en année 3."
    assert dossier.decision.amount_granted is None


def test_no_dossier_is_approved_without_its_decision(dossier, national):
    with pytest.raises(ValidationError, match="Enregistrez la décision du comité"):
        hub_services.move(dossier, to=DossierStatus.APPROVED, by=national, reason="Oui")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.COMMITTEE


def test_the_hub_cannot_record_a_decision(client, dossier, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("dossiers:approve", args=[dossier.pk]), decision_post(dossier))
    assert response.status_code == 403 or response.url == "/admin/"
    assert not Decision.objects.exists()


@pytest.mark.parametrize("names_shared", [False, True])
def test_the_hub_sees_the_decision_and_shared_comments_and_nothing_private(
    client, hub_a, coordinator, national, names_shared
):
    dossier = dossier_in_committee(hub_a, reviewer_names_shared=names_shared)
    approve(dossier, national)
    client.force_login(coordinator)
    response = client.get(reverse("projects_follow_up", args=[dossier.pk]))
    assert response.status_code == 200
    page = plain(response.content.decode())
    assert "Accepté" in page and "Un projet solide et bien financé." in page
    assert "Associer les départements au comité de suivi." in page
    assert "Première tranche" in page and "Deuxième tranche" in page
    assert SHARED_COMMENT in page
    assert PRIVATE_NOTE not in page
    assert "Note pour le comité" not in page
    for total in TOTAL_SHOWN_TO_REVIEWERS:
        assert total not in page
    assert "/ 100" not in page and "Favorable" not in page
    # The reviewers' names only when the call shares them.
    assert ("Claire Morel" in page) is names_shared
    assert "Le Gall" not in page  # the second reviewer shared no comment
    # The hub cannot release a tranche.
    assert "Verser" not in page


def test_another_hub_does_not_see_the_decision(client, hub_a, hub_b, national):
    from tests.factories import UserFactory

    dossier = dossier_in_committee(hub_a)
    approve(dossier, national)
    client.force_login(UserFactory(groups=[hub_b.group]))
    assert client.get(reverse("projects_follow_up", args=[dossier.pk])).status_code == 404
