"""Who may do what with organisations, their members, invitations and join requests.

A mediator's rights come from their memberships only: one organisation's members never see
another's members, invitations or requests, whatever hub either lies in.
"""

from hubsite.permissions import coordinates_object
from projects.models import Invitation, JoinRequest, Membership, Organisation


def membership_of(user, organisation: Organisation) -> Membership | None:
    if not (user.is_authenticated and user.is_active):
        return None
    return Membership.objects.filter(organisation=organisation, user=user).first()


def is_member(user, organisation: Organisation) -> bool:
    return membership_of(user, organisation) is not None


def can_view_members(user, organisation: Organisation) -> bool:
    """See the organisation's page in "Mon espace": its members."""
    return is_member(user, organisation)


def can_manage_members(user, organisation: Organisation) -> bool:
    """Invite, remove members, decide join requests: the organisation's admin members."""
    membership = membership_of(user, organisation)
    return membership is not None and membership.is_admin


def can_remove_member(user, membership: Membership) -> bool:
    """An admin member removes another member; never themselves (they leave instead)."""
    return membership.user_id != user.pk and can_manage_members(user, membership.organisation)


def is_last_admin(membership: Membership) -> bool:
    if not membership.is_admin:
        return False
    others = Membership.objects.filter(organisation_id=membership.organisation_id, is_admin=True)
    return not others.exclude(pk=membership.pk).exists()


def can_leave(user, membership: Membership) -> bool:
    """A member leaves their organisation, unless they are its last admin member."""
    return membership.user_id == user.pk and not is_last_admin(membership)


def can_revoke_invitation(user, invitation: Invitation) -> bool:
    return can_manage_members(user, invitation.organisation)


def can_decide_join_request(user, join_request: JoinRequest) -> bool:
    return can_manage_members(user, join_request.organisation)


def can_view_organisation_in_admin(user, organisation: Organisation) -> bool:
    """A hub's coordinators see the organisations of their hub; the national team all."""
    return coordinates_object(user, organisation)
