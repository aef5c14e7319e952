"""The applications' admin: a coordinator builds a plan, sees a cap exceeded, fixes it,
submits, records the grant; partners inspect; the pipeline keeps its history."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import Application, Deadline, DeadlineKind, FinancingLine, SourceType, Status
from hubsite.roles import NATIONAL_TEAM, role_group
from hubsite.transitions import history
from tests.factories import HubFactory, UserFactory, coordinator_of
from tests.funding.factories import ApplicationFactory, CallFactory, balanced_plan, line

pytestmark = pytest.mark.django_db

INLINES = ("plan", "payments", "deadlines", "documents")


def form_data(application: Application, **overrides) -> dict:
    """What the application's edit form posts, its inlines as they are stored."""
    data = {
        "title": application.title,
        "call": application.call_id,
        "hub": application.hub_id,
        "partner_hubs": [hub.pk for hub in application.partner_hubs.all()],
        "solutions": [],
        "description": application.description,
        "total_budget": str(application.total_budget),
        "amount_requested": str(application.amount_requested),
        "amount_granted": ""
        if application.amount_granted is None
        else str(application.amount_granted),
        "submitted_on": "",
        "decided_on": "",
        "agreement_signed_on": "",
        "agreement_ends_on": "",
        "final_report_due_on": "",
    }
    for name in INLINES:
        rows = list(getattr(application, name).all())
        data.update(
            {
                f"{name}-TOTAL_FORMS": len(rows),
                f"{name}-INITIAL_FORMS": len(rows),
                f"{name}-MIN_NUM_FORMS": 0,
                f"{name}-MAX_NUM_FORMS": 1000,
            }
        )
        for index, row in enumerate(rows):
            data[f"{name}-{index}-id"] = row.pk
            if name == "plan":
                data.update(
                    {
                        f"plan-{index}-source_type": row.source_type,
                        f"plan-{index}-funder": row.funder_id or "",
                        f"plan-{index}-label": row.label,
                        f"plan-{index}-amount": str(row.amount),
                        f"plan-{index}-status": row.status,
                    }
                )
                if row.is_requested:
                    data[f"plan-{index}-is_requested"] = "on"
    data.update(overrides)
    return data


def move_url(name, application) -> str:
    return reverse(f"funding_applications:{name}", args=[application.pk])


@pytest.fixture
def application(hub_a):
    call = CallFactory(rate_cap=Decimal(50), eu_rate_cap=Decimal(60), title="FEDER inclusion")
    return ApplicationFactory(hub=hub_a, call=call, title="Médiateurs itinérants")


def test_the_coordinator_sees_a_cap_exceeded_fixes_it_and_submits(client, coordinator, application):
    line(application, SourceType.EU, 70000, is_requested=True)
    line(application, SourceType.OWN, 30000)
    client.force_login(coordinator)

    page = client.get(reverse("funding_applications:edit", args=[application.pk])).content.decode()
    assert "dépasse le taux maximal de l&#x27;appel" in page
    refused = client.post(move_url("submit", application), {})
    assert refused.status_code == 200
    assert "dépasse le taux maximal de l&#x27;appel" in refused.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.PREPARING

    data = form_data(application, **{"plan-0-amount": "50000", "plan-1-amount": "50000"})
    response = client.post(reverse("funding_applications:edit", args=[application.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert sorted(FinancingLine.objects.values_list("amount", flat=True)) == [50000, 50000]
    inspect = client.get(response.url).content.decode()
    assert "respecte les règles de l'appel" in inspect

    assert client.post(move_url("submit", application), {}).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert [(move.source, move.target) for move in history(application)] == [
        ("En préparation", "Déposé")
    ]


def test_a_grant_needs_its_amount_and_a_refusal_its_reason(client, coordinator, application):
    balanced_plan(application)
    Application.objects.filter(pk=application.pk).update(status=Status.INSTRUCTION)
    client.force_login(coordinator)

    response = client.post(move_url("grant", application), {})
    assert "Indiquez d&#x27;abord le montant accordé" in response.content.decode()
    response = client.post(move_url("reject", application), {"reason": ""})
    assert response.status_code == 200 and "Obligatoire" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.INSTRUCTION

    client.post(move_url("reject", application), {"reason": "Hors périmètre du programme"})
    assert history(application)[0].reason == "Hors périmètre du programme"


def test_saving_an_application_derives_its_deadlines(client, coordinator, application):
    balanced_plan(application)
    client.force_login(coordinator)
    data = form_data(application, final_report_due_on="2027-06-30", agreement_ends_on="2027-03-31")
    client.post(reverse("funding_applications:edit", args=[application.pk]), data)
    kinds = dict(Deadline.objects.filter(application=application).values_list("kind", "due_on"))
    assert set(kinds) == {DeadlineKind.CALL, DeadlineKind.REPORT, DeadlineKind.AGREEMENT_END}
    assert str(kinds[DeadlineKind.REPORT]) == "2027-06-30"


def test_partners_list_and_inspect_a_shared_application_but_cannot_edit_it(
    client, application, hub_b
):
    application.partner_hubs.add(hub_b)
    partner = coordinator_of(hub_b)
    client.force_login(partner)
    assert (
        "Médiateurs itinérants"
        in client.get(reverse("funding_applications:index")).content.decode()
    )
    inspect = client.get(reverse("funding_applications:inspect", args=[application.pk]))
    assert inspect.status_code == 200
    assert "Modifier la candidature" not in inspect.content.decode()
    assert (
        client.get(reverse("funding_applications:edit", args=[application.pk])).status_code == 404
    )
    refused = client.post(move_url("submit", application), {})
    assert refused.status_code in (403, 404) or refused.url == "/admin/"
    assert Application.objects.get(pk=application.pk).status == Status.PREPARING


def test_another_hub_neither_lists_nor_inspects_an_application(client, application, hub_b):
    client.force_login(coordinator_of(hub_b))
    assert (
        "Médiateurs itinérants"
        not in client.get(reverse("funding_applications:index")).content.decode()
    )
    assert (
        client.get(reverse("funding_applications:inspect", args=[application.pk])).status_code
        == 404
    )


def test_the_national_team_sees_every_application_and_exports_them_defused(client, application):
    application.title = '=HYPERLINK("http://x")'
    application.save()
    national = UserFactory(groups=[role_group(NATIONAL_TEAM)])
    client.force_login(national)
    response = client.get(reverse("funding_applications:index") + "?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))
    titles = [row[0] for row in rows[1:]]
    assert titles == ['\'=HYPERLINK("http://x")']


def test_the_listing_costs_the_same_queries_for_more_applications(
    client, coordinator, application, hub_a, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("funding_applications:index")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ApplicationFactory.create_batch(15, hub=hub_a, call=application.call)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_partners_comment_and_strangers_cannot(client, application, hub_b, coordinator):
    application.partner_hubs.add(hub_b)
    client.force_login(coordinator_of(hub_b))
    url = reverse("funding_applications:comment", args=[application.pk])
    assert client.post(url, {"text": "Nous apportons 5 000 € "}).status_code == 302
    assert client.post(url, {"text": "   "}).status_code == 302  # refused with a message
    assert list(application.comments.values_list("text", flat=True)) == ["Nous apportons 5 000 €"]
    client.force_login(coordinator_of(HubFactory()))
    assert client.post(url, {"text": "Intrus"}).status_code == 404
    assert application.comments.count() == 1
    client.force_login(coordinator)
    page = client.get(reverse("funding_applications:inspect", args=[application.pk])).content
    assert "Nous apportons 5 000 €" in page.decode()
