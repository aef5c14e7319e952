"""Saved searches of the calls' catalogue: saved from the URL's filters, e-mailed once per
newly matching call, unsubscribed from, deleted; each its owner's only."""

import datetime
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding import searches
from funding.models import AnnouncedCall, FunderType, SavedSearch
from funding.vocabulary import Theme
from hubsite.roles import NATIONAL_TEAM, role_group
from tests.factories import UserFactory, coordinator_of
from tests.funding.factories import CallFactory, FunderFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

SENIORS = urlencode({"theme": Theme.SENIORS, "closing_within": 60})


def soon(days: int = 10) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def run(capture) -> int:
    with capture(execute=True):
        return searches.send_search_alerts()


def test_a_search_is_saved_from_the_catalogues_filters_and_skips_paging(coordinator, hub_a):
    search = searches.save_search(
        user=coordinator, name="  Seniors   bientôt ", query=SENIORS + "&p=3&ordering=title"
    )
    assert search.name == "Seniors bientôt"
    assert search.query == "closing_within=60&theme=seniors"
    assert search.hub == hub_a and search.owner == coordinator


def test_filters_the_catalogue_refuses_are_refused_in_french(coordinator):
    with pytest.raises(ValidationError) as refusal:
        searches.save_search(user=coordinator, name="X", query="theme=licornes")
    assert "Thématique" in refusal.value.messages[0]
    with pytest.raises(ValidationError, match="nom"):
        searches.save_search(user=coordinator, name=" ", query=SENIORS)


