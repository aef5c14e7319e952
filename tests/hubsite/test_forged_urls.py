"""Every admin URL of every hub-scoped thing, forged by a coordinator of another hub.

Not a hand-kept list: the cases come from the URL resolver. A URL is covered when it belongs
to a viewset built on hubsite's admin base (``hubsite.admin_views``), or its view names a
hub-scoped model (one declaring ``hub_lookup``: reports, admin API endpoints, a view of an
app's own), or it is a bulk action of such a model. Each is forged (GET and POST) as hub A's
coordinator, and as a mediator of an organisation of hub A, on hub B's objects: refused (403,
404, 405 or Wagtail's redirect to the admin home), naming nothing of hub B, and changing
nothing. The positive control: the same URL works for whom it belongs to (hub B's
coordinator, or the national team for what only it may do; hub B's mediator for what their
organisation's membership opens). A new viewset in ``projects/`` or ``funding/`` is covered
the day it is registered; the world below then needs a builder for its model. A viewset of a
hub-scoped model not built on the base fails
``test_every_viewset_of_a_hub_scoped_model_is_built_on_the_base``.
"""

import datetime
import json
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.viewsets import viewsets as viewset_registry
from wagtail.models import Workflow
from wagtail.permissions import policy_registry
from wagtail.snippets.models import get_snippet_models

from directory.models import (
    ConfirmationRequest,
    DuplicatePair,
    ErrorReport,
    ImportJob,
    ImportJobStatus,
    ProposalStatus,
    Status,
    Venue,
)
from funding import feeds
from funding.models import Application, CalendarFeed, SavedSearch
from hubsite.admin_transitions import TransitionView
from hubsite.admin_views import HubScopedChooserViewSetMixin, HubScopedViewSetMixin, view_actions
from hubsite.models import Hub, ImportMapping
from hubsite.roles import NATIONAL_TEAM
from hubsite.scoping import is_hub_scoped, member_lookup_of
from hubsite.services import sync_roles
from hubsite.transitions import transitions_for
from projects.models import (
    Deployment,
    Dossier,
    DossierDocument,
    Organisation,
    Solution,
    TakeUpRequest,
)
from tests.directory.factories import VenueFactory, venue_in
from tests.factories import CommuneFactory, HubFactory, UserFactory, home_page
from tests.funding.factories import ApplicationFactory
from tests.projects.factories import (
    DeploymentFactory,
    SolutionFactory,
    mediator_of,
    organisation_in,
)
from tests.projects.review_factories import DossierFactory

MARKERS = {"A": "Aubépine", "B": "Bruyère"}
ADMIN_HOME = "/admin/"


def build_objects(hub: Hub, coordinator, marker: str) -> dict:
    """One object of each model the covered URLs take, in ``hub``: a new hub-scoped model
    with an admin adds its own here."""
    venue = venue_in(hub, name=f"Lieu {marker}", status=Status.PENDING)
    twin = VenueFactory(commune=venue.commune, name=f"Lieu {marker} bis")
    organisation = organisation_in(hub, name=f"Organisation {marker}")
    # A draft, never published: a published solution is public (any deployment form offers
    # it), and this one must be named to nobody outside its hub and organisation.
    solution = SolutionFactory(organisation=organisation, title=f"Solution {marker}", live=False)
    solution.save_revision()
    commune = CommuneFactory(departement=hub.departements.first())
    return {
        Hub: hub,
        Venue: venue,
        ErrorReport: ErrorReport.objects.create(venue=venue, message=f"Erreur {marker}"),
        ImportJob: ImportJob.objects.create(
            user=coordinator, filename=f"{marker}.csv", status=ImportJobStatus.DONE
        ),
        Dossier: DossierFactory(hub=hub, title=f"Dossier {marker}"),
        ImportMapping: ImportMapping.objects.create(
            name=f"Correspondance {marker}",
            target="directory.venue",
            hub=hub,
            created_by=coordinator,
        ),
        DuplicatePair: DuplicatePair.objects.create(
            first=venue, second=twin, score=90, reasons=[f"noms proches ({marker})"]
        ),
        ConfirmationRequest: ConfirmationRequest.objects.create(
            venue=venue,
            token_hash=f"{marker}".ljust(64, "0"),
            email=f"{marker.lower()}@example.org",
            expires_at=timezone.now() + datetime.timedelta(days=30),
            used_at=timezone.now(),
            outcome="corrections",
            proposal={"phone": "+33545000000"},
            comment=f"Message {marker}",
            proposal_status=ProposalStatus.PENDING,
        ),
        Application: ApplicationFactory(hub=hub, title=f"Candidature {marker}"),
        CalendarFeed: CalendarFeed.objects.get(
            token_digest=feeds.digest(feeds.regenerate(hub=hub, by=coordinator))
        ),
        SavedSearch: SavedSearch.objects.create(
            owner=coordinator, hub=hub, name=f"Recherche {marker}", query="theme=seniors"
        ),
        Organisation: organisation,
        Solution: solution,
        Deployment: DeploymentFactory(solution=solution, commune=commune),
        TakeUpRequest: TakeUpRequest.objects.create(
            solution=solution,
            requester_kind="commune",
            requester_name=f"Mairie {marker}",
            email="mairie@example.org",
            commune=commune,
            need=f"Besoin {marker}",
        ),
    }


