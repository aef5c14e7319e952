"""The organisations in the admin: a hub's coordinators read their hub's, the national team
sees and corrects all, a mediator reaches "Mon organisation" from the admin menu."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from hubsite.roles import NATIONAL_TEAM
from hubsite.services import sync_roles
from projects import membership_services as services
from projects.models import Membership
from tests.factories import UserFactory
from tests.projects.factories import mediator_of, organisation_in


@pytest.fixture
def own_organisation(hub_a):
    return organisation_in(hub_a, name="Association du hub A")


@pytest.fixture
def foreign_organisation(hub_b):
    return organisation_in(hub_b, name="Association du hub B")


@pytest.fixture
def national(home):
    sync_roles()
    return UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)])


def test_a_coordinator_lists_their_hubs_organisations_only(
    client, coordinator, own_organisation, foreign_organisation
):
    client.force_login(coordinator)
    content = client.get(reverse("organisations:index")).content.decode()
    assert "Association du hub A" in content and "Association du hub B" not in content


def test_a_coordinator_reads_but_does_not_change_an_organisation(
    client, coordinator, own_organisation
):
    mediator_of(own_organisation, first_name="Léa", last_name="Martin")
    client.force_login(coordinator)
    inspect = client.get(reverse("organisations:inspect", args=[own_organisation.pk]))
    assert inspect.status_code == 200 and "Association du hub A" in inspect.content.decode()
    edit = client.get(reverse("organisations:edit", args=[own_organisation.pk]))
    assert edit.status_code in (302, 403)
    response = client.post(
        reverse("organisations:edit", args=[own_organisation.pk]), {"name": "Renommée"}
    )
    own_organisation.refresh_from_db()
    assert response.status_code in (302, 403) and own_organisation.name == "Association du hub A"


def test_the_national_team_sees_every_organisation(
    client, national, own_organisation, foreign_organisation
):
    client.force_login(national)
    content = client.get(reverse("organisations:index")).content.decode()
    assert "Association du hub A" in content and "Association du hub B" in content


def test_membership_changes_appear_in_the_organisations_history(client, national, own_organisation):
    admin = mediator_of(own_organisation, is_admin=True)
    member = mediator_of(own_organisation, is_admin=False, first_name="Léa", last_name="Martin")
    services.remove_member(membership=Membership.objects.get(user=member), by=admin)
    assert ModelLogEntry.objects.for_instance(own_organisation).filter(
        action=services.MEMBER_REMOVED
    )
    client.force_login(national)
    history = client.get(reverse("organisations:history", args=[own_organisation.pk]))
    assert "Membre retiré" in history.content.decode()


def test_a_mediator_finds_my_organisation_in_the_admin_menu(client, own_organisation, home):
    sync_roles()
    mediator = mediator_of(own_organisation)
    # The mediators' admin access is granted by the solutions' space; here it is given
    # directly, to see the menu.
    mediator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(mediator)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("projects_account:home") in content
    assert client.get(reverse("organisations:index")).status_code in (302, 403)
