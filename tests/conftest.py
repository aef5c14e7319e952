"""Fixtures every app's tests share: the national home page, two hubs, a coordinator of the
first, a pending venue in each hub and a commune of the first."""

import pytest
from django.core.cache import cache

from directory.models import Status
from tests.directory.factories import venue_in
from tests.factories import CommuneFactory, HubFactory, coordinator_of, home_page


@pytest.fixture
def home(db):
    return home_page()


@pytest.fixture
def hub_a(home):
    return HubFactory(name="Hub A", slug="hub-a")


@pytest.fixture
def hub_b(home):
    return HubFactory(name="Hub B", slug="hub-b")


@pytest.fixture
def coordinator(hub_a):
    return coordinator_of(hub_a)


@pytest.fixture
def own(hub_a):
    return venue_in(hub_a, name="Lieu du hub A", status=Status.PENDING)


@pytest.fixture
def foreign(hub_b):
    return venue_in(hub_b, name="Lieu du hub B", status=Status.PENDING)


@pytest.fixture
def commune(hub_a):
    return CommuneFactory(departement=hub_a.departements.first())


@pytest.fixture
def empty_cache():
    """A cache emptied before and after the test (throttle counters start from zero)."""
    cache.clear()
    yield
    cache.clear()
