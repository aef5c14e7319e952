"""A call's scoring grid in the admin: edited by the national team, copied from an earlier
call, frozen once a review has started."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from hubsite.roles import FUNDER_REVIEWERS, NATIONAL_TEAM
from projects import services
from projects.models import Criterion, DossierStatus, GridSection, Scale, ScoringGrid
from projects.services import grids
from tests.factories import HubFactory, UserFactory
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
def earlier():
    call = ProjectCallFactory(title="Appel 2025")
    section = GridSection.objects.create(grid=call.grid, title="Ancrage", position=1)
    Criterion.objects.create(
        section=section, title="Partenaires", guidance="Qui s'engage ?", weight=3, position=2
    )
    Criterion.objects.create(
        section=section, title="Convention signée", weight=1, scale=Scale.YES_NO, position=1
    )
    GridSection.objects.create(grid=call.grid, title="Modèle économique", position=2)
    return call


@pytest.fixture
def call():
    call = ProjectCallFactory(title="Appel 2026")
    grid_with(call.grid, 2)
    return call


def shape(grid: ScoringGrid) -> list:
    return [
        (
            section.title,
            section.position,
            [
                (c.title, c.guidance, c.weight, c.scale, c.position)
                for c in section.criteria.order_by("position", "pk")
            ],
        )
        for section in grid.sections.order_by("position", "pk")
    ]


def test_copy_grid_copies_every_section_and_criterion_into_new_rows(earlier):
    copy = grids.copy_grid(source=earlier.grid, title="Copie")
    assert copy.pk != earlier.grid.pk and copy.title == "Copie"
    assert shape(copy) == shape(earlier.grid)
    original_ids = set(Criterion.objects.filter(section__grid=earlier.grid).values_list("pk"))
    assert original_ids.isdisjoint(Criterion.objects.filter(section__grid=copy).values_list("pk"))
    # Changing the copy leaves the original alone.
    Criterion.objects.filter(section__grid=copy).update(weight=9)
    assert {c.weight for c in Criterion.objects.filter(section__grid=earlier.grid)} == {1, 3}


def test_the_national_team_copies_an_earlier_call_s_grid(client, national, earlier, call):
    former = call.grid_id
    client.force_login(national)
    url = reverse("projects_call_grid", args=[call.pk])
    assert "Copier la grille d" in client.get(url).content.decode()
    response = client.post(url, {"copy": "1", "source": earlier.pk})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.grid_id not in (former, earlier.grid_id)
    assert shape(call.grid) == shape(earlier.grid)
    assert not ScoringGrid.objects.filter(pk=former).exists()


def grid_post(call, **changes) -> dict:
    """The grid page's formsets as the browser posts them, with ``changes`` applied."""
    sections = list(call.grid.sections.all())
    criteria = list(Criterion.objects.filter(section__grid=call.grid))
    data = {
        "sections-TOTAL_FORMS": str(len(sections) + 1),
        "sections-INITIAL_FORMS": str(len(sections)),
        "criteria-TOTAL_FORMS": str(len(criteria) + 1),
        "criteria-INITIAL_FORMS": str(len(criteria)),
    }
    for i, section in enumerate(sections):
        data |= {
            f"sections-{i}-id": section.pk,
            f"sections-{i}-title": section.title,
            f"sections-{i}-position": section.position,
        }
    for i, criterion in enumerate(criteria):
        data |= {
            f"criteria-{i}-id": criterion.pk,
            f"criteria-{i}-section": criterion.section_id,
            f"criteria-{i}-title": criterion.title,
            f"criteria-{i}-guidance": criterion.guidance,
            f"criteria-{i}-weight": criterion.weight,
            f"criteria-{i}-scale": criterion.scale,
            f"criteria-{i}-position": criterion.position,
        }
    # The blank forms for a new section and a new criterion, as the page renders them.
    data |= {
        f"sections-{len(sections)}-position": "0",
        f"criteria-{len(criteria)}-weight": "1",
        f"criteria-{len(criteria)}-scale": Scale.ZERO_TO_FIVE,
        f"criteria-{len(criteria)}-position": "0",
    }
    return data | changes


def test_the_national_team_edits_sections_and_criteria(client, national, call):
    client.force_login(national)
    url = reverse("projects_call_grid", args=[call.pk])
    section = call.grid.sections.get()
    data = grid_post(
        call,
        **{
            "criteria-0-weight": "5",
            "criteria-0-guidance": "Regardez les conventions.",
            "criteria-1-section": section.pk,
            "criteria-1-title": "Évaluation",
            "criteria-1-weight": "2",
            "criteria-1-scale": Scale.YES_NO,
            "criteria-1-position": "3",
            "sections-1-title": "Durabilité",
            "sections-1-position": "4",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert shape(call.grid) == [
        (
            "Section 0",
            0,
            [
                ("Critère 0", "Regardez les conventions.", 5, Scale.ZERO_TO_FIVE, 0),
                ("Évaluation", "", 2, Scale.YES_NO, 3),
            ],
        ),
        ("Durabilité", 4, []),
    ]

    bad = client.post(url, grid_post(call, **{"criteria-0-weight": "50"}))
    assert bad.status_code == 400
    assert call.grid.sections.first().criteria.first().weight == 5


def test_a_criterion_cannot_be_put_in_another_grid_s_section(client, national, call, earlier):
    client.force_login(national)
    foreign = earlier.grid.sections.first()
    response = client.post(
        reverse("projects_call_grid", args=[call.pk]),
        grid_post(call, **{"criteria-0-section": foreign.pk}),
    )
    assert response.status_code == 400
    assert not foreign.criteria.filter(title="Critère 0").exists()


def start_review(call, review, reviewer):
    criterion = Criterion.objects.filter(section__grid=call.grid).first()
    services.save_review(review=review, by=reviewer, scores={criterion.pk: 2})


def test_a_grid_is_frozen_once_a_review_has_started(client, national, reviewer, call, earlier):
    client.force_login(national)
    url = reverse("projects_call_grid", args=[call.pk])
    dossier = DossierFactory(call=call, hub=HubFactory(), status=DossierStatus.IN_REVIEW)
    review = services.assign_reviewer(dossier=dossier, reviewer=reviewer, by=None)
    assert not call.grid.is_frozen()  # assigned, not started

    start_review(call, review, reviewer)
    assert call.grid.is_frozen()
    page = client.get(url).content.decode()
    assert FROZEN in page and "Enregistrer la grille" not in page

    before = shape(call.grid)
    grid_id = call.grid_id
    for forged in (
        grid_post(call, **{"criteria-0-weight": "9"}),
        {"copy": "1", "source": earlier.pk},
    ):
        response = client.post(url, forged)
        assert response.status_code == 302
        assert any(FROZEN in str(m) for m in get_messages(response.wsgi_request))
        call.refresh_from_db()
        assert call.grid_id == grid_id and shape(call.grid) == before

    with pytest.raises(ValidationError, match="figée"):
        grids.replace_grid_by_copy(call=call, source_call=earlier, by=national)
