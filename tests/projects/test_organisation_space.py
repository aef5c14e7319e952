"""A mediator creates or joins an organisation, invites colleagues, answers join requests,
removes members or leaves; every change is in the organisation's history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from hubsite.roles import MEDIATORS, role_group
from projects import membership_services as services
from projects.models import Invitation, JoinRequest, JoinStatus, Membership, Organisation
from tests.factories import CommuneFactory, UserFactory
from tests.projects.conftest import link_in, outbox_to
from tests.projects.factories import mediator_of, organisation_in, valid_siret

IDENTITY = reverse("projects_account:create_identity")
PLACE = reverse("projects_account:create_place")
HOME = reverse("projects_account:home")


def space(organisation) -> str:
    return reverse("projects_account:organisation", args=[organisation.pk])


def actions(organisation) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(organisation)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def mediator(home):
    user = UserFactory(email="camille@example.org", first_name="Camille", last_name="Durand")
    user.groups.add(role_group(MEDIATORS))
    return user


@pytest.fixture
def signed_in(client, mediator):
    client.force_login(mediator)
    return client


@pytest.fixture
def organisation(hub_a):
    return organisation_in(hub_a, name="Les Connectés de la Charente")


@pytest.fixture
def admin(organisation):
    return mediator_of(organisation, is_admin=True, email="admin@example.org")


def identity(**fields):
    data = {"name": "Numérique pour tous", "legal_form": "association", "siret": "", "rna": ""}
    data.update(fields)
    return data


# --- Creating ------------------------------------------------------------------------------


def test_an_organisation_is_created_in_two_steps_with_its_creator_as_admin(
    signed_in, mediator, commune, sent
):
    siret = valid_siret(4242)
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    response = signed_in.post(IDENTITY, identity(siret=spaced))
    assert response.status_code == 302 and response.url == PLACE
    page = signed_in.get(PLACE)
    assert "Étape 2 sur 2" in page.content.decode()
    postcode = commune.postal_codes.get().code
    response = signed_in.post(
        PLACE, {"address": "12 rue de Périgueux", "postcode": postcode, "website": ""}
    )
    organisation = Organisation.objects.get()
    assert response.status_code == 302 and response.url == space(organisation)
    assert organisation.siret == siret and organisation.commune == commune
    assert organisation.hub == commune.departement.hub
    membership = Membership.objects.get()
    assert membership.user == mediator and membership.is_admin
    assert actions(organisation) == [services.CREATED, services.MEMBER_JOINED]
    assert "est inscrite" in signed_in.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"siret": "1234"}, "Un SIRET compte 14 chiffres."),
        ({"siret": "12345678901234"}, "sa clé de contrôle ne correspond pas"),
        ({"rna": "W12345"}, "Un numéro RNA commence par W suivi de 9 chiffres"),
        ({}, "Indiquez le SIRET de l&#x27;organisation, ou son numéro RNA"),
        ({"name": "", "legal_form": ""}, "Champ requis."),
    ],
)
def test_identifier_errors_are_shown_in_french_and_what_was_typed_kept(signed_in, fields, message):
    response = signed_in.post(IDENTITY, identity(**fields))
    content = response.content.decode()
    assert response.status_code == 400
    assert message in content
    assert "Le formulaire contient" in content
    if fields.get("siret"):
        assert f'value="{fields["siret"]}"' in content
    assert not Organisation.objects.exists()


def test_an_association_may_give_its_rna_number_only(signed_in, commune):
    signed_in.post(IDENTITY, identity(rna="w 123456789"))
    postcode = commune.postal_codes.get().code
    signed_in.post(PLACE, {"address": "1 place de la Mairie", "postcode": postcode})
    assert Organisation.objects.get().rna == "W123456789"


def test_a_postcode_of_several_communes_asks_which_one(signed_in, hub_a):
    departement = hub_a.departements.first()
    first = CommuneFactory(departement=departement, name="Saint-Yrieix", postcodes=["16710"])
    second = CommuneFactory(departement=departement, name="Gond-Pontouvre", postcodes=["16710"])
    signed_in.post(IDENTITY, identity(siret=valid_siret(7)))
    response = signed_in.post(PLACE, {"address": "2 rue Haute", "postcode": "16710"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "couvre plusieurs communes" in content
    assert "Saint-Yrieix" in content and "Gond-Pontouvre" in content
    assert 'type="radio"' in content and 'value="2 rue Haute"' in content
    response = signed_in.post(
        PLACE, {"address": "2 rue Haute", "postcode": "16710", "commune": second.pk}
    )
    assert response.status_code == 302
    assert Organisation.objects.get().commune == second != first


def test_an_unknown_postcode_is_refused(signed_in, commune):
    signed_in.post(IDENTITY, identity(siret=valid_siret(8)))
    response = signed_in.post(PLACE, {"address": "2 rue Haute", "postcode": "99999"})
    assert response.status_code == 400
    assert "Nous ne connaissons pas ce code postal" in response.content.decode()


def test_the_second_step_without_the_first_leads_back_to_it(signed_in):
    response = signed_in.get(PLACE)
    assert response.status_code == 302 and response.url == IDENTITY


def test_signed_out_visitors_are_sent_to_sign_in(client, home):
    for path in (HOME, IDENTITY, PLACE):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailcore_login"))


# --- Joining an organisation already listed ------------------------------------------------


def test_an_organisation_already_listed_is_offered_to_join_not_duplicated(
    signed_in, mediator, organisation, admin, sent
):
    response = signed_in.post(IDENTITY, identity(siret=organisation.siret))
    content = response.content.decode()
    assert response.status_code == 200
    assert "déjà inscrite" in content and "Les Connectés de la Charente" in content
    assert Organisation.objects.count() == 1
    join = reverse("projects_account:ask_to_join", args=[organisation.pk])
    assert join in content
    response = sent(signed_in.post, join)
    assert response.status_code == 302 and response.url == HOME
    join_request = JoinRequest.objects.get()
    assert join_request.user == mediator and join_request.status == JoinStatus.PENDING
    (message,) = outbox_to("admin@example.org")
    assert "Camille Durand demande à rejoindre" in message.subject
    assert space(organisation) in message.body
    assert "en attente de réponse" in signed_in.get(HOME).content.decode()
    # Asking twice keeps one request.
    sent(signed_in.post, join)
    assert JoinRequest.objects.count() == 1


def test_the_same_number_typed_during_a_race_is_still_refused(mediator, organisation, commune):
    with pytest.raises(Exception, match="déjà inscrite"):
        services.create_organisation(
            user=mediator,
            name="Doublon",
            legal_form="association",
            siret=organisation.siret,
            rna="",
            address="1 rue",
            postcode="16000",
            commune=commune,
        )


@pytest.mark.parametrize("decision", ["accepter", "refuser"])
def test_an_admin_member_answers_a_join_request_and_the_person_is_told(
    client, mediator, organisation, admin, sent, decision
):
    join_request = services.request_to_join(user=mediator, organisation=organisation)
    client.force_login(admin)
    page = client.get(space(organisation)).content.decode()
    assert "camille@example.org" in page
    path = reverse(
        "projects_account:decide_request", args=[organisation.pk, join_request.pk, decision]
    )
    response = sent(client.post, path)
    assert response.status_code == 302
    join_request.refresh_from_db()
    accepted = decision == "accepter"
    assert join_request.status == (JoinStatus.ACCEPTED if accepted else JoinStatus.REFUSED)
    assert join_request.decided_by == admin
    assert Membership.objects.filter(user=mediator).exists() is accepted
    (message,) = outbox_to("camille@example.org")
    assert ("Vous avez rejoint" in message.subject) is accepted
    expected = services.MEMBER_JOINED if accepted else services.JOIN_REFUSED
    assert actions(organisation)[-1] == expected
    # A request answered once cannot be answered again.
    sent(client.post, path)
    join_request.refresh_from_db()
    assert join_request.decided_by == admin
    assert Membership.objects.filter(user=mediator).count() == int(accepted)


# --- Invitations ---------------------------------------------------------------------------


def invite(client, organisation, sent, email="collegue@example.org"):
    path = reverse("projects_account:invite", args=[organisation.pk])
    return sent(client.post, path, {"email": email})


def test_an_invitation_is_mailed_and_its_link_lets_the_colleague_join_once(
    client, organisation, admin, sent
):
    client.force_login(admin)
    response = invite(client, organisation, sent)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "collegue@example.org" and invitation.invited_by == admin
    (message,) = outbox_to("collegue@example.org")
    path = link_in(message, "/espace/invitation/")
    token = path.split("/")[-2]
    assert invitation.token_hash != token and token not in invitation.token_hash
    assert "collegue@example.org" in client.get(space(organisation)).content.decode()
    # The colleague, signed out, is asked to sign up or sign in; the invitation waits.
    client.logout()
    page = client.get(path)
    assert "Créer mon compte" in page.content.decode()
    colleague = UserFactory(email="collegue@example.org")
    client.force_login(colleague)
    response = client.post(path)
    assert response.status_code == 302 and response.url == space(organisation)
    membership = Membership.objects.get(user=colleague)
    assert not membership.is_admin
    assert colleague.groups.filter(name=MEDIATORS).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == colleague and invitation.accepted_at
    assert actions(organisation)[-2:] == [services.INVITATION_SENT, services.MEMBER_JOINED]
    reused = client.get(path)
    assert reused.status_code == 410 and "déjà servi" in reused.content.decode()


def test_the_invitation_waits_in_the_session_through_sign_up(client, organisation, admin, sent):
    client.force_login(admin)
    invite(client, organisation, sent, email="nouvelle@example.org")
    path = link_in(outbox_to("nouvelle@example.org")[0], "/espace/invitation/")
    client.logout()
    client.get(path)
    password = "Ateliers-du-mardi-2026"
    sent(
        client.post,
        reverse("projects_account:sign_up"),
        {
            "first_name": "Nour",
            "last_name": "Benali",
            "email": "nouvelle@example.org",
            "password": password,
            "password_again": password,
            "consent": "on",
        },
    )
    verify = link_in(outbox_to("nouvelle@example.org")[-1], "/espace/verification/")
    response = client.post(verify)
    assert response.status_code == 302 and response.url == path
    client.post(path)
    assert Membership.objects.filter(organisation=organisation, user__first_name="Nour").exists()


def test_expired_revoked_and_forged_invitations_are_refused(client, organisation, admin, sent):
    client.force_login(admin)
    invite(client, organisation, sent, email="a@example.org")
    invite(client, organisation, sent, email="b@example.org")
    expired_path = link_in(outbox_to("a@example.org")[0], "/espace/invitation/")
    revoked_path = link_in(outbox_to("b@example.org")[0], "/espace/invitation/")
    Invitation.objects.filter(email="a@example.org").update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    revoked = Invitation.objects.get(email="b@example.org")
    revoke = reverse("projects_account:revoke_invitation", args=[organisation.pk, revoked.pk])
    assert client.post(revoke).status_code == 302
    revoked.refresh_from_db()
    assert revoked.revoked_at is not None
    assert actions(organisation)[-1] == services.INVITATION_REVOKED
    colleague = UserFactory()
    client.force_login(colleague)
    for path, status, message in (
        (expired_path, 410, "a expiré"),
        (revoked_path, 410, "a été annulée"),
        ("/espace/invitation/jeton-invente/", 404, "pas valide"),
    ):
        for response in (client.get(path), client.post(path)):
            assert response.status_code == status
            assert message in response.content.decode()
    assert not Membership.objects.filter(user=colleague).exists()


def test_a_member_cannot_be_invited_twice_and_a_bad_address_is_explained(
    client, organisation, admin, sent
):
    client.force_login(admin)
    invite(client, organisation, sent, email="admin@example.org")
    invite(client, organisation, sent, email="pas-une-adresse")
    assert not Invitation.objects.exists()
    content = client.get(space(organisation)).content.decode()
    assert "déjà membre" in content
    assert "Saisissez une adresse de courriel valide." in content


def test_a_plain_member_cannot_invite(client, organisation, admin, sent):
    member = mediator_of(organisation, is_admin=False)
    client.force_login(member)
    assert "Inviter" not in client.get(space(organisation)).content.decode()
    assert invite(client, organisation, sent).status_code == 404
    assert not Invitation.objects.exists()


# --- Removing and leaving ------------------------------------------------------------------


def test_the_admin_member_removes_another_member(client, organisation, admin):
    member = mediator_of(organisation, is_admin=False)
    membership = Membership.objects.get(user=member)
    client.force_login(admin)
    path = reverse("projects_account:remove_member", args=[organisation.pk, membership.pk])
    response = client.post(path)
    assert response.status_code == 302
    assert not Membership.objects.filter(user=member).exists()
    entry = ModelLogEntry.objects.for_instance(organisation).latest("timestamp", "pk")
    assert entry.action == services.MEMBER_REMOVED and entry.user == admin
    assert entry.data["member_id"] == member.pk


def test_the_admin_member_cannot_remove_themselves_nor_leave_as_last_admin(
    client, organisation, admin
):
    mediator_of(organisation, is_admin=False)
    own = Membership.objects.get(user=admin)
    client.force_login(admin)
    remove = reverse("projects_account:remove_member", args=[organisation.pk, own.pk])
    assert client.post(remove).status_code == 404
    response = client.post(reverse("projects_account:leave", args=[organisation.pk]))
    assert response.status_code == 302
    assert Membership.objects.filter(pk=own.pk).exists()
    assert "seule personne à gérer les membres" in client.get(space(organisation)).content.decode()


def test_a_member_leaves(client, organisation, admin):
    member = mediator_of(organisation, is_admin=False)
    client.force_login(member)
    response = client.post(reverse("projects_account:leave", args=[organisation.pk]))
    assert response.status_code == 302 and response.url == HOME
    assert not Membership.objects.filter(user=member).exists()
    assert actions(organisation)[-1] == services.MEMBER_LEFT


def test_the_organisation_page_costs_the_same_queries_however_many_members(
    client, organisation, admin
):
    client.force_login(admin)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(space(organisation)).status_code == 200
        return len(queries)

    mediator_of(organisation, is_admin=False)
    services.request_to_join(user=UserFactory(), organisation=organisation)
    services.invite(organisation=organisation, email="premier@example.org", by=admin)
    count()  # the first request of a session also loads what later ones keep
    small = count()
    for _ in range(5):
        mediator_of(organisation, is_admin=False)
        services.request_to_join(user=UserFactory(), organisation=organisation)
        services.invite(organisation=organisation, email=f"{_}@example.org", by=admin)
    assert count() == small
