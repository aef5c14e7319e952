"""The funding dashboards: a hub's and the national one, their figures checked against data
built by hand, their charts with tables beside, their cost in queries at two data sizes,
and who may open them (forged URLs)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding import dashboards
from funding.models import Deadline, DeadlineKind, FunderType, LineStatus, SourceType, Status
from hubsite.roles import FUNDER_REVIEWERS, NATIONAL_TEAM, role_group
from tests.factories import UserFactory, coordinator_of
from tests.funding.factories import (
    ApplicationFactory,
    CallFactory,
    FunderFactory,
    ProgrammeFactory,
    line,
    payment,
)
from tests.projects.factories import mediator_of, organisation_in

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
EU = FunderType.EU
FOUNDATION = FunderType.FOUNDATION


def call_of(funder_type: str):
    funder = FunderFactory(name=f"Financeur {funder_type}", type=funder_type)
    return CallFactory(programme=ProgrammeFactory(funder=funder))


def granted(hub, call, *, amount, year, status=Status.GRANTED, **fields):
    return ApplicationFactory(
        hub=hub,
        call=call,
        status=status,
        amount_requested=Decimal(amount),
        amount_granted=Decimal(amount),
        decided_on=datetime.date(year, 6, 1),
        **fields,
    )


@pytest.fixture
def national():
    return UserFactory(groups=[role_group(NATIONAL_TEAM)])


@pytest.fixture
def books(hub_a, hub_b):
    """Hub A: an EU grant of 40,000 in 2024 with 10,000 secured from the region (and 5,000
    pending, not counted), paid 15,000; a foundation's partial grant of 8,000 in 2025; an EU
    refusal; an application in preparation. Hub B: an EU grant of 100,000 in 2025."""
    eu, foundation = call_of(EU), call_of(FOUNDATION)
    first = granted(hub_a, eu, amount=40000, year=2024, status=Status.PAYMENTS)
    line(first, SourceType.EU, 40000, is_requested=True)
    line(first, SourceType.LOCAL, 10000, status=LineStatus.SECURED)
    line(first, SourceType.PRIVATE, 5000, status=LineStatus.PENDING)
    payment(first, amount=15000, received_on=TODAY)
    payment(first, amount=25000)  # not received yet
    granted(hub_a, foundation, amount=8000, year=2025, status=Status.PARTLY_GRANTED)
    ApplicationFactory(hub=hub_a, call=eu, status=Status.REJECTED, amount_requested=Decimal(9000))
    preparing = ApplicationFactory(hub=hub_a, call=eu, amount_requested=Decimal(30000))
    Deadline.objects.create(
        application=preparing, kind=DeadlineKind.CALL, due_on=TODAY + datetime.timedelta(days=10)
    )
    Deadline.objects.create(
        application=preparing, kind=DeadlineKind.OTHER, due_on=TODAY + datetime.timedelta(days=90)
    )
    Deadline.objects.create(
        application=first,
        kind=DeadlineKind.REPORT,
        label="Bilan intermédiaire",
        due_on=TODAY - datetime.timedelta(days=3),
    )
    Deadline.objects.create(
        application=first,
        kind=DeadlineKind.REPORT,
        due_on=TODAY - datetime.timedelta(days=30),
        done_on=TODAY - datetime.timedelta(days=31),
    )
    other = granted(hub_b, eu, amount=100000, year=2025, title="Candidature Bruyère")
    Deadline.objects.create(
        application=other, kind=DeadlineKind.REPORT, due_on=TODAY - datetime.timedelta(days=1)
    )
    return {"first": first, "preparing": preparing, "other": other}


def test_a_hubs_figures_count_its_own_applications_only(books, hub_a):
    figures = dashboards.figures(hub=hub_a)

    by_status = {stage.status: stage for stage in figures.stages}
    assert [stage.status for stage in figures.stages] == list(Status.values)
    assert by_status[Status.PAYMENTS].count == 1
    assert by_status[Status.PAYMENTS].granted == Decimal(40000)
    assert by_status[Status.PAYMENTS].received == Decimal(15000)
    assert by_status[Status.PREPARING].requested == Decimal(30000)
    assert by_status[Status.REJECTED].count == 1
    assert figures.total.count == 4
    assert figures.total.requested == Decimal(40000 + 8000 + 9000 + 30000)
    assert figures.total.granted == Decimal(48000)

    rates = figures.rate_by_funder_type()
    assert (rates[EU].decided, rates[EU].won, rates[EU].percent) == (2, 1, 50.0)
    assert (rates[FOUNDATION].decided, rates[FOUNDATION].won) == (1, 1)

    # Granted by the call's funder, plus the secured lines; the pending one is left out.
    assert figures.raised_by_year_and_source() == {
        (2024, SourceType.EU): Decimal(40000),
        (2024, SourceType.LOCAL): Decimal(10000),
        (2025, SourceType.PRIVATE): Decimal(8000),
    }
    assert figures.years == [2024, 2025]

    assert [d.kind for d in figures.upcoming] == [DeadlineKind.CALL]
    assert figures.upcoming_count == 1
    assert [d.label for d in figures.overdue] == ["Bilan intermédiaire"]
    assert figures.overdue_count == 1


def test_the_national_figures_add_every_hub_and_compare_them(books, hub_a, hub_b):
    figures = dashboards.figures()

    assert figures.total.count == 5
    assert figures.raised_by_year_and_source()[(2025, SourceType.EU)] == Decimal(100000)
    assert figures.raised_by_hub_and_year() == {
        (hub_a.pk, 2024): Decimal(50000),
        (hub_a.pk, 2025): Decimal(8000),
        (hub_b.pk, 2025): Decimal(100000),
    }
    assert figures.rate_by_hub()[hub_b.pk].percent == 100.0
    assert figures.overdue_count == 2


def cells(html: str, caption: str) -> list[list[str]]:
    """The rows of the table of ``caption`` in ``html``, as text."""
    start = html.index(caption)
    table = html[start : html.index("</table>", start)]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)
        ]
        for r in rows
    ]


def test_a_coordinator_sees_their_hubs_dashboard_charts_with_tables(client, books, hub_a):
    client.force_login(coordinator_of(hub_a))
    response = client.get(reverse("funding_dashboard_hub", args=[hub_a.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 4
    raised = cells(html, "Fonds levés par année et par origine : les chiffres")
    assert raised[0] == ["", "2024", "2025"]
    assert raised[1] == ["UE", "40\u00a0000\u00a0€", "—"]
    assert raised[3] == ["Collectivités", "10\u00a0000\u00a0€", "—"]
    assert raised[4] == ["Privés", "—", "8\u00a0000\u00a0€"]
    assert "Bilan intermédiaire" in html
    assert "Candidature Bruyère" not in html
    assert reverse("funding_payments_export") + f"?export=csv&amp;hub={hub_a.pk}" in html


def test_the_national_dashboard_compares_the_hubs(client, books, national, hub_a, hub_b):
    client.force_login(national)
    response = client.get(reverse("funding_dashboard_national"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 6
    by_hub = cells(html, "Fonds levés par hub et par année : les chiffres")
    assert by_hub[0] == ["", "Hub A", "Hub B"]
    assert by_hub[1] == ["2024", "50\u00a0000\u00a0€", "—"]
    assert by_hub[2] == ["2025", "8\u00a0000\u00a0€", "100\u00a0000\u00a0€"]
    # The national team picks a hub.
    picked = client.get(reverse("funding_dashboard"), {"hub": hub_b.pk})
    assert picked.url == reverse("funding_dashboard_hub", args=[hub_b.pk])


def test_the_desk_shows_each_hubs_funding_summary(client, books, hub_a):
    client.force_login(coordinator_of(hub_a))
    html = client.get("/admin/").content.decode()

    start = html.index('id="maillage-funding')
    panel = html[start : html.index("</section>", start)]
    assert reverse("funding_dashboard_hub", args=[hub_a.pk]) in panel
    rows = cells(panel, "Financements de chaque hub")
    # In progress: the payments and the preparation; the partial grant too (not closed).
    assert rows[1] == ["Tableau de bord de Hub A", "3", "78\u00a0000", "48\u00a0000", "1", "1"]
    assert "Hub B" not in panel


def more_applications(hubs, count):
    eu = call_of(EU)
    for hub in hubs:
        for number in range(count):
            application = granted(hub, eu, amount=1000, year=2020 + number % 5)
            line(application, SourceType.OWN, 500, status=LineStatus.SECURED)
            payment(application, amount=500, received_on=TODAY)
            Deadline.objects.create(
                application=application,
                kind=DeadlineKind.REPORT,
                due_on=TODAY - datetime.timedelta(days=2),
            )


def queries_of(client, url) -> int:
    client.get(url)  # warm the caches (session, site, user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["coordinator", "national"])
def test_the_dashboards_cost_the_same_queries_for_more_data(
    client, books, hub_a, hub_b, national, who
):
    from tests.factories import HubFactory

    user = coordinator_of(hub_a) if who == "coordinator" else national
    url = (
        reverse("funding_dashboard_hub", args=[hub_a.pk])
        if who == "coordinator"
        else reverse("funding_dashboard_national")
    )
    client.force_login(user)
    few = {"page": queries_of(client, url), "desk": queries_of(client, "/admin/")}
    more_applications([hub_a, hub_b, HubFactory(), HubFactory()], 12)
    many = {"page": queries_of(client, url), "desk": queries_of(client, "/admin/")}
    assert many == few


def test_another_hubs_coordinator_is_refused_its_dashboard(client, books, hub_a, hub_b):
    client.force_login(coordinator_of(hub_a))
    response = client.get(reverse("funding_dashboard_hub", args=[hub_b.pk]))
    assert response.status_code == 404
    assert "Bruyère" not in response.content.decode()
    assert client.get(reverse("funding_dashboard_national")).status_code == 404
    # Picking another hub by hand leads nowhere either.
    chooser = client.get(reverse("funding_dashboard"), {"hub": hub_b.pk})
    assert chooser.url == reverse("funding_dashboard_hub", args=[hub_a.pk])


@pytest.mark.parametrize("role", ["mediator", "reviewer"])
def test_mediators_and_reviewers_get_no_dashboard(client, books, hub_a, role):
    if role == "mediator":
        user = mediator_of(organisation_in(hub_a))
    else:
        user = UserFactory(groups=[role_group(FUNDER_REVIEWERS)])
    client.force_login(user)
    for url in (
        reverse("funding_dashboard"),
        reverse("funding_dashboard_national"),
        reverse("funding_dashboard_hub", args=[hub_a.pk]),
        reverse("funding_payments_export") + "?export=csv",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response.url.startswith("/admin/login/") or response.url == "/admin/", url
    assert 'id="maillage-funding' not in client.get("/admin/").content.decode()


def test_the_national_team_opens_any_hubs_dashboard(client, books, national, hub_b):
    client.force_login(national)
    response = client.get(reverse("funding_dashboard_hub", args=[hub_b.pk]))
    assert response.status_code == 200
    assert "Candidature Bruyère" in response.content.decode()  # its overdue report
    assert reverse("funding_dashboard_national") in response.content.decode()
