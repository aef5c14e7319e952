"""Organisations and who belongs to them: creating one, asking to join, inviting, removing,
leaving. Every change of membership is written in the organisation's history (Wagtail's
``ModelLogEntry``, the actions of ``LOG_ACTIONS``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from hubsite import tokens
from hubsite.models import Commune
from hubsite.notifications import absolute_url, notify
from hubsite.roles import MEDIATORS, role_group
from projects import organisation_media, permissions
from projects.emails import send_account_email
from projects.models import (
    Invitation,
    JoinRequest,
    JoinStatus,
    Membership,
    Organisation,
)

CREATED = "projects.organisation_created"
MEMBER_JOINED = "projects.member_joined"
MEMBER_REMOVED = "projects.member_removed"
MEMBER_LEFT = "projects.member_left"
INVITATION_SENT = "projects.invitation_sent"
INVITATION_REVOKED = "projects.invitation_revoked"
JOIN_REQUESTED = "projects.join_requested"
JOIN_REFUSED = "projects.join_refused"
LOG_ACTIONS = {
    CREATED: gettext_lazy("Organisation inscrite"),
    MEMBER_JOINED: gettext_lazy("Membre ajouté"),
    MEMBER_REMOVED: gettext_lazy("Membre retiré"),
    MEMBER_LEFT: gettext_lazy("Membre parti"),
    INVITATION_SENT: gettext_lazy("Invitation envoyée"),
    INVITATION_REVOKED: gettext_lazy("Invitation annulée"),
    JOIN_REQUESTED: gettext_lazy("Demande d'adhésion reçue"),
    JOIN_REFUSED: gettext_lazy("Demande d'adhésion refusée"),
}
JOIN_REQUEST_KIND = "projects.join_request"


def person(user) -> str:
    return user.get_full_name() or user.email or user.get_username()


def _log(organisation: Organisation, action: str, *, by, about=None, **data) -> None:
    if about is not None:
        data.update(member=person(about), member_id=about.pk)
    log(instance=organisation, action=action, user=by, data=data)


def space_url(organisation: Organisation) -> str:
    return absolute_url(reverse("projects_account:organisation", args=[organisation.pk]))


def registered_organisation(*, siret: str, rna: str) -> Organisation | None:
    """The organisation already listed under this SIRET or RNA number, if any."""
    if siret:
        found = Organisation.objects.filter(siret=siret).first()
        if found:
            return found
    if rna:
        return Organisation.objects.filter(rna=rna).first()
    return None


def _add_member(organisation: Organisation, user, *, by, is_admin: bool = False, **data):
    membership, created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"is_admin": is_admin}
    )
    if created:
        user.groups.add(role_group(MEDIATORS))
        organisation_media.sync_member(organisation, user)
        _log(organisation, MEMBER_JOINED, by=by, about=user, is_admin=is_admin, **data)
    return membership


@transaction.atomic
def create_organisation(
    *,
    user,
    name: str,
    legal_form: str,
    siret: str,
    rna: str,
    address: str,
    postcode: str,
    commune: Commune,
    website: str = "",
) -> Organisation:
    """List a new organisation with ``user`` as its first, admin member. One already listed
    under the same SIRET or RNA is refused: its members are asked instead."""
    organisation = Organisation(
        name=name.strip(),
        legal_form=legal_form,
        siret=siret,
        rna=rna,
        address=address.strip(),
        postcode=postcode.strip(),
        commune=commune,
        website=website,
    )
    # The unique numbers are checked below, with a message that says what to do instead.
    organisation.full_clean(validate_constraints=False)
    already = _("Une organisation est déjà inscrite avec ce numéro : demandez à la rejoindre.")
    if registered_organisation(siret=organisation.siret, rna=organisation.rna):
        raise ValidationError(already)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:  # listed by someone else a moment ago
        raise ValidationError(already) from None
    _log(organisation, CREATED, by=user)
    _add_member(organisation, user, by=user, is_admin=True)
    return organisation


def _admins(organisation: Organisation):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        memberships__organisation=organisation, memberships__is_admin=True
    )


@transaction.atomic
def request_to_join(*, user, organisation: Organisation) -> JoinRequest:
    """Ask ``organisation``'s admin members to let ``user`` in (they get an e-mail); asking
    again while a request waits returns that request."""
    if permissions.is_member(user, organisation):
        raise ValidationError(_("Vous êtes déjà membre de cette organisation."))
    pending = JoinRequest.objects.filter(
        organisation=organisation, user=user, status=JoinStatus.PENDING
    ).first()
    if pending is not None:
        return pending
    join_request = JoinRequest.objects.create(organisation=organisation, user=user)
    _log(organisation, JOIN_REQUESTED, by=user, about=user)
    notify(
        recipients=_admins(organisation),
        kind=JOIN_REQUEST_KIND,
        template="projects/email/join_request",
        context={
            "organisation": organisation,
            "requester": person(user),
            "requester_email": user.email,
            "space_url": space_url(organisation),
        },
    )
    return join_request


@transaction.atomic
def decide_join_request(*, join_request: JoinRequest, by, accept: bool) -> JoinRequest:
    """Accept (the person becomes a member) or refuse a waiting request; the person is told."""
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not permissions.can_decide_join_request(by, join_request):
        raise PermissionDenied
    if join_request.status != JoinStatus.PENDING:
        raise ValidationError(_("Cette demande a déjà reçu une réponse."))
    join_request.status = JoinStatus.ACCEPTED if accept else JoinStatus.REFUSED
    join_request.decided_at, join_request.decided_by = timezone.now(), by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    organisation = join_request.organisation
    if accept:
        _add_member(organisation, join_request.user, by=by, join_request=join_request.pk)
    else:
        _log(organisation, JOIN_REFUSED, by=by, about=join_request.user)
    send_account_email(
        to=join_request.user.email,
        template="projects/email/join_decision",
        context={
            "organisation": organisation,
            "accepted": accept,
            "space_url": space_url(organisation),
        },
    )
    return join_request


@transaction.atomic
def invite(*, organisation: Organisation, email: str, by) -> Invitation:
    """E-mail ``email`` a link to join ``organisation``, valid ``INVITATION_DAYS`` days."""
    if not permissions.can_manage_members(by, organisation):
        raise PermissionDenied
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(_("Cette personne est déjà membre de l'organisation."))
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        token_hash=token_hash,
        invited_by=by,
        expires_at=Invitation.default_expiry(),
    )
    _log(organisation, INVITATION_SENT, by=by, email=email, invitation=invitation.pk)
    send_account_email(
        to=email,
        template="projects/email/invitation",
        context={
            "organisation": organisation,
            "inviter": person(by),
            "url": absolute_url(reverse("projects_account:invitation", args=[token])),
            "expires_at": invitation.expires_at,
        },
    )
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not permissions.can_revoke_invitation(by, invitation):
        raise PermissionDenied
    if not invitation.is_pending:
        raise ValidationError(_("Cette invitation n'est plus en attente."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    _log(
        invitation.organisation,
        INVITATION_REVOKED,
        by=by,
        email=invitation.email,
        invitation=invitation.pk,
    )


def invitation_for(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=tokens.digest(token))
        .first()
    )


def invitation_problem(invitation: Invitation | None) -> str:
    """Why an invitation link cannot be used, in French; empty when it can."""
    if invitation is None:
        return _("Ce lien d'invitation n'est pas valide. Copiez-le en entier depuis le courriel.")
    if invitation.accepted_at:
        return _("Cette invitation a déjà servi.")
    if invitation.revoked_at:
        return _("Cette invitation a été annulée par l'organisation.")
    if invitation.is_expired:
        return _(
            "Cette invitation a expiré. Demandez à un membre de l'organisation de vous en "
            "envoyer une nouvelle."
        )
    return ""


@transaction.atomic
def accept_invitation(*, token: str, user) -> Membership:
    """Make ``user`` a member of the organisation the invitation names; the link then dies."""
    found = invitation_for(token)
    invitation = found and Invitation.objects.select_for_update().get(pk=found.pk)
    if problem := invitation_problem(invitation):
        raise ValidationError(problem)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return _add_member(
        invitation.organisation, user, by=user, invitation=invitation.pk, email=invitation.email
    )


@transaction.atomic
def remove_member(*, membership: Membership, by) -> None:
    """An admin member removes another member."""
    if not permissions.can_remove_member(by, membership):
        raise PermissionDenied
    membership.delete()
    organisation_media.sync_member(membership.organisation, membership.user)
    _log(membership.organisation, MEMBER_REMOVED, by=by, about=membership.user)


@transaction.atomic
def leave(*, membership: Membership, by) -> None:
    """A member leaves; the last admin member cannot, or nobody could manage the others."""
    if membership.user_id != by.pk:
        raise PermissionDenied
    if not permissions.can_leave(by, membership):
        raise ValidationError(
            _(
                "Vous êtes la seule personne à gérer les membres de cette organisation : "
                "vous ne pouvez pas la quitter."
            )
        )
    membership.delete()
    organisation_media.sync_member(membership.organisation, by)
    _log(membership.organisation, MEMBER_LEFT, by=by, about=by)
