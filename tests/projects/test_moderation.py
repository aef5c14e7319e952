"""The issue's "done when" path on the admin side: a mediator describes a solution and sends
it to the hub, the coordinator is told, asks for a change, the mediator fixes it and sends it
again, the coordinator publishes it; and the rules on the way (what stays online, the
maturity rule, locking, the comparison, the mediator's menu and home, the desk)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.admin.menu import admin_menu
from wagtail.models import ModelLogEntry, Workflow, WorkflowState

from hubsite.services import sync_roles
from projects.models import Maturity, Solution
from tests.factories import coordinator_of
from tests.projects.admin_helpers import edit_data, solution_data, task_action_url
from tests.projects.factories import (
    IndicatorFactory,
    SolutionFactory,
    mediator_of,
    organisation_in,
    published_solution,
)

REVIEW = "Relecture par le hub"


@pytest.fixture
def organisation(hub_a):
    return organisation_in(hub_a, name="Les Connectés de l'Arve")


@pytest.fixture
def mediator(organisation):
    user = mediator_of(organisation, username="mediatrice", email="mediatrice@example.org")
    sync_roles()
    return user


@pytest.fixture
def reviewer(hub_a):
    return coordinator_of(hub_a, username="coordination", email="coordination@example.org")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client, url, data, callbacks):
    with callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_a_mediator_describes_sends_fixes_and_the_hub_publishes(
    mediator, reviewer, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    mediator_client, reviewer_client = client_of(mediator), client_of(reviewer)
    form = mediator_client.get(reverse("solutions_admin:add"))
    page = form.content.decode()
    assert form.status_code == 200
    for tab in ("Le problème", "Comment ça marche", "Ce qu&#x27;il faut", "Résultats"):
        assert tab in page
    assert "Envoyer au hub" in page and "Enregistrer le brouillon" in page

    send(
        mediator_client,
        reverse("solutions_admin:add"),
        solution_data(organisation, **{"action-submit": "1"}),
        django_capture_on_commit_callbacks,
    )
    solution = Solution.objects.get(title="Les ateliers du mardi")
    assert solution.organisation == organisation and not solution.live
    assert solution.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    told = [m for m in mailoutbox if m.to == [reviewer.email]]
    assert told and "Solution à relire : Les ateliers du mardi" in told[0].subject

    # The hub asks for a change, with a message the mediator receives and sees.
    mailoutbox.clear()
    send(
        reviewer_client,
        task_action_url(solution, "reject"),
        {"comment": "Précisez combien de personnes viennent chaque mardi."},
        django_capture_on_commit_callbacks,
    )
    solution.refresh_from_db()
    assert solution.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [m.to for m in mailoutbox] == [[mediator.email]]
    assert "Précisez combien de personnes" in mailoutbox[0].body
    edit = mediator_client.get(
        reverse("solutions_admin:edit", args=(solution.pk,))
    ).content.decode()
    assert "Le hub demande des modifications" in edit
    assert "Précisez combien de personnes" in edit
    assert "Renvoyer au hub" in edit
    listing = mediator_client.get(reverse("solutions_admin:list")).content.decode()
    assert "Le hub demande des modifications" in listing
    home = mediator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Mon espace" in home and "Précisez combien de personnes" in home

    # The mediator fixes it and sends it again: the hub is told again.
    mailoutbox.clear()
    send(
        mediator_client,
        reverse("solutions_admin:edit", args=(solution.pk,)),
        edit_data(solution, people_per_year="60", **{"action-submit": "1"}),
        django_capture_on_commit_callbacks,
    )
    solution.refresh_from_db()
    assert solution.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert [m.to for m in mailoutbox] == [[reviewer.email]]

    # The coordinator publishes it: online, and the mediator told.
    mailoutbox.clear()
    send(
        reviewer_client,
        task_action_url(solution, "approve"),
        {},
        django_capture_on_commit_callbacks,
    )
    solution.refresh_from_db()
    assert solution.live and solution.people_per_year == 60
    assert Solution.objects.published().filter(pk=solution.pk).exists()
    assert [m.to for m in mailoutbox] == [[mediator.email]]
    assert "publiée" in mailoutbox[0].subject

    # Every step is in the history.
    actions = set(ModelLogEntry.objects.for_instance(solution).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.reject", "wagtail.publish"} <= actions
    history = reviewer_client.get(reverse("solutions_admin:history", args=(solution.pk,)))
    assert history.status_code == 200


def test_a_published_solution_stays_online_while_its_next_version_is_reviewed(
    mediator, reviewer, organisation, django_capture_on_commit_callbacks
):
    solution = published_solution(organisation, summary="L'ancienne phrase.")
    send(
        client_of(mediator),
        reverse("solutions_admin:edit", args=(solution.pk,)),
        edit_data(solution, summary="La nouvelle phrase.", **{"action-submit": "1"}),
        django_capture_on_commit_callbacks,
    )
    assert Solution.objects.published().get(pk=solution.pk).summary == "L'ancienne phrase."
    solution.refresh_from_db()
    assert solution.workflow_in_progress
    send(
        client_of(reviewer),
        task_action_url(solution, "approve"),
        {},
        django_capture_on_commit_callbacks,
    )
    assert Solution.objects.published().get(pk=solution.pk).summary == "La nouvelle phrase."


def test_a_mediator_cannot_publish_nor_claim_an_unearned_maturity(
    mediator, organisation, django_capture_on_commit_callbacks
):
    client = client_of(mediator)
    response = client.post(
        reverse("solutions_admin:add"),
        solution_data(organisation, maturity=Maturity.PROVEN, **{"action-publish": "1"}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cette maturité se mérite" in page and "12 mois" in page
    assert not Solution.objects.exists()

    earned = solution_data(
        organisation,
        maturity=Maturity.PROVEN,
        started_on=(datetime.date.today() - datetime.timedelta(days=500)).isoformat(),
        **{
            "indicators-TOTAL_FORMS": "1",
            "indicators-0-label": "Personnes accompagnées",
            "indicators-0-value": "80",
            "indicators-0-ORDER": "1",
            "action-publish": "1",
        },
    )
    send(client, reverse("solutions_admin:add"), earned, django_capture_on_commit_callbacks)
    solution = Solution.objects.get()
    # Publishing is the hub's: the mediator's "publish" saved a draft only.
    assert not solution.live and solution.maturity == Maturity.PROVEN


def test_the_hub_cannot_approve_a_version_short_of_its_maturity(
    mediator, reviewer, organisation, django_capture_on_commit_callbacks
):
    solution = SolutionFactory(organisation=organisation, live=False, started_on=None)
    solution.maturity = Maturity.SCALING
    solution.save_revision(user=mediator)
    Workflow.objects.get(name=REVIEW).start(solution, mediator)
    solution.refresh_from_db()
    client = client_of(reviewer)
    edit = client.get(reverse("solutions_admin:edit", args=(solution.pk,))).content.decode()
    assert "Cette version ne peut pas encore être publiée" in edit
    assert "3 endroits" in edit and "12 mois" in edit
    response = client.post(task_action_url(solution, "approve"), {})
    assert response.status_code in (302, 403)
    solution.refresh_from_db()
    assert not solution.live and solution.workflow_in_progress
    # Asking for changes stays open to the hub.
    send(
        client,
        task_action_url(solution, "reject"),
        {"comment": "Revenez à « Expérimentation »."},
        django_capture_on_commit_callbacks,
    )


def test_the_task_goes_to_the_hub_of_the_organisation_or_the_national_team(
    hub_a, hub_b, mediator, reviewer, organisation
):
    other_hub = coordinator_of(hub_b)
    solution = SolutionFactory(organisation=organisation, live=False)
    solution.save_revision(user=mediator)
    Workflow.objects.get(name=REVIEW).start(solution, mediator)
    task = solution.current_workflow_task.specific
    assert list(task.reviewers(solution)) == [reviewer]
    assert task.get_actions(solution, reviewer) and not task.get_actions(solution, other_hub)
    assert not task.get_actions(solution, mediator)

    national = organisation_in(hub_a, name="Réseau national", is_national=True)
    nationwide = SolutionFactory(organisation=national, live=False)
    nationwide.save_revision()
    Workflow.objects.get(name=REVIEW).start(nationwide, mediator)
    assert not nationwide.current_workflow_task.specific.get_actions(nationwide, reviewer)


def test_a_locked_solution_and_the_comparison_of_its_versions(mediator, reviewer, organisation):
    solution = published_solution(organisation, summary="Première version.")
    first = solution.latest_revision
    solution.summary = "Deuxième version."
    second = solution.save_revision(user=mediator)
    mediator_client = client_of(mediator)
    assert (
        mediator_client.post(reverse("solutions_admin:lock", args=(solution.pk,))).status_code
        == 302
    )
    solution.refresh_from_db()
    assert solution.locked and solution.locked_by == mediator
    # Locked by the mediator, the coordinator cannot save over it.
    edit = client_of(reviewer).get(reverse("solutions_admin:edit", args=(solution.pk,)))
    assert "verrouill" in edit.content.decode().lower()
    compare = mediator_client.get(
        reverse("solutions_admin:revisions_compare", args=(solution.pk, first.pk, second.pk))
    )
    page = compare.content.decode()
    assert compare.status_code == 200 and "Première" in page and "Deuxième" in page
    assert (
        mediator_client.post(reverse("solutions_admin:unlock", args=(solution.pk,))).status_code
        == 302
    )
    solution.refresh_from_db()
    assert not solution.locked


def test_the_mediators_menu_and_home_keep_to_their_space(rf, mediator, organisation):
    request = rf.get("/admin/")
    request.user = mediator
    names = {item.name for item in admin_menu.menu_items_for_request(request)}
    assert names == {"solutions", "deployments", "take_up_requests", "my_organisation"}
    page = client_of(mediator).get(reverse("wagtailadmin_home")).content.decode()
    assert "Décrire une nouvelle solution" in page and "Les Connectés de l&#x27;Arve" in page


def test_the_coordinators_desk_counts_the_solutions_to_review(
    hub_a, mediator, reviewer, organisation
):
    solution = SolutionFactory(organisation=organisation, live=False)
    IndicatorFactory(solution=solution)
    solution.save_revision(user=mediator)
    Workflow.objects.get(name=REVIEW).start(solution, mediator)
    page = client_of(reviewer).get(reverse("wagtailadmin_home")).content.decode()
    assert "solutions à relire" in page
    assert "?in_review=true" in page
    listing = client_of(reviewer).get(reverse("solutions_admin:list") + "?in_review=true")
    assert solution.title in listing.content.decode()
