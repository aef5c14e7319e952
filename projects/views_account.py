"""Public sign-up of mediators (/espace/inscription/) and the check of their address."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hubsite import throttle
from projects import signup
from projects.forms_account import ResendForm, SignUpForm

SIGNUPS_PER_CLIENT_PER_HOUR = 5
RESENDS_PER_CLIENT_PER_HOUR = 5
RESENDS_PER_ADDRESS_PER_HOUR = 3
# Where a signed-in visitor with an invitation in hand is led once their account works.
INVITATION_SESSION_KEY = "projects_invitation"


def _throttled(request, template: str, context: dict):
    context["throttled"] = True
    return TemplateResponse(request, template, context, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_up(request):
    """The sign-up form; a valid one always leads to the same "check your inbox" page."""
    if request.user.is_authenticated:
        return redirect("projects_account:home")
    form = SignUpForm(request.POST or None)
    template = "projects/account/sign_up.html"
    if request.method == "POST" and form.is_valid():
        client = throttle.client_fingerprint(request)
        if not throttle.is_allowed(
            f"signup:{client}", limit=SIGNUPS_PER_CLIENT_PER_HOUR, window=3600
        ):
            return _throttled(request, template, {"form": form})
        data = form.cleaned_data
        signup.sign_up(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            password=data["password"],
        )
        return redirect("projects_account:sign_up_sent")
    status = 400 if form.errors else 200
    return TemplateResponse(request, template, {"form": form}, status=status)


def sign_up_sent(request):
    return TemplateResponse(request, "projects/account/sign_up_sent.html", {})


@never_cache
@require_http_methods(["GET", "POST"])
def resend(request):
    """A new verification link: the same answer whether the address has an account or not."""
    form = ResendForm(request.POST or None)
    template = "projects/account/resend.html"
    if request.method == "POST" and form.is_valid():
        client = throttle.client_fingerprint(request)
        address = throttle.digest(
            "signup-address", signup.normalize_email(form.cleaned_data["email"])
        )
        allowed = throttle.is_allowed(
            f"signup-resend:{client}", limit=RESENDS_PER_CLIENT_PER_HOUR, window=3600
        ) and throttle.is_allowed(
            f"signup-resend:{address}", limit=RESENDS_PER_ADDRESS_PER_HOUR, window=3600
        )
        if not allowed:
            return _throttled(request, template, {"form": form})
        signup.resend_verification(email=form.cleaned_data["email"])
        return redirect("projects_account:sign_up_sent")
    status = 400 if form.errors else 200
    return TemplateResponse(request, template, {"form": form}, status=status)


# GET only shows the link's state: mail scanners follow links, and must not activate anything.
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, token: str):
    check, _signup = signup.check_verification(token)
    if request.method == "POST" and check is signup.Check.VALID:
        user = signup.verify(token=token)
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Votre adresse est confirmée : bienvenue !"))
            invitation = request.session.pop(INVITATION_SESSION_KEY, None)
            if invitation:
                return redirect("projects_account:invitation", token=invitation)
            return redirect("projects_account:home")
        check = signup.Check.USED
    status = {signup.Check.INVALID: 404, signup.Check.EXPIRED: 410}.get(check, 200)
    context = {
        "check": check.value,
        "login_url": f"{reverse('wagtailcore_login')}?next={reverse('projects_account:home')}",
    }
    return TemplateResponse(request, "projects/account/verify.html", context, status=status)
