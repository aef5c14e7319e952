"""A call for projects set up in the admin by the national team: its fields and economic
rules, a grid of its own (empty or copied), its dates in order, its history; nobody else
reaches its forms, and its grid is not replaced once a review has started."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from hubsite.roles import FUNDER_REVIEWERS, NATIONAL_TEAM
from projects import services
from projects.economics import RuleKind
from projects.models import (
    Criterion,
    DossierStatus,
    EconomicRule,
    GridSection,
    ProjectCall,
    ScoringGrid,
)
from projects.services import calls as call_services
from tests.factories import HubFactory, UserFactory
from tests.projects.factories import mediator_of, organisation_in
from tests.projects.review_factories import DossierFactory, ProjectCallFactory, grid_with

pytestmark = pytest.mark.django_db

FROZEN = "La grille de cet appel est figée"


@pytest.fixture
def national(hub_a):
    return UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)])


@pytest.fixture
def reviewer(hub_a):
    return UserFactory(groups=[Group.objects.get(name=FUNDER_REVIEWERS)])


@pytest.fixture
def mediator(hub_a):
    return mediator_of(organisation_in(hub_a))


@pytest.fixture
def earlier():
    call = ProjectCallFactory(title="Appel 2025", slug="appel-2025")
    section = GridSection.objects.create(grid=call.grid, title="Ancrage", position=1)
    Criterion.objects.create(section=section, title="Partenaires", weight=3, position=1)
    return call


def rules(*lines: tuple[str, str], initial: list[EconomicRule] = ()) -> dict:
    """The inline list of economic rules as the form posts it: ``initial`` kept, ``lines``
    added."""
    data = {
        "rules-TOTAL_FORMS": str(len(initial) + len(lines)),
        "rules-INITIAL_FORMS": str(len(initial)),
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
    }
    rows = [(r.pk, r.kind, str(r.threshold)) for r in initial]
    rows += [("", kind, threshold) for kind, threshold in lines]
    for index, (pk, kind, threshold) in enumerate(rows):
        data.update(
            {
                f"rules-{index}-id": pk,
                f"rules-{index}-kind": kind,
                f"rules-{index}-threshold": threshold,
                f"rules-{index}-ORDER": str(index + 1),
            }
        )
    return data


def call_post(**fields) -> dict:
    data = {
        "title": "Appel des hubs 2027",
        "slug": "",
        "envelope": "3000000",
        "opens_on": "2027-01-15",
        "closes_on": "2027-04-30",
        "review_deadline": "2027-06-15",
        "eligibility": "Les hubs labellisés.",
        "required_documents": "Statuts\nBudget signé",
        "grid_source": "",
        "reviewers_per_dossier": "3",
        "blind_review": "on",
        **rules(),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def edit_post(call: ProjectCall, **fields) -> dict:
    data = call_post(
        title=call.title,
        slug=call.slug,
        envelope=str(call.envelope),
        opens_on=call.opens_on.isoformat(),
        closes_on=call.closes_on.isoformat(),
        review_deadline=call.review_deadline.isoformat() if call.review_deadline else "",
        eligibility=call.eligibility,
        required_documents=call.required_documents,
        reviewers_per_dossier=str(call.reviewers_per_dossier),
        blind_review="on" if call.blind_review else None,
        **rules(initial=list(call.rules.all())),
    )
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def start_review(call: ProjectCall, reviewer) -> None:
    dossier = DossierFactory(call=call, hub=HubFactory(), status=DossierStatus.IN_REVIEW)
    review = services.assign_reviewer(dossier=dossier, reviewer=reviewer, by=None)
    criterion = Criterion.objects.filter(section__grid=call.grid).first()
    services.save_review(review=review, by=reviewer, scores={criterion.pk: 2})


def test_the_national_team_creates_a_call_with_its_rules_and_an_empty_grid(client, national):
    client.force_login(national)
    response = client.post(
        reverse("projects_call_admin:add"),
        call_post(
            **rules(
                (RuleKind.FUNDER_SHARE_MAX, "50"),
                (RuleKind.OWN_REVENUE_MIN, "30"),
            )
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("projects_calls")
    call = ProjectCall.objects.get(title="Appel des hubs 2027")
    assert call.slug == "appel-des-hubs-2027"
    assert call.reviewers_per_dossier == 3 and call.blind_review
    assert call.required_document_kinds() == ["Statuts", "Budget signé"]
    assert {(r.kind, r.threshold) for r in call.rules.all()} == {
        (RuleKind.FUNDER_SHARE_MAX, 50),
        (RuleKind.OWN_REVENUE_MIN, 30),
    }
    assert call.grid.title == "Grille de Appel des hubs 2027"
    assert not call.grid.sections.exists()
    entry = ModelLogEntry.objects.for_instance(call).get()
    assert entry.action == "wagtail.create" and entry.user == national

    listing = client.get(reverse("projects_calls")).content.decode()
    assert reverse("projects_call_admin:add") in listing
    assert reverse("projects_call_admin:edit", args=[call.pk]) in listing
    form = client.get(reverse("projects_call_admin:edit", args=[call.pk])).content.decode()
    assert reverse("projects_call_grid", args=[call.pk]) in form


def test_a_new_call_may_start_from_a_copy_of_an_earlier_call_s_grid(client, national, earlier):
    client.force_login(national)
    response = client.post(
        reverse("projects_call_admin:add"), call_post(grid_source=str(earlier.pk))
    )
    assert response.status_code == 302
    call = ProjectCall.objects.get(title="Appel des hubs 2027")
    assert call.grid_id != earlier.grid_id
    copied = Criterion.objects.get(section__grid=call.grid)
    assert (copied.title, copied.weight, copied.section.title) == ("Partenaires", 3, "Ancrage")


def test_a_slug_already_taken_gets_a_number(client, national):
    ProjectCallFactory(title="Autre", slug="appel-des-hubs-2027")
    client.force_login(national)
    client.post(reverse("projects_call_admin:add"), call_post())
    assert ProjectCall.objects.get(title="Appel des hubs 2027").slug == "appel-des-hubs-2027-2"


@pytest.mark.parametrize(
    "fields, message",
    [
        (
            {"opens_on": "2027-05-01", "closes_on": "2027-04-30"},
            "La clôture des dépôts ne peut pas précéder l&#x27;ouverture de l&#x27;appel.",
        ),
        (
            {"review_deadline": "2027-04-01"},
            "La date limite des relectures ne peut pas précéder la clôture des dépôts.",
        ),
    ],
)
def test_dates_out_of_order_are_refused_with_what_was_typed_kept(client, national, fields, message):
    client.force_login(national)
    grids_before = ScoringGrid.objects.count()
    response = client.post(
        reverse("projects_call_admin:add"),
        call_post(**fields, **rules((RuleKind.FUNDER_SHARE_MAX, "50"))),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Les hubs labellisés." in page
    assert not ProjectCall.objects.exists()
    assert ScoringGrid.objects.count() == grids_before


def test_a_rule_given_twice_is_refused(client, national):
    client.force_login(national)
    response = client.post(
        reverse("projects_call_admin:add"),
        call_post(**rules((RuleKind.FUNDER_SHARE_MAX, "50"), (RuleKind.FUNDER_SHARE_MAX, "40"))),
    )
    assert response.status_code == 200
    assert "Chaque règle ne figure qu&#x27;une fois dans un appel" in response.content.decode()
    assert not ProjectCall.objects.exists()


def test_the_national_team_edits_a_call_and_its_rules_in_its_history(client, national):
    call = ProjectCallFactory(title="Appel 2026", slug="appel-2026")
    kept = EconomicRule.objects.create(call=call, kind=RuleKind.FUNDER_SHARE_MAX, threshold=50)
    client.force_login(national)
    data = edit_post(call, envelope="1800000", eligibility="Tous les hubs.", grid_source="")
    data["rules-0-threshold"] = "45"
    response = client.post(reverse("projects_call_admin:edit", args=[call.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    call.refresh_from_db()
    assert call.envelope == 1_800_000 and call.eligibility == "Tous les hubs."
    kept.refresh_from_db()
    assert kept.threshold == 45
    assert ModelLogEntry.objects.for_instance(call).filter(action="wagtail.edit").exists()
    history = client.get(reverse("projects_call_admin:history", args=[call.pk]))
    assert history.status_code == 200


def test_the_grid_is_replaced_by_a_copy_until_a_review_starts(client, national, earlier):
    call = ProjectCallFactory(title="Appel 2026", slug="appel-2026")
    former = call.grid
    client.force_login(national)
    response = client.post(
        reverse("projects_call_admin:edit", args=[call.pk]),
        edit_post(call, grid_source=str(earlier.pk)),
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.grid_id not in (former.pk, earlier.grid_id)
    assert Criterion.objects.filter(section__grid=call.grid, title="Partenaires").exists()
    assert not ScoringGrid.objects.filter(pk=former.pk).exists()


def test_a_started_review_keeps_the_grid_even_against_a_forged_post(
    client, national, reviewer, earlier
):
    call = ProjectCallFactory(title="Appel 2026", slug="appel-2026")
    grid_with(call.grid, 2)
    start_review(call, reviewer)
    client.force_login(national)
    url = reverse("projects_call_admin:edit", args=[call.pk])
    assert FROZEN in client.get(url).content.decode()
    grid_id = call.grid_id
    response = client.post(url, edit_post(call, grid_source=str(earlier.pk), envelope="1"))
    assert response.status_code == 200
    assert FROZEN in response.content.decode()
    call.refresh_from_db()
    assert call.grid_id == grid_id and call.envelope != 1


def test_a_call_is_deleted_with_its_grid_only_while_no_dossier_exists(client, national, hub_a):
    client.force_login(national)
    empty = ProjectCallFactory(title="Appel vide", slug="appel-vide")
    grid_id = empty.grid_id
    response = client.post(reverse("projects_call_admin:delete", args=[empty.pk]))
    assert response.status_code == 302
    assert not ProjectCall.objects.filter(pk=empty.pk).exists()
    assert not ScoringGrid.objects.filter(pk=grid_id).exists()

    deleted = ModelLogEntry.objects.filter(action="wagtail.delete", object_id=str(empty.pk))
    assert deleted.get().user == national

    used = ProjectCallFactory(title="Appel déposé", slug="appel-depose")
    DossierFactory(call=used, hub=hub_a)
    url = reverse("projects_call_admin:delete", args=[used.pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 403
        assert "Un hub a déjà un dossier pour cet appel" in response.content.decode()
    assert ProjectCall.objects.filter(pk=used.pk).exists()
    edit = client.get(reverse("projects_call_admin:edit", args=[used.pk])).content.decode()
    assert url not in edit


def test_the_calls_pages_cost_the_same_queries_whatever_the_number_of_calls(client, national):
    client.force_login(national)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    ProjectCallFactory()
    urls = [reverse("projects_calls"), reverse("projects_call_admin:index")]
    few = [queries(url) for url in urls]
    ProjectCallFactory.create_batch(4)
    assert [queries(url) for url in urls] == few


CALL_URLS = ["add", "edit", "delete", "history", "index"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", CALL_URLS)
def test_nobody_but_the_national_team_reaches_a_call_s_forms(
    client, coordinator, reviewer, mediator, national, name, method
):
    call = ProjectCallFactory(title="Appel 2026", slug="appel-2026")
    url = reverse(f"projects_call_admin:{name}", args=[] if name in ("add", "index") else [call.pk])
    forged = edit_post(call, title="Appel forgé", envelope="1")
    for outsider in (coordinator, reviewer, mediator):
        client.force_login(outsider)
        response = getattr(client, method)(url, forged)
        assert response.status_code in (302, 403, 404), (outsider, response.status_code)
        if response.status_code == 302:
            assert response.url == "/admin/"
        assert "Appel 2026" not in response.content.decode()
    assert list(ProjectCall.objects.values_list("title", "envelope")) == [("Appel 2026", 2_500_000)]
    client.force_login(national)
    assert client.get(url).status_code == 200


def test_the_deletion_service_refuses_a_call_with_a_dossier(national, hub_a):
    # What a dossier deposited between the confirmation page and the POST meets.
    call = ProjectCallFactory(title="Appel déposé", slug="appel-depose")
    DossierFactory(call=call, hub=hub_a)
    with pytest.raises(ValidationError, match="Un hub a déjà un dossier"):
        call_services.delete_call(call=call, by=national)
    assert ProjectCall.objects.filter(pk=call.pk).exists()
    assert ScoringGrid.objects.filter(pk=call.grid_id).exists()
