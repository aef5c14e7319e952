"""The reviewers' desk and grid, the comparison table: reached only by whom they are for."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from hubsite.roles import FUNDER_REVIEWERS, NATIONAL_TEAM
from projects import scoring, services
from projects.models import DossierStatus, Recommendation, Review, ReviewStatus
from tests.factories import HubFactory, UserFactory
from tests.projects.review_factories import DossierFactory, ProjectCallFactory, grid_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers(hub_a):
    group = Group.objects.get(name=FUNDER_REVIEWERS)
    return [UserFactory(username=f"relecteur{i}", groups=[group]) for i in range(2)]


@pytest.fixture
def national(hub_a):
    return UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)])


@pytest.fixture
def call():
    call = ProjectCallFactory(blind_review=True, slug="appel-2026")
    grid_with(call.grid, 2, 1)
    return call


@pytest.fixture
def dossier(call, hub_a):
    return DossierFactory(call=call, hub=hub_a, status=DossierStatus.IN_REVIEW, title="Projet A")


def grid_post(call, *marks, recommendation="favourable", send=False):
    data = {f"criterion_{c.pk}": m for c, m in zip(scoring.criteria_of(call), marks, strict=True)}
    data.update(recommendation=recommendation, shared_comment="Solide", private_note="Budget")
    if send:
        data["send"] = "1"
    return data


def test_a_reviewer_fills_a_draft_then_sends_and_only_then_sees_the_other(
    client, call, dossier, reviewers
):
    mine, theirs = (
        services.assign_reviewer(dossier=dossier, reviewer=r, by=None) for r in reviewers
    )
    services.save_review(
        review=theirs,
        by=reviewers[1],
        scores={c.pk: 5 for c in scoring.criteria_of(call)},
        recommendation=Recommendation.UNFAVOURABLE,
        shared_comment="Note de l'autre relecteur",
        submit=True,
    )
    client.force_login(reviewers[0])
    desk = client.get(reverse("projects_review_desk"))
    assert desk.status_code == 200 and "Projet A" in desk.content.decode()

    url = reverse("projects_review", args=[mine.pk])
    page = client.get(url).content.decode()
    assert "quand vous aurez envoyé la vôtre" in page
    assert "Note de l&#x27;autre relecteur" not in page

    client.post(url, grid_post(call, "3", ""))
    mine.refresh_from_db()
    assert mine.status == ReviewStatus.DRAFT and mine.scores.get().value == 3

    refused = client.post(url, grid_post(call, "3", "", send=True))
    assert "Notez chaque critère" in refused.content.decode()
    assert Review.objects.get(pk=mine.pk).status == ReviewStatus.DRAFT

    sent = client.post(url, grid_post(call, "3", "na", send=True))
    assert sent.status_code == 302
    mine.refresh_from_db()
    assert mine.status == ReviewStatus.SUBMITTED
    assert scoring.review_total(mine, scoring.criteria_of(call)) == 60
    after = client.get(url).content.decode()
    assert "Note de l&#x27;autre relecteur" in after
    assert "quand vous aurez envoyé la vôtre" not in after

    again = client.post(url, grid_post(call, "0", "0", send=True), follow=True)
    assert Review.objects.get(pk=mine.pk).scores.get(criterion__weight=2).value == 3
    assert "déjà envoyée" in again.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_s_review_is_not_found_whoever_forges_its_url(
    client, call, dossier, reviewers, coordinator, national, method
):
    review = services.assign_reviewer(dossier=dossier, reviewer=reviewers[0], by=None)
    url = reverse("projects_review", args=[review.pk])
    for intruder in (reviewers[1], national):
        client.force_login(intruder)
        response = getattr(client, method)(url, grid_post(call, "0", "0", send=True))
        assert response.status_code == 404
    client.force_login(coordinator)
    response = getattr(client, method)(url, grid_post(call, "0", "0", send=True))
    assert response.status_code in (302, 403, 404) and "Projet A" not in response.content.decode()
    assert not Review.objects.get(pk=review.pk).scores.exists()


NATIONAL_CALL_URLS = [
    "projects_call_comparison",
    "projects_call_grid",
    "projects_call_expert_opinions",
]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", ["projects_calls", *NATIONAL_CALL_URLS])
def test_only_the_national_team_reaches_the_calls_and_their_comparison(
    client, call, dossier, reviewers, coordinator, national, name, method
):
    url = reverse(name, args=[call.pk] if name in NATIONAL_CALL_URLS else [])
    grid_before = list(call.grid.sections.values_list("title", flat=True))
    forged = {
        "dossier": dossier.pk,
        "expert_name": "Intrus",
        "email": "intrus@example.org",
        "deadline": "2099-01-01",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-title": "Section forgée",
        "sections-0-position": "9",
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
    }
    for outsider in (reviewers[0], coordinator):
        client.force_login(outsider)
        response = getattr(client, method)(url, forged)
        assert response.status_code in (302, 403, 405)
        assert "Projet A" not in response.content.decode()
    assert list(call.grid.sections.values_list("title", flat=True)) == grid_before
    assert not dossier.expert_opinions.exists()
    client.force_login(national)
    assert client.get(url).status_code == 200


def scored_call(call, reviewers, marks):
    for title, (first, second) in marks.items():
        dossier = DossierFactory(
            call=call, hub=HubFactory(), status=DossierStatus.IN_REVIEW, title=title
        )
        for reviewer, mark in zip(reviewers, (first, second), strict=True):
            review = services.assign_reviewer(dossier=dossier, reviewer=reviewer, by=None)
            services.save_review(
                review=review,
                by=reviewer,
                scores={c.pk: mark for c in scoring.criteria_of(call)},
                recommendation=Recommendation.FAVOURABLE,
                submit=True,
            )


def test_the_comparison_ranks_flags_disagreements_and_exports_defused(
    client, call, reviewers, national
):
    scored_call(
        call, reviewers, {'=HYPERLINK("http://x")': (5, 5), "Moyen": (2, 2), "Divisé": (5, 1)}
    )
    client.force_login(national)
    url = reverse("projects_call_comparison", args=[call.pk])

    page = client.get(url).content.decode()
    assert page.index("HYPERLINK") < page.index("Divisé") < page.index("Moyen")
    assert "désaccord" in page

    only = client.get(url, {"desaccord": "1"}).content.decode()
    assert "Divisé" in only and "Moyen" not in only

    lines = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get(url, {"export": "csv"}).streaming_content).decode("utf-8-sig")
            )
        )
    )
    assert lines[0][0] == "Dossier" and len(lines) == 4
    assert lines[1][0].startswith("'=HYPERLINK")
    assert lines[1][2] == "100.0"

    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(url, {"export": "xlsx"}).streaming_content))
    )
    cell = workbook.active["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_the_comparison_costs_the_same_queries_whatever_the_call_s_size(
    client, call, reviewers, national
):
    client.force_login(national)
    url = reverse("projects_call_comparison", args=[call.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    scored_call(call, reviewers, {"Un": (1, 2)})
    few = queries()
    scored_call(call, reviewers, {"Deux": (3, 4), "Trois": (2, 5), "Quatre": (1, 1)})
    assert queries() == few


def test_the_comparison_judges_the_rules_on_the_dossier_s_own_economic_model(call, hub_a, hub_b):
    from projects.comparison import comparison_rows
    from projects.economics import SourceKind
    from tests.projects.review_factories import budget, the_call_s_rules

    the_call_s_rules(call)
    holds = DossierFactory(call=call, hub=hub_a, title="Tient")
    budget(
        holds, (100, 100, 100), (SourceKind.FUNDER, (40, 40, 40)), (SourceKind.OWN, (60, 60, 60))
    )
    fails = DossierFactory(call=call, hub=hub_b, title="Dépend")
    budget(
        fails, (100, 100, 100), (SourceKind.FUNDER, (90, 90, 90)), (SourceKind.OWN, (10, 10, 10))
    )
    rows = {row.dossier.title: row for row in comparison_rows(call)}
    for dossier in (holds, fails):
        expected = [result.passed for result in dossier.rule_results()]
        assert (rows[dossier.title].rules_met, rows[dossier.title].rules_total) == (
            sum(expected),
            len(expected),
        )
    assert rows["Tient"].rules_met == 2 and rows["Dépend"].rules_met == 0


def test_the_reviewer_cells_read_as_the_template_s_floatformat_would():
    from decimal import Decimal
    from types import SimpleNamespace

    from django.template.defaultfilters import floatformat

    from projects.templatetags.comparison_tags import reviewer_cells

    totals = [Decimal("62.5"), Decimal("100.0"), Decimal("0.0"), Decimal("7.3"), None]
    row = SimpleNamespace(by_reviewer=dict(enumerate(totals)))
    cells = reviewer_cells(row, [SimpleNamespace(pk=pk) for pk in range(6)])
    expected = [("—" if total is None else floatformat(total, "-1")) for total in totals]
    assert cells == "".join(f"<td>{text}</td>" for text in [*expected, ""])
    assert "62,5" in cells
