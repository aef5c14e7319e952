"""Every URL of "Mon espace" that names an organisation or one of its rows, forged by the
admin member of another organisation: 404, naming nothing of the other, changing nothing.

The cases come from the URL resolver (every ``projects_account`` URL with an object in its
path), so a URL added later is forged the day it exists."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from projects import membership_services as services
from projects import urls_account
from projects.models import Invitation, JoinRequest, Membership, Organisation
from tests.factories import HubFactory, UserFactory, home_page
from tests.projects.factories import mediator_of, organisation_in

MARKERS = {"A": "Aubépine", "B": "Bruyère"}
# What each URL keyword names, and the decision path segment.
KWARGS = {"pk": "organisation", "invitation_pk": "invitation", "membership_pk": "membership"}


def space_urls() -> list[tuple[str, tuple[str, ...]]]:
    found = []
    for pattern in urls_account.urlpatterns:
        kwargs = tuple(pattern.pattern.converters)
        if "pk" in kwargs:
            found.append((f"{urls_account.app_name}:{pattern.name}", kwargs))
    return sorted(found)


URLS = space_urls()
# Asking to join another organisation is what that URL is for: it is tested below.
FORGED = [url for url in URLS if url[0] != "projects_account:ask_to_join"]
CASES = [(name, kwargs, "theirs") for name, kwargs in FORGED] + [
    (name, kwargs, "own_organisation_their_row") for name, kwargs in FORGED if len(kwargs) > 1
]


def world_of(key: str, hub) -> dict:
    marker = MARKERS[key]
    organisation = organisation_in(hub, name=f"Organisation {marker}")
    admin = mediator_of(organisation, is_admin=True, last_name=f"Admin {marker}")
    member = mediator_of(organisation, is_admin=False, last_name=f"Membre {marker}")
    invitation = services.invite(
        organisation=organisation, email=f"invite-{key.lower()}@example.org", by=admin
    )
    asking = UserFactory(last_name=f"Demandeur {marker}")
    join_request = services.request_to_join(user=asking, organisation=organisation)
    return {
        "admin": admin.pk,
        "organisation": organisation.pk,
        "invitation": invitation.pk,
        "membership": Membership.objects.get(user=member).pk,
        "request": join_request.pk,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        home_page()
        # Both organisations in one hub: a hub is no boundary between organisations.
        hub = HubFactory(name="Hub commun", slug="hub-commun")
        world = {key: world_of(key, hub) for key in MARKERS}
        yield world
        transaction.set_rollback(True)
    cache.clear()


def path_for(name: str, kwargs: tuple, objects: dict, decision="accepter") -> str:
    values = {}
    for kwarg in kwargs:
        if kwarg == "decision":
            values[kwarg] = decision
        elif kwarg == "request_pk":
            values[kwarg] = objects["request"]
        else:
            values[kwarg] = objects[KWARGS[kwarg]]
    return reverse(name, kwargs=values)


def snapshot(objects: dict) -> list:
    organisation = objects["organisation"]
    return [
        list(Membership.objects.filter(organisation_id=organisation).values()),
        list(Invitation.objects.filter(organisation_id=organisation).values()),
        list(JoinRequest.objects.filter(organisation_id=organisation).values()),
        list(Organisation.objects.filter(pk=organisation).values()),
    ]


def client_for(user_pk: int) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_pk))
    return client


def test_the_forged_urls_are_found():
    names = {name for name, _kwargs in URLS}
    assert {
        "projects_account:organisation",
        "projects_account:invite",
        "projects_account:revoke_invitation",
        "projects_account:remove_member",
        "projects_account:decide_request",
        "projects_account:leave",
    } <= names


@pytest.mark.parametrize(
    ("name", "kwargs", "mix"), CASES, ids=[f"{name}-{mix}" for name, _, mix in CASES]
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_organisations_admin_is_refused(world, db, name, kwargs, mix, method):
    objects = dict(world["B"])
    if mix == "own_organisation_their_row":
        objects["organisation"] = world["A"]["organisation"]
    before_a, before_b = snapshot(world["A"]), snapshot(world["B"])
    client = client_for(world["A"]["admin"])
    path = path_for(name, kwargs, objects)
    response = (
        client.get(path) if method == "GET" else client.post(path, {"email": "x@example.org"})
    )
    assert response.status_code in (404, 405), (path, response.status_code)
    assert MARKERS["B"] not in response.content.decode()
    assert snapshot(world["B"]) == before_b
    if mix == "theirs":
        assert snapshot(world["A"]) == before_a


@pytest.mark.parametrize(("name", "kwargs"), FORGED, ids=[name for name, _ in FORGED])
def test_the_same_url_works_for_the_organisations_own_admin(world, db, name, kwargs):
    client = client_for(world["B"]["admin"])
    path = path_for(name, kwargs, world["B"])
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path, {"email": "nouveau@example.org"})
    assert response.status_code in (200, 302), (path, response.status_code)


def test_asking_to_join_shows_nothing_of_the_organisations_members(world, db):
    outsider = UserFactory()
    client = client_for(outsider.pk)
    path = reverse("projects_account:ask_to_join", args=[world["B"]["organisation"]])
    response = client.post(path, follow=True)
    content = response.content.decode()
    assert "Admin Bruyère" not in content and "Membre Bruyère" not in content
    assert "invite-b@example.org" not in content


def test_a_plain_member_sees_the_members_but_not_the_invitations_nor_requests(world, db):
    membership = Membership.objects.get(pk=world["B"]["membership"])
    client = client_for(membership.user_id)
    content = client.get(
        reverse("projects_account:organisation", args=[world["B"]["organisation"]])
    ).content.decode()
    assert "Admin Bruyère" in content
    assert "invite-b@example.org" not in content and "Demandeur Bruyère" not in content
