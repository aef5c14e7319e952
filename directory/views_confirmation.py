"""The public page of a confirmation link: without an account, the venue confirms its data as
is or proposes corrections; another page stops the requests. Throttled per client, as the
error reports are; a link expired, used, revoked or forged answers a page saying so."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from directory import confirmation_service as service
from directory import opening_hours, throttle
from directory.forms_confirmation import (
    CORRECTABLE_FIELDS,
    LABELS,
    CorrectionForm,
    current_value,
    display_value,
)

# Generous for a venue filling the form in a few tries, tight for guessing tokens.
HITS_PER_CLIENT_PER_HOUR = 60


def _render(request, template: str, context: dict, status: int = 200):
    response = TemplateResponse(request, template, context, status=status)
    # The token is in the URL: no other site learns it from a link followed on this page.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _throttled(request) -> bool:
    client = throttle.client_fingerprint(request)
    return not throttle.is_allowed(f"confirm:{client}", limit=HITS_PER_CLIENT_PER_HOUR, window=3600)


def _state(confirmation) -> str:
    if confirmation is None:
        return "invalid"
    if confirmation.revoked_at is not None:
        return "revoked"
    if confirmation.used_at is not None:
        return "used"
    if confirmation.is_expired:
        return "expired"
    return "live"


STATUS_OF_STATE = {"invalid": 404, "revoked": 410, "expired": 410, "used": 200, "live": 200}


def _current(venue) -> list[tuple[str, str]]:
    """(label, value) of each field the venue may correct, as it reads them today."""
    schedule = opening_hours.parse_or_none(venue.opening_hours)
    rows = []
    for name in CORRECTABLE_FIELDS:
        if name == "opening_hours" and schedule is not None:
            week = opening_hours.describe_week(schedule)
            text = " ; ".join(f"{day} : {hours}" for day, hours in week)
        else:
            text = display_value(name, current_value(venue, name))
        rows.append((LABELS[name], text))
    return rows


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """A venue's confirmation page: POST ``action=confirm`` confirms as is, ``action=correct``
    proposes the corrections of the form."""
    if _throttled(request):
        return _render(request, "directory/confirm.html", {"state": "throttled"}, status=429)
    confirmation = service.find_request(token)
    state = _state(confirmation)
    context = {"state": state, "confirmation": confirmation, "token": token}
    if state != "live":
        return _render(request, "directory/confirm.html", context, status=STATUS_OF_STATE[state])
    venue = confirmation.venue
    form = CorrectionForm(venue=venue)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            service.confirm_as_is(request=confirmation)
            return redirect(request.path)
        if action == "correct":
            form = CorrectionForm(request.POST, venue=venue)
            if form.is_valid():
                try:
                    service.propose_corrections(
                        request=confirmation,
                        changes=form.changes(),
                        comment=form.cleaned_data["comment"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    return redirect(request.path)
            context.update(form=form, venue=venue, current=_current(venue))
            return _render(request, "directory/confirm.html", context, status=400)
    context.update(form=form, venue=venue, current=_current(venue))
    return _render(request, "directory/confirm.html", context)


# Mail clients' one-click unsubscribe (RFC 8058) posts without a CSRF token: the link's token
# is the credential, as for hubsite's own unsubscribe page.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks (mail scanners follow links), POST stops the requests to the venue."""
    if _throttled(request):
        return _render(request, "directory/confirm_unsubscribe.html", {"throttled": True}, 429)
    confirmation = service.find_request(token)
    context = {"confirmation": confirmation, "done": False}
    if confirmation is None:
        return _render(request, "directory/confirm_unsubscribe.html", context, status=404)
    if request.method == "POST":
        service.opt_out(request=confirmation)
        context["done"] = True
    return _render(request, "directory/confirm_unsubscribe.html", context)
