"""Notifications: e-mail to people by role, as each prefers (at once, daily digest, never), with
an unsubscribe link that works without signing in, and one digest a day at most."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail import hooks

from hubsite import notifications
from hubsite.models import DigestEntry, Frequency, NotificationDigest, NotificationPreference
from hubsite.notifications import (
    HUB_COORDINATORS,
    KINDS_HOOK,
    ROLES_HOOK,
    NotificationKind,
    notify,
    send_digests,
    set_frequency,
    unsubscribe_token,
)
from tests.factories import HubFactory, UserFactory, coordinator_of

pytestmark = pytest.mark.django_db

KIND = "tests.hub_news"
OTHER_KIND = "tests.other"


def _test_kinds():
    return [
        NotificationKind(name=KIND, label="Nouvelles de votre hub"),
        NotificationKind(name=OTHER_KIND, label="Autre sujet", default=Frequency.DAILY),
    ]


@pytest.fixture(autouse=True)
def test_kinds():
    with hooks.register_temporarily(KINDS_HOOK, _test_kinds):
        yield


@pytest.fixture
def hub(home):
    return HubFactory(name="Hub Occitanie", slug="occitanie")


@pytest.fixture
def coordinators(hub):
    return [coordinator_of(hub, username="alice"), coordinator_of(hub, username="bruno")]


def send(hub, *, kind=KIND, recipients=HUB_COORDINATORS, context=None):
    return notify(
        recipients=recipients,
        kind=kind,
        template="tests/email/hub_news",
        obj=hub,
        url="/admin/hubs/edit/1/",
        context=context or {"news": "L'atelier « Démarches & impôts » ouvre"},
    )


@pytest.fixture(autouse=True)
def templates(settings, tmp_path):
    folder = tmp_path / "tests" / "email"
    folder.mkdir(parents=True)
    (folder / "hub_news_subject.txt").write_text("Nouvelle du hub\n{{ obj.name }}")
    (folder / "hub_news.txt").write_text("{{ news }} pour {{ user.username }}.")
    (folder / "hub_news.html").write_text("<p>{{ news }} pour {{ user.username }}.</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]


def test_a_hubs_reachable_coordinators_each_get_one_french_email_with_links(
    hub, coordinators, django_capture_on_commit_callbacks
):
    coordinator_of(hub, username="parti", is_active=False)
    coordinator_of(hub, username="sans-courriel", email="")
    coordinator_of(HubFactory(), username="autre-hub")

    with django_capture_on_commit_callbacks(execute=True):
        counts = send(hub)

    assert counts == {"sent": 2, "digest": 0}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@example.org",
        "bruno@example.org",
    ]
    message = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    assert message.subject == "Nouvelle du hub Hub Occitanie"
    # Plain text is not HTML-escaped; the HTML is.
    assert "L'atelier « Démarches & impôts » ouvre pour alice." in message.body
    assert "Voir dans l'administration : http://testserver/admin/hubs/edit/1/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Démarches &amp; impôts" in html and 'lang="fr"' in html
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("http://testserver/courriels/desabonnement/")
    assert unsubscribe in message.body and unsubscribe in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_nothing_is_sent_when_the_action_is_rolled_back(
    hub, coordinators, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send(hub)
        raise RuntimeError("the action failed")

    assert mail.outbox == []


def test_the_mail_is_queued_for_the_commit_not_sent_before(hub, coordinators):
    with transaction.atomic():
        send(hub)
        assert mail.outbox == []


def test_each_person_gets_it_as_they_prefer(hub, coordinators, django_capture_on_commit_callbacks):
    bruno = coordinators[1]
    carla = coordinator_of(hub, username="carla")
    set_frequency(user=bruno, kind=KIND, frequency=Frequency.DAILY)
    set_frequency(user=carla, kind=KIND, frequency=Frequency.NEVER)

    with django_capture_on_commit_callbacks(execute=True):
        counts = send(hub)

    assert counts == {"sent": 1, "digest": 1}
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    entry = DigestEntry.objects.get()
    assert (entry.user, entry.kind, entry.digest) == (bruno, KIND, None)
    assert entry.subject == "Nouvelle du hub Hub Occitanie"
    assert entry.url == "http://testserver/admin/hubs/edit/1/"


def test_a_kind_has_its_own_default(hub, coordinators, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        counts = send(hub, kind=OTHER_KIND)

    assert counts == {"sent": 0, "digest": 2}
    assert mail.outbox == []


def test_apps_declare_roles_and_may_pass_people_or_a_callable(
    hub, django_capture_on_commit_callbacks
):
    reviewer = UserFactory(username="relectrice")
    mediator = UserFactory(username="mediateur")
    reviewers = {"reviewers": lambda obj: [reviewer]}
    with (
        hooks.register_temporarily(ROLES_HOOK, lambda: reviewers),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send(hub, recipients="reviewers")
        send(hub, recipients=lambda obj: [mediator, mediator])
        send(hub, recipients=get_user_model_objects(username="relectrice"))

    assert [message.to[0] for message in mail.outbox] == [
        "relectrice@example.org",
        "mediateur@example.org",
        "relectrice@example.org",
    ]


def get_user_model_objects(**filters):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(**filters)


def test_an_undeclared_kind_or_role_is_a_programming_error(hub):
    with pytest.raises(LookupError, match="maillage_notification_kinds"):
        send(hub, kind="tests.typo")
    with pytest.raises(LookupError, match="maillage_notification_roles"):
        send(hub, recipients="nobody")


# --- Unsubscribing ---------------------------------------------------------------------------


def test_the_unsubscribe_link_asks_then_stops_that_kind_only_without_login(client, coordinators):
    alice = coordinators[0]
    url = reverse("unsubscribe", args=[unsubscribe_token(alice, KIND)])

    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ne plus recevoir ces courriels" in text and "Nouvelles de votre hub" in text
    assert 'method="post"' in text
    assert not NotificationPreference.objects.exists()  # a link scanner changes nothing

    done = client.post(url)
    assert done.status_code == 200
    assert "vous ne recevrez plus de courriel pour « Nouvelles de votre hub »" in (
        done.content.decode()
    )
    assert notifications.frequency_for(alice, notifications.get_kind(KIND)) == Frequency.NEVER
    assert notifications.frequency_for(alice, notifications.get_kind(OTHER_KIND)) == (
        Frequency.DAILY
    )
    assert NotificationPreference.objects.count() == 1


def test_mail_clients_one_click_unsubscribe_needs_no_csrf_token(coordinators):
    alice = coordinators[0]
    url = reverse("unsubscribe", args=[unsubscribe_token(alice, KIND)])

    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=alice).frequency == Frequency.NEVER


def test_a_forged_or_altered_unsubscribe_token_is_refused(client, coordinators):
    alice, bruno = coordinators
    token = unsubscribe_token(alice, KIND)
    forged = [
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "eyJ1IjoxLCJrIjoidGVzdHMuaHViX25ld3MifQ:forged",
        unsubscribe_token(bruno, "tests.undeclared"),
    ]
    for bad in forged:
        response = client.post(reverse("unsubscribe", args=[bad]))
        assert response.status_code == 404
        assert "n'est pas valide" in response.content.decode()
    assert not NotificationPreference.objects.exists()


# --- Daily digests ---------------------------------------------------------------------------


def test_the_digest_sends_one_email_per_person_and_once_a_day(
    hub, coordinators, django_capture_on_commit_callbacks
):
    for user in coordinators:
        set_frequency(user=user, kind=KIND, frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        send(hub)
        send(hub, context={"news": "Deuxième nouvelle"})
    assert mail.outbox == []

    assert send_digests() == 2
    assert send_digests() == 0  # the same day: nothing more

    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bruno@example.org"]
    digest = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    assert "récapitulatif" in digest.subject and "(2)" in digest.subject
    assert "Démarches & impôts" in digest.body and "Deuxième nouvelle" in digest.body
    assert "http://testserver/courriels/desabonnement/" in digest.body
    assert digest.alternatives[0][1] == "text/html"
    assert NotificationDigest.objects.count() == 2
    assert not DigestEntry.objects.filter(digest__isnull=True).exists()

    # What arrives later the same day waits for the next day's digest.
    with django_capture_on_commit_callbacks(execute=True):
        send(hub, context={"news": "Troisième nouvelle"})
    assert send_digests() == 0
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert send_digests(day=tomorrow) == 2
    assert "Troisième nouvelle" in mail.outbox[-1].body
    assert "Deuxième nouvelle" not in mail.outbox[-1].body


def test_the_digest_drops_what_a_person_no_longer_wants(
    hub, coordinators, django_capture_on_commit_callbacks
):
    alice = coordinators[0]
    set_frequency(user=alice, kind=KIND, frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        send(hub, recipients=[alice])
    set_frequency(user=alice, kind=KIND, frequency=Frequency.NEVER)

    assert send_digests() == 0
    assert mail.outbox == []
    assert not DigestEntry.objects.exists()


def test_the_digest_command_is_idempotent(hub, coordinators, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(hub, kind=OTHER_KIND)
    first, second = io.StringIO(), io.StringIO()

    call_command("send_notification_digests", stdout=first)
    call_command("send_notification_digests", stdout=second)

    assert first.getvalue().strip() == "2 récapitulatif(s) envoyé(s)."
    assert second.getvalue().strip() == "0 récapitulatif(s) envoyé(s)."
    assert len(mail.outbox) == 2
    # A digest of one kind carries that kind's one-click unsubscribe header.
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_the_digest_task_runs_the_same_digest():
    from hubsite.tasks import send_notification_digests

    result = send_notification_digests.enqueue()

    assert result.return_value == 0


# --- Preferences in the admin account ---------------------------------------------------------


def test_a_person_chooses_their_frequencies_in_their_account_settings(client, coordinators):
    alice = coordinators[0]
    client.force_login(alice)

    page = client.get(reverse("wagtailadmin_account"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Courriels du portail" in text and "Nouvelles de votre hub" in text
    assert "Dans un récapitulatif quotidien" in text

    response = client.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-first_name": alice.first_name,
            "name_email-last_name": alice.last_name,
            "name_email-email": alice.email,
            "maillage_notifications-tests__hub_news": Frequency.DAILY,
            "maillage_notifications-tests__other": Frequency.NEVER,
            "locale-preferred_language": "fr",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "theme-keyboard_shortcuts": "on",
        },
    )

    assert response.status_code == 302, [
        (panel.name, panel.get_form().errors)
        for panels in response.context["panels_by_tab"].values()
        for panel in panels
    ]
    chosen = dict(
        NotificationPreference.objects.filter(user=alice).values_list("kind", "frequency")
    )
    assert chosen == {KIND: Frequency.DAILY, OTHER_KIND: Frequency.NEVER}