def test_newly_matching_calls_are_emailed_once_per_search(
    coordinator, django_capture_on_commit_callbacks
):
    CallFactory(title="Déjà là", themes=[Theme.SENIORS], deadline_on=soon())
    searches.save_search(user=coordinator, name="Seniors", query=SENIORS)
    # What matched when it was saved is known: nothing to tell yet.
    assert run(django_capture_on_commit_callbacks) == 0

    foundation = ProgrammeFactory(
        funder=FunderFactory(name="Fondation", type=FunderType.FOUNDATION)
    )
    CallFactory(
        title="Seniors connectés", themes=[Theme.SENIORS], deadline_on=soon(), programme=foundation
    )
    CallFactory(title="Jeunesse", themes=[Theme.YOUTH], deadline_on=soon())
    CallFactory(title="Seniors trop tard", themes=[Theme.SENIORS], deadline_on=soon(90))

    assert run(django_capture_on_commit_callbacks) == 1
    assert run(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    assert "1 nouvel appel pour votre recherche « Seniors »" in message.subject
    assert "Seniors connectés" in message.body and "(Fondation)" in message.body
    assert "Jeunesse" not in message.body and "trop tard" not in message.body
    search = SavedSearch.objects.get()
    assert reverse("funding_search_unsubscribe", args=[search.pk]) in message.body

    # A call that comes to match later (its date moved) is told of then, once.
    late = SavedSearch.objects.get().announced.count()
    moved = CallFactory(title="Report", themes=[Theme.SENIORS], deadline_on=soon(120))
    assert run(django_capture_on_commit_callbacks) == 0
    moved.deadline_on = soon(20)
    moved.save()
    assert run(django_capture_on_commit_callbacks) == 1
    assert "Report" in mail.outbox[1].body
    assert search.announced.count() == late + 1


def test_the_command_sends_the_alerts(coordinator, django_capture_on_commit_callbacks, capsys):
    searches.save_search(user=coordinator, name="Tout", query="")
    CallFactory(title="Nouveau")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_saved_search_alerts")
    assert "1 alerte(s) envoyée(s)" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_an_unsubscribed_search_sends_nothing_and_resumes_from_then(
    coordinator, django_capture_on_commit_callbacks
):
    search = searches.save_search(user=coordinator, name="Tout", query="")
    searches.set_subscribed(user=coordinator, search=search, subscribed=False)
    CallFactory(title="Pendant la pause")
    assert run(django_capture_on_commit_callbacks) == 0

    searches.set_subscribed(user=coordinator, search=search, subscribed=True)
    assert run(django_capture_on_commit_callbacks) == 0
    CallFactory(title="Après la pause")
    assert run(django_capture_on_commit_callbacks) == 1
    assert "Après la pause" in mail.outbox[0].body
    assert "Pendant la pause" not in mail.outbox[0].body


def test_an_owner_who_left_funding_gets_no_alert(hub_a, django_capture_on_commit_callbacks):
    owner = coordinator_of(hub_a)
    searches.save_search(user=owner, name="Tout", query="")
    owner.groups.clear()
    CallFactory()
    assert run(django_capture_on_commit_callbacks) == 0


def test_the_owner_saves_lists_unsubscribes_and_deletes_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    index = client.get(reverse("funding_calls:index") + "?" + SENIORS).content.decode()
    save_url = reverse("funding_search_save") + "?" + urlencode({"q": SENIORS})
    assert save_url.replace("&", "&amp;") in index

    form = client.get(save_url).content.decode()
    assert "Thématique : Seniors et autonomie" in form
    response = client.post(reverse("funding_search_save"), {"q": SENIORS, "name": "Seniors"})
    assert response.url == reverse("funding_searches")
    search = SavedSearch.objects.get(owner=coordinator)
    listing = client.get(reverse("funding_searches")).content.decode()
    assert "Seniors" in listing and "Clôture dans les N jours : 60" in listing

    unsubscribe = reverse("funding_search_unsubscribe", args=[search.pk])
    assert client.get(unsubscribe).status_code == 200
    search.refresh_from_db()
    assert search.subscribed  # a GET, from the e-mail's link, only asks
    client.post(unsubscribe)
    search.refresh_from_db()
    assert not search.subscribed
    client.post(reverse("funding_search_resubscribe", args=[search.pk]))
    search.refresh_from_db()
    assert search.subscribed

    assert client.get(reverse("funding_search_delete", args=[search.pk])).status_code == 405
    client.post(reverse("funding_search_delete", args=[search.pk]))
    assert not SavedSearch.objects.exists()


def test_a_forged_search_url_reaches_nothing_of_another_owner(client, coordinator, hub_a, hub_b):
    search = searches.save_search(user=coordinator, name="Mes seniors", query=SENIORS)
    # Another coordinator of the same hub, one of another hub, and the national team.
    others = [
        coordinator_of(hub_a),
        coordinator_of(hub_b),
        UserFactory(groups=[role_group(NATIONAL_TEAM)]),
    ]
    for other in others:
        client.force_login(other)
        assert "Mes seniors" not in client.get(reverse("funding_searches")).content.decode()
        for name in ("funding_search_unsubscribe", "funding_search_resubscribe"):
            url = reverse(name, args=[search.pk])
            assert client.get(url).status_code in (404, 405)
            assert client.post(url).status_code == 404
        assert client.post(reverse("funding_search_delete", args=[search.pk])).status_code == 404
    search.refresh_from_db()
    assert search.subscribed and AnnouncedCall.objects.filter(search=search).count() == 0


def test_someone_outside_funding_cannot_save_a_search(client):
    client.force_login(UserFactory())
    response = client.post(reverse("funding_search_save"), {"q": "", "name": "X"})
    assert response.status_code in (302, 403)
    assert not SavedSearch.objects.exists()


def test_the_list_of_searches_costs_the_same_queries_however_many(client, coordinator, hub_a):
    client.force_login(coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("funding_searches"))
        assert response.status_code == 200
        return len(captured)

    searches.save_search(user=coordinator, name="Un", query=f"covers_hub={hub_a.pk}")
    few = queries()
    for index in range(5):
        searches.save_search(
            user=coordinator, name=f"Autre {index}", query=f"covers_hub={hub_a.pk}&{SENIORS}"
        )
    assert queries() == few
    page = client.get(reverse("funding_searches")).content.decode()
    assert "Périmètre couvrant le hub : Hub A" in page
