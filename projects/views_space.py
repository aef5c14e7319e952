""" "Mon espace" → "Mon organisation": create or join an organisation, see its members,
invite colleagues, answer join requests, remove members, leave.

Every object is taken from the URL through the signed-in person's own memberships: another
organisation's members, invitations or requests answer 404, as if they did not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from projects import membership_services as services
from projects import permissions
from projects.forms_account import IdentityForm, InvitationForm, PlaceForm
from projects.models import Invitation, JoinRequest, JoinStatus, Membership, Organisation
from projects.views_account import INVITATION_SESSION_KEY

NEW_ORGANISATION_SESSION_KEY = "projects_new_organisation"


def space_login_required(view):
    return login_required(view, login_url="wagtailcore_login")


def _organisation_of_admin(user, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not permissions.can_manage_members(user, organisation):
        raise Http404
    return organisation


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@space_login_required
def home(request):
    """The person's organisations and waiting requests, and the way to create or join one."""
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    waiting = JoinRequest.objects.filter(
        user=request.user, status=JoinStatus.PENDING
    ).select_related("organisation")
    context = {"memberships": memberships, "waiting": waiting}
    return TemplateResponse(request, "projects/account/home.html", context)


@space_login_required
@require_http_methods(["GET", "POST"])
def create_identity(request):
    """Step 1: name, legal form, SIRET or RNA. An organisation already listed under that
    number is not created twice: the person is offered to ask to join it."""
    initial = request.session.get(NEW_ORGANISATION_SESSION_KEY)
    form = IdentityForm(request.POST or None, initial=initial)
    template = "projects/account/create_identity.html"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        registered = services.registered_organisation(siret=data["siret"], rna=data["rna"])
        if registered is not None:
            context = {
                "registered": registered,
                "member": permissions.is_member(request.user, registered),
            }
            return TemplateResponse(request, "projects/account/already_registered.html", context)
        request.session[NEW_ORGANISATION_SESSION_KEY] = data
        return redirect("projects_account:create_place")
    status = 400 if form.errors else 200
    return TemplateResponse(request, template, {"form": form, "step": 1}, status=status)


@space_login_required
@require_http_methods(["GET", "POST"])
def create_place(request):
    """Step 2: address, postcode (hence commune and hub), website; then the organisation is
    created with the person as its first member."""
    identity = request.session.get(NEW_ORGANISATION_SESSION_KEY)
    if not identity:
        return redirect("projects_account:create_identity")
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = services.create_organisation(
                user=request.user,
                name=identity["name"],
                legal_form=identity["legal_form"],
                siret=identity["siret"],
                rna=identity["rna"],
                address=data["address"],
                postcode=data["postcode"],
                commune=data["commune"],
                website=data["website"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            del request.session[NEW_ORGANISATION_SESSION_KEY]
            messages.success(
                request,
                _("« %(name)s » est inscrite. Vous pouvez maintenant inviter vos collègues.")
                % {"name": organisation.name},
            )
            return redirect("projects_account:organisation", pk=organisation.pk)
    context = {"form": form, "identity": identity, "step": 2}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "projects/account/create_place.html", context, status=status)


@space_login_required
@require_POST
def ask_to_join(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    try:
        services.request_to_join(user=request.user, organisation=organisation)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _(
                "Votre demande est envoyée aux personnes qui gèrent « %(name)s ». Vous recevrez "
                "un courriel dès qu'elles auront répondu."
            )
            % {"name": organisation.name},
        )
    return redirect("projects_account:home")


@space_login_required
def organisation(request, pk: int):
    """An organisation's members; its admin members also see invitations and requests."""
    organisation = get_object_or_404(Organisation.objects.select_related("commune"), pk=pk)
    own = permissions.membership_of(request.user, organisation)
    if own is None:
        raise Http404
    context = {
        "organisation": organisation,
        "own": own,
        "members": organisation.memberships.select_related("user"),
        "can_leave": permissions.can_leave(request.user, own),
        "invitation_form": InvitationForm(),
    }
    if own.is_admin:
        context["invitations"] = organisation.invitations.pending().select_related("invited_by")
        context["requests"] = organisation.join_requests.filter(
            status=JoinStatus.PENDING
        ).select_related("user")
    return TemplateResponse(request, "projects/account/organisation.html", context)


@space_login_required
@require_POST
def invite(request, pk: int):
    organisation = _organisation_of_admin(request.user, pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invite(
                organisation=organisation, email=form.cleaned_data["email"], by=request.user
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]},
            )
    else:
        for error in form.errors["email"]:
            messages.error(request, error)
    return redirect("projects_account:organisation", pk=organisation.pk)


