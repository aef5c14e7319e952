"""Fixtures of the hubsite tests: one hub (Bretagne) and the national team for the tests of a
single hub, the two hubs of ``two_hubs`` for the tests that one hub learns nothing of the other."""

import pytest
from django.contrib.auth.models import Group

from hubsite.roles import NATIONAL_TEAM
from tests.factories import HubFactory, UserFactory
from tests.hubsite.two_hubs import build_two_hubs, built_once


@pytest.fixture
def hub(home):
    return HubFactory(name="Hub Bretagne", slug="bretagne")


@pytest.fixture
def national(hub):
    """A member of the national team, once the hub (and so the team's roles) exists."""
    return UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)])


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The two hubs of ``tests.hubsite.two_hubs``, built once per module that asks."""
    with built_once(django_db_blocker, tmp_path_factory, build_two_hubs) as world:
        yield world


@pytest.fixture
def setup(world, db):
    return world