def send_to_review(solution: Solution, mediator) -> dict:
    """A second version of ``solution`` waiting for its hub: the URLs of revisions, of the
    comparison and of the workflow actions then have something to name."""
    first = solution.latest_revision
    solution.summary = f"{solution.summary} (nouvelle version)"
    second = solution.save_revision(user=mediator)
    Workflow.objects.get(name="Relecture par le hub").start(solution, mediator)
    solution.refresh_from_db()
    state = solution.current_workflow_state
    return {
        "revision_id": second.pk,
        "revision_id_a": first.pk,
        "revision_id_b": second.pk,
        "task_state_id": state.current_task_state.pk,
        "workflow_state_id": state.pk,
        "action_name": "approve",
    }


def dossier_document(dossier: Dossier) -> dict:
    """A document of ``dossier``, for the URL that downloads it."""
    document = DossierDocument.objects.create(
        dossier=dossier, kind="Statuts", file=ContentFile(b"%PDF-1.7 statuts", name="statuts.pdf")
    )
    return {"document_id": document.pk}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two hubs with their objects and coordinators, built once for the module (each test runs
    in a savepoint of this transaction, rolled back at the end), their files in a media folder
    of their own."""
    with (
        override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        home_page()
        world = {}
        for key, marker in MARKERS.items():
            hub = HubFactory(name=f"Hub {marker}", slug=f"hub-{key.lower()}")
            coordinator = UserFactory(username=f"coordination-{key.lower()}", groups=[hub.group])
            objects = build_objects(hub, coordinator, marker)
            mediator = mediator_of(objects[Organisation], username=f"mediation-{key.lower()}")
            world[key] = {
                "coordinator": coordinator.pk,
                "mediator": mediator.pk,
                "objects": {model: obj.pk for model, obj in objects.items()},
                "kwargs": {
                    **send_to_review(objects[Solution], mediator),
                    **dossier_document(objects[Dossier]),
                },
            }
        sync_roles()
        national = UserFactory(
            username="equipe-nationale", groups=[Group.objects.get(name=NATIONAL_TEAM)]
        )
        world["national"] = national.pk
        yield world
        transaction.set_rollback(True)
    cache.clear()


# --- What is covered, read from the URL resolver and Wagtail's registries -------------------


def registered_viewsets() -> list:
    viewsets = list(viewset_registry.viewsets)
    viewsets += [model.snippet_viewset for model in get_snippet_models()]
    return viewsets


def scoped_namespaces() -> set[str]:
    bases = (HubScopedViewSetMixin, HubScopedChooserViewSetMixin)
    return {vs.url_namespace for vs in registered_viewsets() if isinstance(vs, bases)}


def walk(patterns, prefix="", namespace=None):
    """(namespace, name, route, callback) of every URL pattern under ``patterns``."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield namespace, pattern.name, prefix + str(pattern.pattern), pattern