def _do(request, organisation, action, success: str):
    try:
        action()
    except ValidationError as error:
        _refused(request, error)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, success)
    return redirect("projects_account:organisation", pk=organisation.pk)


@space_login_required
@require_POST
def revoke_invitation(request, pk: int, invitation_pk: int):
    organisation = _organisation_of_admin(request.user, pk)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organisation=organisation)
    return _do(
        request,
        organisation,
        lambda: services.revoke_invitation(invitation=invitation, by=request.user),
        _("L'invitation de %(email)s est annulée.") % {"email": invitation.email},
    )


@space_login_required
@require_POST
def decide_request(request, pk: int, request_pk: int, decision: str):
    if decision not in ("accepter", "refuser"):
        raise Http404
    organisation = _organisation_of_admin(request.user, pk)
    join_request = get_object_or_404(JoinRequest, pk=request_pk, organisation=organisation)
    accept = decision == "accepter"
    name = services.person(join_request.user)
    success = (
        _("%(name)s fait maintenant partie de l'organisation.")
        if accept
        else _("La demande de %(name)s est refusée.")
    ) % {"name": name}
    return _do(
        request,
        organisation,
        lambda: services.decide_join_request(
            join_request=join_request, by=request.user, accept=accept
        ),
        success,
    )


@space_login_required
@require_POST
def remove_member(request, pk: int, membership_pk: int):
    organisation = _organisation_of_admin(request.user, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, organisation=organisation
    )
    return _do(
        request,
        organisation,
        lambda: services.remove_member(membership=membership, by=request.user),
        _("%(name)s ne fait plus partie de l'organisation.")
        % {"name": services.person(membership.user)},
    )


@space_login_required
@require_POST
def leave(request, pk: int):
    membership = get_object_or_404(Membership, organisation_id=pk, user=request.user)
    try:
        services.leave(membership=membership, by=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect("projects_account:organisation", pk=pk)
    messages.success(
        request, _("Vous avez quitté « %(name)s ».") % {"name": membership.organisation.name}
    )
    return redirect("projects_account:home")


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    """An invitation link: a signed-out visitor is asked to sign up or sign in first (the
    invitation waits in their session); a signed-in one joins with a button."""
    found = services.invitation_for(token)
    problem = services.invitation_problem(found)
    context = {"invitation": found, "problem": problem}
    if problem:
        return TemplateResponse(
            request, "projects/account/invitation.html", context, status=410 if found else 404
        )
    if not request.user.is_authenticated:
        request.session[INVITATION_SESSION_KEY] = token
        context["login_url"] = f"{reverse('wagtailcore_login')}?next={request.path}"
        return TemplateResponse(request, "projects/account/invitation.html", context)
    if request.method == "POST":
        try:
            membership = services.accept_invitation(token=token, user=request.user)
        except ValidationError as error:
            _refused(request, error)
            return redirect("projects_account:home")
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(
            request,
            _("Bienvenue dans « %(name)s ».") % {"name": membership.organisation.name},
        )
        return redirect("projects_account:organisation", pk=membership.organisation_id)
    return TemplateResponse(request, "projects/account/invitation.html", context)
