"""Asking a venue to confirm its data: the personal link (expiry, reuse, forgery, revocation),
confirming as is, proposing corrections, the coordinator's review in the admin (history kept),
the unsubscribe link and what the public venue page says."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from directory import confirmation_service as service
from directory.models import ConfirmationRequest, ProposalStatus, Status, Venue
from directory.vocabulary import Fee, Service
from tests.directory.factories import venue_in
from tests.factories import coordinator_of

pytestmark = pytest.mark.usefixtures("empty_cache")

LINK_RE = re.compile(r"http://testserver(/lieux/confirmer/[\w-]+/)\s")


@pytest.fixture
def venue(hub_a):
    return venue_in(
        hub_a,
        name="Médiathèque des Halles",
        emails="accueil@halles.example.org",
        phone="+33545123456",
        status=Status.QUALIFIED,
    )


def ask(venue, by, capture) -> str:
    """Send ``venue`` a request; the path of the link its e-mail carries."""
    with capture(execute=True):
        service.request_confirmation(venue=venue, by=by)
    body = mail.outbox[-1].body
    return LINK_RE.search(body).group(1)


def actions_of(venue) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(venue.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_the_request_emails_a_personal_link_stored_only_hashed(
    venue, coordinator, django_capture_on_commit_callbacks
):
    path = ask(venue, coordinator, django_capture_on_commit_callbacks)

    message = mail.outbox[0]
    assert message.to == ["accueil@halles.example.org"]
    assert "Médiathèque des Halles" in message.subject
    token = path.rstrip("/").rsplit("/", 1)[1]
    stored = ConfirmationRequest.objects.get()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert "/desabonnement/" in message.extra_headers["List-Unsubscribe"]
    assert "/desabonnement/" in message.body and "/desabonnement/" in message.alternatives[0][0]
    assert "Choisir quand les recevoir" not in message.alternatives[0][0]
    assert service.LOG_REQUESTED in actions_of(venue)


def test_the_venue_confirms_as_is_once_without_an_account(
    client, venue, coordinator, django_capture_on_commit_callbacks
):
    Venue.objects.filter(pk=venue.pk).update(confirmed_at=None)
    path = ask(venue, coordinator, django_capture_on_commit_callbacks)

    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tout est exact : je confirme" in html and "Médiathèque des Halles" in html
    assert page["Referrer-Policy"] == "same-origin"

    response = client.post(path, {"action": "confirm"})
    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.confirmed_at is not None and venue.is_confirmed_recently
    assert service.LOG_CONFIRMED in actions_of(venue)

    # Used: the link now thanks, and a second answer changes nothing.
    again = client.post(path, {"action": "correct", "phone": "05 45 00 00 00"})
    assert again.status_code == 200
    assert "Merci, votre réponse est enregistrée" in again.content.decode()
    venue.refresh_from_db()
    assert venue.phone == "+33545123456"
    assert ConfirmationRequest.objects.get().proposal == {}


def test_an_expired_a_forged_and_a_revoked_link_say_so(
    client, venue, coordinator, django_capture_on_commit_callbacks, settings
):
    path = ask(venue, coordinator, django_capture_on_commit_callbacks)
    confirmation = ConfirmationRequest.objects.get()

    forged = client.get(path[:-5] + "xxxx/")
    assert forged.status_code == 404
    assert "Ce lien n'est pas valide" in forged.content.decode()

    ConfirmationRequest.objects.filter(pk=confirmation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    expired = client.post(path, {"action": "confirm"})
    assert expired.status_code == 410
    assert "Ce lien a expiré" in expired.content.decode()
    assert ConfirmationRequest.objects.get().used_at is None

    # A new request revokes the earlier link, expired or not.
    ConfirmationRequest.objects.filter(pk=confirmation.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=3)
    )
    newer = ask(venue, coordinator, django_capture_on_commit_callbacks)
    revoked = client.get(path)
    assert revoked.status_code == 410
    assert "Ce lien a été annulé" in revoked.content.decode()
    assert client.get(newer).status_code == 200


def test_the_coordinator_revokes_a_link(
    client, venue, coordinator, django_capture_on_commit_callbacks
):
    path = ask(venue, coordinator, django_capture_on_commit_callbacks)
    confirmation = ConfirmationRequest.objects.get()
    client.force_login(coordinator)

    response = client.post(reverse("venues:revoke_confirmation", args=[confirmation.pk]))

    assert response.status_code == 302
    client.logout()
    assert client.get(path).status_code == 410
    assert service.LOG_REVOKED in actions_of(venue)


def propose(client, path, **changes):
    data = {
        "action": "correct",
        "opening_hours": "Mo-Fr 09:00-12:00,14:00-17:00",
        "phone": "05 45 12 34 56",
        "emails": "accueil@halles.example.org",
        "websites": "",
        "booking_url": "",
        "services": [Service.DEMARCHES],
        "fees": [Fee.GRATUIT],
        "comment": "",
    }
    data.update(changes)
    return client.post(path, data)


def test_a_bad_correction_is_refused_with_a_french_message_and_nothing_lost(
    client, venue, coordinator, django_capture_on_commit_callbacks
):
    path = ask(venue, coordinator, django_capture_on_commit_callbacks)

    response = propose(client, path, opening_hours="lundi matin", phone="12", emails="pas-un@")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Ces horaires ne se lisent pas" in html
    assert "Numéro illisible" in html
    assert "n&#x27;est pas un courriel valide" in html or "n'est pas un courriel valide" in html
    assert 'value="lundi matin"' in html
    assert ConfirmationRequest.objects.get().used_at is None

    unchanged = propose(client, path)
    assert unchanged.status_code == 400
    assert "Vous n&#x27;avez rien corrigé" in unchanged.content.decode()


def test_corrections_accepted_field_by_field_are_written_with_history(
    client, venue, coordinator, django_capture_on_commit_callbacks
):
    path = ask(venue, coordinator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = propose(
            client,
            path,
            opening_hours="Tu-Sa 10:00-18:00",
            phone="05 45 99 88 77",
            services=[Service.DEMARCHES, Service.SECURITE],
            comment="Nouveaux horaires depuis septembre.",
        )
    assert response.status_code == 302
    confirmation = ConfirmationRequest.objects.get()
    assert confirmation.proposal_status == ProposalStatus.PENDING
    assert set(confirmation.proposal) == {"opening_hours", "phone", "services"}
    venue.refresh_from_db()
    assert venue.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00"  # not before review
    # The coordinator is told.
    told = [m for m in mail.outbox if coordinator.email in m.to]
    assert told and "Corrections proposées" in told[0].subject
    assert reverse("venues:review_confirmation", args=[confirmation.pk]) in told[0].body

    client.force_login(coordinator)
    review = reverse("venues:review_confirmation", args=[confirmation.pk])
    page = client.get(review)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tu-Sa 10:00-18:00" in html and "Nouveaux horaires depuis septembre." in html

    # Refusing a field needs a reason.
    refused = client.post(review, {"accept": ["opening_hours", "services"]})
    assert refused.status_code == 200
    assert "Indiquez le motif du refus" in refused.content.decode()

    done = client.post(
        review, {"accept": ["opening_hours", "services"], "reason": "Le standard reste le même."}
    )
    assert done.status_code == 302
    venue.refresh_from_db()
    assert venue.opening_hours == "Tu-Sa 10:00-18:00"
    assert set(venue.services) == {Service.DEMARCHES, Service.SECURITE}
    assert venue.phone == "+33545123456"
    assert venue.opening_intervals.filter(weekday=5).exists()
    confirmation.refresh_from_db()
    assert confirmation.proposal_status == ProposalStatus.PARTLY
    entry = ModelLogEntry.objects.get(object_id=str(venue.pk), action=service.LOG_ACCEPTED)
    assert entry.user_id == coordinator.pk
    assert entry.data["request"] == confirmation.pk
    assert entry.data["refused"] == ["phone"]
    assert entry.data["changes"]["opening_hours"] == [
        "Mo-Fr 09:00-12:00,14:00-17:00",
        "Tu-Sa 10:00-18:00",
    ]
    history = client.get(reverse("venues:history", args=[venue.pk])).content.decode()
    assert f"demande n° {confirmation.pk}" in history

    again = client.post(review, {"accept": ["phone"]})
    assert "déjà été examinées" in again.content.decode()


def test_corrections_refused_whole_keep_the_reason(
    client, venue, coordinator, django_capture_on_commit_callbacks
):
    path = ask(venue, coordinator, django_capture_on_commit_callbacks)
    propose(client, path, phone="05 45 99 88 77")
    confirmation = ConfirmationRequest.objects.get()
    client.force_login(coordinator)

    response = client.post(
        reverse("venues:review_confirmation", args=[confirmation.pk]),
        {"accept": ["phone"], "refuse_all": "1", "reason": "Numéro d'une autre structure."},
    )

    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.phone == "+33545123456"
    confirmation.refresh_from_db()
    assert confirmation.proposal_status == ProposalStatus.REFUSED
    assert confirmation.refusal_reason == "Numéro d'une autre structure."
    entry = ModelLogEntry.objects.get(object_id=str(venue.pk), action=service.LOG_REFUSED)
    assert entry.data["reason"] == "Numéro d'une autre structure."


def test_the_coordinator_confirms_as_is_and_qualification_confirms(client, hub_a, coordinator):
    venue = venue_in(hub_a, status=Status.PENDING, confirmed_at=None)
    client.force_login(coordinator)

    client.post(reverse("venues:qualify", args=[venue.pk]), {"reason": ""})
    venue.refresh_from_db()
    assert venue.status == Status.QUALIFIED and venue.is_confirmed_recently

    old = timezone.now() - datetime.timedelta(days=500)
    Venue.objects.filter(pk=venue.pk).update(confirmed_at=old)
    assert client.post(reverse("venues:confirm", args=[venue.pk])).status_code == 302
    venue.refresh_from_db()
    assert venue.is_confirmed_recently
    entry = ModelLogEntry.objects.filter(action=service.LOG_CONFIRMED).latest("timestamp")
    assert entry.user_id == coordinator.pk


def test_the_unsubscribe_link_stops_requests(
    client, venue, coordinator, django_capture_on_commit_callbacks
):
    path = ask(venue, coordinator, django_capture_on_commit_callbacks)
    unsubscribe = path + "desabonnement/"

    asked = client.get(unsubscribe)
    assert asked.status_code == 200 and "Confirmer : ne plus recevoir" in asked.content.decode()
    assert not Venue.objects.get(pk=venue.pk).confirmation_opt_out
    assert client.post(unsubscribe).status_code == 200

    venue.refresh_from_db()
    assert venue.confirmation_opt_out
    assert client.get(path).status_code == 410  # its live link was revoked
    client.force_login(coordinator)
    response = client.post(reverse("venues:request_confirmation", args=[venue.pk]), follow=True)
    assert "a demandé à ne plus recevoir" in response.content.decode()
    assert ConfirmationRequest.objects.count() == 1


def test_the_page_is_throttled(client, venue, coordinator, django_capture_on_commit_callbacks):
    from directory.views_confirmation import HITS_PER_CLIENT_PER_HOUR

    path = ask(venue, coordinator, django_capture_on_commit_callbacks)
    for _ in range(HITS_PER_CLIENT_PER_HOUR):
        client.get(path[:-3] + "zz/")
    response = client.get(path)
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


def test_the_public_venue_page_says_when_it_was_confirmed(client, hub_a):
    fresh = venue_in(hub_a, confirmed_at=datetime.datetime(2026, 3, 12, 10, tzinfo=datetime.UTC))
    stale = venue_in(hub_a, confirmed_at=timezone.now() - datetime.timedelta(days=400))
    never = venue_in(hub_a, confirmed_at=None)

    assert (
        "Informations confirmées le 12 mars 2026"
        in client.get(fresh.get_absolute_url()).content.decode()
    )
    assert (
        "non confirmées depuis plus d'un an"
        in client.get(stale.get_absolute_url()).content.decode()
    )
    assert "Informations jamais confirmées" in client.get(never.get_absolute_url()).content.decode()


def test_the_admin_listing_filters_by_confirmation(client, hub_a, coordinator):
    recent = venue_in(hub_a, name="Récent")
    old = venue_in(hub_a, name="Ancien", confirmed_at=timezone.now() - datetime.timedelta(days=400))
    never = venue_in(hub_a, name="Jamais", confirmed_at=None)
    client.force_login(coordinator)

    def listed(value):
        response = client.get(reverse("venues:list"), {"confirmation": value})
        return {venue.pk for venue in response.context["object_list"]}

    assert listed("recent") == {recent.pk}
    assert listed("old") == {old.pk}
    assert listed("never") == {never.pk}
    assert listed("stale") == {old.pk, never.pk}


def test_the_bulk_action_asks_each_selected_venue_and_says_who_was_skipped(
    client, hub_a, coordinator, django_capture_on_commit_callbacks
):
    with_email = venue_in(hub_a, emails="a@example.org")
    without = venue_in(hub_a, emails="", name="Sans courriel")
    client.force_login(coordinator)
    url = reverse("wagtail_bulk_action", args=("directory", "venue", "request_confirmation"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{url}?id={with_email.pk}&id={without.pk}&next={reverse('venues:list')}", follow=True
        )

    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "Sans courriel" in response.content.decode()
    assert ConfirmationRequest.objects.get().venue == with_email


def test_another_hubs_coordinator_cannot_review_nor_revoke(
    client, venue, hub_b, django_capture_on_commit_callbacks
):
    path = ask(venue, None, django_capture_on_commit_callbacks)
    propose(client, path, phone="05 45 99 88 77")
    confirmation = ConfirmationRequest.objects.get()
    client.force_login(coordinator_of(hub_b))

    review = reverse("venues:review_confirmation", args=[confirmation.pk])
    revoke = reverse("venues:revoke_confirmation", args=[confirmation.pk])
    for response in (
        client.get(review),
        client.post(review, {"accept": ["phone"]}),
        client.post(revoke),
    ):
        # Wagtail answers a refusal with a redirect to the admin home.
        assert response.status_code == 302 and response.url == "/admin/"
    assert ConfirmationRequest.objects.get().proposal_status == ProposalStatus.PENDING


def test_the_edit_page_offers_to_confirm_as_is(client, hub_a, coordinator):
    venue = venue_in(hub_a, confirmed_at=None)
    client.force_login(coordinator)

    html = client.get(reverse("venues:edit", args=[venue.pk])).content.decode()

    assert "Informations jamais confirmées." in html
    assert f'action="{reverse("venues:confirm", args=[venue.pk])}"' in html


def test_the_confirmation_page_is_prefilled_in_a_constant_number_of_queries(
    client, venue, coordinator, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    path = ask(venue, coordinator, django_capture_on_commit_callbacks)

    # The request with its venue and hub; the rest is the base layout (hubs menu, site).
    with django_assert_max_num_queries(4):
        html = client.get(path).content.decode()

    assert 'value="Mo-Fr 09:00-12:00,14:00-17:00"' in html
    assert 'value="accueil@halles.example.org"' in html
    assert "lundi" in html.lower()  # the hours as a person reads them
