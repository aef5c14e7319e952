import pytest
from django.db import connection
from wagtail.models import Page


@pytest.fixture(params=[1, 2])
def thing(request, portal, live_url):
    return request.param


def test_a(thing, page):
    print("A serialized:", hasattr(connection, "_test_serialized_contents"), Page.objects.count())