def view_class_of(callback):
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def model_of(callback):
    """The model a URL's view takes its object from (the viewset's, or its own)."""
    model = getattr(callback, "view_initkwargs", {}).get("model")
    return model or getattr(view_class_of(callback), "model", None)


@dataclass(frozen=True)
class Url:
    name: str  # namespace:name, or namespace:name?query for a bulk action
    route: str
    kwargs: tuple[str, ...]
    model: type | None
    view_class: type | None

    def __str__(self):
        return self.name


def covered_urls() -> list[Url]:
    # Walked first: loading the admin's URLs is what registers the viewsets of
    # ``register_admin_viewset`` hooks, whose namespaces are looked for next.
    patterns = list(walk(get_resolver().url_patterns))
    namespaces = scoped_namespaces()
    urls = []
    for namespace, name, route, pattern in patterns:
        if not name or not route.startswith("admin/"):
            continue
        model = model_of(pattern.callback)
        in_scoped_viewset = namespace is not None and any(
            namespace == ns or namespace.startswith(f"{ns}:") for ns in namespaces
        )
        if not (in_scoped_viewset or (model is not None and is_hub_scoped(model))):
            continue
        kwargs = tuple(pattern.pattern.regex.groupindex)
        full_name = f"{namespace}:{name}" if namespace else name
        urls.append(Url(full_name, route, kwargs, model, view_class_of(pattern.callback)))
    return sorted(set(urls), key=str)


def bulk_action_urls() -> list[tuple[str, type]]:
    """(action type, model) of every bulk action of a hub-scoped model."""
    actions = []
    for model in {model_of_vs for vs in registered_viewsets() if (model_of_vs := vs_model(vs))}:
        if is_hub_scoped(model):
            for action in bulk_action_registry.get_bulk_actions_for_model(
                model._meta.app_label, model._meta.model_name
            ):
                actions.append((action.action_type, model))
    return sorted(actions, key=lambda item: (item[1]._meta.label, item[0]))


def vs_model(viewset):
    model = getattr(viewset, "model", None)
    return model if isinstance(model, type) else None


URLS = covered_urls()
OBJECT_URLS = [url for url in URLS if url.kwargs]
PLAIN_URLS = [url for url in URLS if not url.kwargs]
BULK_ACTIONS = bulk_action_urls()


# --- Forging ----------------------------------------------------------------------------------


def client_for(user_pk: int) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_pk))
    return client


def address(url: Url, world, key) -> str:
    objects = world[key]["objects"]
    values = {}
    for kwarg in url.kwargs:
        if kwarg != "pk":
            if kwarg not in world[key]["kwargs"]:
                pytest.fail(f"{url}: no value known for <{kwarg}>; teach address() what it names")
            values[kwarg] = world[key]["kwargs"][kwarg]
            continue
        if url.model not in objects:
            pytest.fail(f"{url}: no {url.model} in the world; add one to build_objects()")
        values[kwarg] = objects[url.model]
    path = reverse(url.name, kwargs=values)
    # Choosers' "chosen" views take their ids from the query: forge those too.
    if not url.kwargs and url.model in objects:
        path += f"?id={objects[url.model]}"
    return path


def snapshot(world, key) -> list:
    """Every object of hub ``key``, as stored, and how many of each model there are."""
    rows = [
        (model.__name__, model._default_manager.filter(pk=pk).values().first())
        for model, pk in world[key]["objects"].items()
    ]
    counted = (Hub, Venue, Solution, Deployment)
    return rows + [(model.__name__, model._default_manager.count()) for model in counted]


