"""A mediator signs up from the public site: password rules, consent, the e-mail link that
activates the account (expired, reused, forged), the throttle, and no way to learn whether
an address has an account."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.urls import reverse

from hubsite.roles import MEDIATORS
from projects import signup
from projects.models import SignUp
from projects.views_account import RESENDS_PER_ADDRESS_PER_HOUR, SIGNUPS_PER_CLIENT_PER_HOUR
from tests.factories import UserFactory
from tests.projects.conftest import link_in, outbox_to

SIGN_UP = reverse("projects_account:sign_up")
SENT = reverse("projects_account:sign_up_sent")
RESEND = reverse("projects_account:resend")
PASSWORD = "Ateliers-du-mardi-2026"


def form(**fields):
    data = {
        "first_name": "Camille",
        "last_name": "Durand",
        "email": "camille.durand@example.org",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "consent": "on",
    }
    data.update(fields)
    return data


def post(client, sent, url=SIGN_UP, **fields):
    return sent(client.post, url, form(**fields) if url == SIGN_UP else fields)


def verify_path(address="camille.durand@example.org") -> str:
    return link_in(outbox_to(address)[-1], "/espace/verification/")


@pytest.fixture
def home_site(home):
    return home


pytestmark = pytest.mark.usefixtures("home_site")


def test_sign_up_opens_an_inactive_account_and_sends_a_link(client, sent):
    response = post(client, sent)
    assert response.status_code == 302 and response.url == SENT
    user = get_user_model().objects.get(email="camille.durand@example.org")
    assert not user.is_active and user.check_password(PASSWORD)
    assert user.username == "camille.durand@example.org"
    assert SignUp.objects.get(user=user).verified_at is None
    (message,) = mail.outbox
    assert message.to == ["camille.durand@example.org"]
    assert "confirmez votre adresse" in message.subject
    assert "/espace/verification/" in message.body
    html = message.alternatives[0][0]
    assert "Confirmer mon adresse" in html and "Choisir quand les recevoir" not in html
    page = client.get(SENT)
    assert "Regardez votre messagerie" in page.content.decode()


def test_the_address_is_compared_without_case_and_spaces(client, sent):
    post(client, sent, email="  Camille.Durand@Example.org ")
    assert get_user_model().objects.get().email == "camille.durand@example.org"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("court1", "trop court"),
        ("motdepasse", "trop courant"),
        ("8364927150", "entièrement numérique"),
        ("camille.durand", "trop semblable"),
    ],
)
def test_the_password_rules_of_django_are_shown_in_french(client, sent, password, message):
    response = post(client, sent, password=password, password_again=password)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not get_user_model().objects.exists() and not mail.outbox


def test_two_different_passwords_and_no_consent_are_refused(client, sent):
    response = post(client, sent, password_again="autre-chose-2026", consent="")
    content = response.content.decode()
    assert response.status_code == 400
    assert "ne sont pas identiques" in content
    assert "Cochez cette case pour créer votre compte." in content
    # What the person typed is kept, except the passwords.
    assert 'value="camille.durand@example.org"' in content
    assert PASSWORD not in content


def test_a_known_address_gets_the_same_answer_and_its_owner_an_e_mail(client, sent):
    owner = UserFactory(email="camille.durand@example.org", first_name="Camille")
    owner_password = owner.password
    response = post(client, sent)
    assert response.status_code == 302 and response.url == SENT
    assert get_user_model().objects.count() == 1
    owner.refresh_from_db()
    assert owner.password == owner_password and owner.is_active
    (message,) = mail.outbox
    assert "déjà un compte" in message.subject
    assert "/admin/password_reset/" in message.body
    assert "/espace/verification/" not in message.body


def test_the_answers_for_a_new_and_a_known_address_cannot_be_told_apart(client, sent):
    UserFactory(email="deja@example.org")
    known = post(client, sent, email="deja@example.org")
    new = post(client, sent, email="nouvelle@example.org")
    assert (known.status_code, known.url) == (new.status_code, new.url)
    assert client.get(known.url).content == client.get(new.url).content


def test_an_account_the_national_team_disabled_is_never_reactivated(client, sent):
    disabled = UserFactory(email="camille.durand@example.org", is_active=False)
    post(client, sent)
    post(client, sent, url=RESEND, email="camille.durand@example.org")
    disabled.refresh_from_db()
    assert not disabled.is_active
    assert all("/espace/verification/" not in m.body for m in mail.outbox)


def test_the_link_asks_for_a_click_then_activates_signs_in_and_makes_a_mediator(client, sent):
    post(client, sent)
    path = verify_path()
    page = client.get(path)
    assert page.status_code == 200 and "Activer mon compte" in page.content.decode()
    # Following the link (as mail scanners do) activates nothing.
    assert not get_user_model().objects.get().is_active
    response = client.post(path)
    assert response.status_code == 302
    assert response.url == reverse("projects_account:home")
    user = get_user_model().objects.get()
    assert user.is_active and user.groups.filter(name=MEDIATORS).exists()
    assert SignUp.objects.get(user=user).verified_at is not None
    assert client.get(response.url).wsgi_request.user == user


def test_a_used_link_says_so_and_offers_to_sign_in(client, sent):
    post(client, sent)
    path = verify_path()
    client.post(path)
    client.logout()
    for response in (client.get(path), client.post(path)):
        content = response.content.decode()
        assert response.status_code == 200
        assert "déjà servi" in content and reverse("wagtailcore_login") in content
    assert "_auth_user_id" not in client.session


class PastSigner(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - signup.VERIFICATION_MAX_AGE - 60)


def test_an_expired_link_says_so_offers_a_new_one_and_activates_nothing(client, sent):
    post(client, sent)
    record = SignUp.objects.get()
    payload = signing.loads(verify_path().split("/")[-2], salt=signup.VERIFICATION_SALT)
    token = PastSigner(salt=signup.VERIFICATION_SALT).sign_object(payload)
    path = reverse("projects_account:verify", args=[token])
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 410
        assert "a expiré" in response.content.decode()
        assert RESEND in response.content.decode()
    record.user.refresh_from_db()
    assert not record.user.is_active


@pytest.mark.parametrize("kind", ["garbage", "altered", "other_salt", "unknown_signup"])
def test_a_forged_link_is_refused(client, sent, kind):
    post(client, sent)
    genuine = verify_path().split("/")[-2]
    record = SignUp.objects.get()
    token = {
        "garbage": "pas-un-jeton",
        "altered": genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB"),
        "other_salt": signing.dumps({"s": record.pk, "h": "x"}, salt="hubsite.notifications"),
        "unknown_signup": signing.dumps(
            {"s": record.pk + 1000, "h": "x"}, salt=signup.VERIFICATION_SALT
        ),
    }[kind]
    path = reverse("projects_account:verify", args=[token])
    response = client.post(path)
    assert response.status_code == 404 and "pas valide" in response.content.decode()
    record.user.refresh_from_db()
    assert not record.user.is_active


def test_signing_up_again_before_checking_changes_nothing_and_sends_a_new_link(client, sent):
    """Someone else signing up with a pending address must not set the account's password
    (the owner would activate an account whose password another person knows)."""
    post(client, sent)
    first = verify_path()
    mail.outbox.clear()
    post(
        client,
        sent,
        first_name="Intrus",
        password="Nouveau-mot-de-passe-9",
        password_again="Nouveau-mot-de-passe-9",
    )
    (message,) = mail.outbox
    assert "mot de passe choisi la première fois" in message.body
    assert "/admin/password_reset/" in message.body
    second = verify_path()
    assert get_user_model().objects.count() == 1
    client.post(second)
    user = get_user_model().objects.get()
    assert user.is_active and user.check_password(PASSWORD)
    assert not user.check_password("Nouveau-mot-de-passe-9") and user.first_name == "Camille"
    # Both links named the same account, now active.
    assert "déjà servi" in client.post(first).content.decode()


def test_a_new_link_is_sent_for_an_unchecked_account_only_with_the_same_answer(client, sent):
    post(client, sent)
    UserFactory(email="active@example.org")
    mail.outbox.clear()
    answers = [
        post(client, sent, url=RESEND, email=address)
        for address in ("camille.durand@example.org", "active@example.org", "personne@example.org")
    ]
    assert {(a.status_code, a.url) for a in answers} == {(302, SENT)}
    (message,) = mail.outbox
    assert message.to == ["camille.durand@example.org"]
    assert client.post(link_in(message, "/espace/verification/")).status_code == 302


def test_sign_ups_are_throttled_per_client_with_a_french_message(client, sent):
    for n in range(SIGNUPS_PER_CLIENT_PER_HOUR):
        assert post(client, sent, email=f"personne{n}@example.org").status_code == 302
    response = post(client, sent, email="une-de-trop@example.org")
    assert response.status_code == 429
    assert "Réessayez dans une heure" in response.content.decode()
    assert not get_user_model().objects.filter(email="une-de-trop@example.org").exists()
    other_client = client_class_for(client)
    other = sent(other_client.post, SIGN_UP, form(email="ailleurs@example.org"))
    assert other.status_code == 302


def client_class_for(client):
    return type(client)(REMOTE_ADDR="192.0.2.77")


def test_new_links_are_throttled_per_address(client, sent):
    post(client, sent)
    for n in range(RESENDS_PER_ADDRESS_PER_HOUR):
        # From several clients: the address itself is limited.
        other = type(client)(REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert sent(other.post, RESEND, {"email": "camille.durand@example.org"}).status_code == 302
    response = post(client, sent, url=RESEND, email="camille.durand@example.org")
    assert response.status_code == 429
    assert "Réessayez dans une heure" in response.content.decode()


def test_a_signed_in_person_is_led_to_their_organisation(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(SIGN_UP)
    assert response.status_code == 302 and response.url == reverse("projects_account:home")