def is_refusal(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and response.url == ADMIN_HOME


def names_nothing_of(response, key) -> bool:
    if response.get("Content-Type", "").startswith("application/json"):
        content = json.dumps(response.json(), ensure_ascii=False)
    else:
        content = response.content.decode(errors="replace")
    return MARKERS[key] not in content


def owner_of(url: Url, world, key) -> int:
    """Who the URL of hub ``key``'s object is for: its coordinator, or the national team when
    the model's policy leaves the view's action to it."""
    coordinator = world[key]["coordinator"]
    if url.model is None or not is_hub_scoped(url.model) or url.view_class is None:
        return coordinator
    obj = url.model._default_manager.get(pk=world[key]["objects"][url.model])
    user = get_user_model().objects.get(pk=coordinator)
    policy = policy_registry.get_by_type(url.model)
    if not policy.user_has_any_permission_for_instance(user, view_actions(url.view_class), obj):
        return world["national"]
    if issubclass(url.view_class, TransitionView):
        # A move the table keeps for the national team (a decision on a dossier).
        table = transitions_for(url.model)
        if not table.permits(user, obj, table.described(url.name.split(":")[-1])):
            return world["national"]
    return coordinator


@pytest.fixture
def setup(world, db):
    return world


def test_the_forged_urls_are_found():
    names = {str(url) for url in URLS}
    # The directory's and the hubs' admin, their chooser, and the views of their own.
    assert {"venues:edit", "venues:delete", "venues:qualify", "hubs:edit"} <= names
    assert {"wagtailsnippetchoosers_directory_venue:chosen", "venues:resolve_report"} <= names
    assert {"import_mappings:edit", "import_mappings:delete", "venues:import_mapping"} <= names
    assert {"duplicates:index", "duplicates:compare", "duplicates:refresh"} <= names
    assert {
        "venues:confirm",
        "venues:request_confirmation",
        "venues:review_confirmation",
        "venues:revoke_confirmation",
        "venues:confirmation_campaign",
    } <= names
    assert ("request_confirmation", Venue) in BULK_ACTIONS
    assert ("delete", Venue) in BULK_ACTIONS and ("qualify", Venue) in BULK_ACTIONS
    assert {"funding_applications:edit", "funding_applications:submit"} <= names
    assert {"funding_applications:comment", "funding_calendar_revoke"} <= names
    assert {
        "funding_searches",
        "funding_search_unsubscribe",
        "funding_search_resubscribe",
        "funding_search_delete",
    } <= names
    assert {"funding_dashboard_hub", "funding_dashboard", "funding_payments_export"} <= names
    assert {"dossiers:inspect", "dossiers:document"} <= names


ATTACKERS = ("coordinator", "mediator")


@pytest.mark.parametrize("url", OBJECT_URLS, ids=str)
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("attacker", ATTACKERS)
def test_another_hubs_coordinator_is_refused_every_object_url(setup, url, method, attacker):
    # The mediator of hub A's organisation reaches none of hub B's objects either.
    world = setup
    before = snapshot(world, "B")
    client = client_for(world["A"][attacker])
    path = address(url, world, "B")
    response = client.get(path) if method == "GET" else client.post(path, {})
    assert is_refusal(response), (path, response.status_code, response.get("Location"))
    assert names_nothing_of(response, "B"), path
    assert snapshot(world, "B") == before


@pytest.mark.parametrize("url", OBJECT_URLS, ids=str)
def test_the_same_object_url_works_for_whom_it_belongs_to(setup, url):
    world = setup
    client = client_for(owner_of(url, world, "B"))
    path = address(url, world, "B")
    response = client.get(path)
    if response.status_code == 405:  # a POST-only action
        response = client.post(path, {})
    assert not is_refusal(response), (path, response.status_code, response.get("Location"))
    assert response.status_code in (200, 302), (path, response.status_code)


@pytest.mark.parametrize("url", PLAIN_URLS, ids=str)
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("attacker", ATTACKERS)
def test_listings_forms_and_choosers_name_nothing_of_another_hub(setup, url, method, attacker):
    world = setup
    before = snapshot(world, "B")
    client = client_for(world["A"][attacker])
    path = address(url, world, "B")
    response = client.get(path) if method == "GET" else client.post(path, {})
    assert response.status_code < 500, (path, response.status_code)
    assert names_nothing_of(response, "B"), path
    assert snapshot(world, "B") == before


LISTING_NAMES = ("index", "list", "choose", "choose_results", "chosen_multiple")


@pytest.mark.parametrize(
    "url", [url for url in PLAIN_URLS if url.name.rsplit(":", 1)[-1] in LISTING_NAMES], ids=str
)
def test_the_listings_show_their_own_hubs_objects(setup, url):
    # The positive control of the test above: the marker does show to whom it belongs.
    world = setup
    response = client_for(world["B"]["coordinator"]).get(address(url, world, "B"))
    assert response.status_code == 200
    assert not names_nothing_of(response, "B"), url


# While a version is in moderation, its task decides who locks it and acts on it: its
# reviewers, not the mediator who sent it (tests/projects/test_moderation.py).
IN_MODERATION = ("lock", "unlock", "workflow_action", "collect_workflow_action_data")
MEMBER_URLS = [
    url
    for url in OBJECT_URLS
    if url.model is not None
    and member_lookup_of(url.model)
    and url.view_class is not None
    and url.name.rsplit(":", 1)[-1] not in IN_MODERATION
]


@pytest.mark.parametrize("url", MEMBER_URLS, ids=str)
def test_the_member_urls_work_for_the_organisations_mediator(setup, url):
    # The positive control of the mediator attacker: what their policy grants them on their
    # own organisation's objects does open.
    world = setup
    user = get_user_model().objects.get(pk=world["B"]["mediator"])
    obj = url.model._default_manager.get(pk=world["B"]["objects"][url.model])
    policy = policy_registry.get_by_type(url.model)
    if not policy.user_has_any_permission_for_instance(user, view_actions(url.view_class), obj):
        pytest.skip("not a mediator's action")
    client = client_for(user.pk)
    path = address(url, world, "B")
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path, {})
    assert not is_refusal(response), (path, response.status_code, response.get("Location"))


def bulk_address(action: str, model, world, key) -> str:
    args = (model._meta.app_label, model._meta.model_name, action)
    return reverse("wagtail_bulk_action", args=args) + f"?id={world[key]['objects'][model]}"


@pytest.mark.parametrize("action, model", BULK_ACTIONS, ids=lambda v: getattr(v, "__name__", v))
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("attacker", ATTACKERS)
def test_another_hubs_coordinator_is_refused_every_bulk_action(
    setup, action, model, method, attacker
):
    world = setup
    before = snapshot(world, "B")
    client = client_for(world["A"][attacker])
    path = bulk_address(action, model, world, "B")
    response = client.get(path) if method == "GET" else client.post(path, {})
    assert is_refusal(response), (path, response.status_code)
    assert names_nothing_of(response, "B")
    assert snapshot(world, "B") == before


@pytest.mark.parametrize("action, model", BULK_ACTIONS, ids=lambda v: getattr(v, "__name__", v))
def test_the_same_bulk_action_works_for_whom_it_belongs_to(setup, action, model):
    world = setup
    response = client_for(world["B"]["coordinator"]).get(bulk_address(action, model, world, "B"))
    assert response.status_code == 200
    assert not names_nothing_of(response, "B")


def test_every_viewset_of_a_hub_scoped_model_is_built_on_the_base():
    bases = (HubScopedViewSetMixin, HubScopedChooserViewSetMixin)
    scoped = [vs for vs in registered_viewsets() if (m := vs_model(vs)) and is_hub_scoped(m)]
    assert {vs_model(vs) for vs in scoped} >= {
        Hub,
        Venue,
        ImportMapping,
        Solution,
        Deployment,
        TakeUpRequest,
        Application,
    }
    strays = [type(vs).__name__ for vs in scoped if not isinstance(vs, bases)]
    assert not strays, f"not built on hubsite.admin_views: {strays}"


def test_a_refusal_on_an_object_the_user_sees_says_which_hub_owns_it(setup):
    # Hub B's coordinator sees their hub but may not delete it: a 403 page says why.
    world = setup
    path = reverse("hubs:delete", args=(world["B"]["objects"][Hub],))
    for response in (
        client_for(world["B"]["coordinator"]).get(path),
        client_for(world["B"]["coordinator"]).post(path),
    ):
        assert response.status_code == 403
        assert "Action refusée" in response.content.decode()
        assert "Hub Bruyère" in response.content.decode()
    assert Hub.objects.filter(pk=world["B"]["objects"][Hub]).exists()
