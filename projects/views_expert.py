"""The public page of an expert's link: without an account, the expert reads the dossier's
summary (never the reviews) and sends their opinion, once. Throttled per client; a link
expired, spent or forged answers a page saying so."""

from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hubsite.throttle import client_fingerprint, is_allowed
from projects.forms_expert import ExpertOpinionForm
from projects.services import expert_opinions as service

# Generous for an expert writing in a few tries, tight for guessing tokens.
HITS_PER_CLIENT_PER_HOUR = 60
TEMPLATE = "projects/expert_opinion.html"
STATUS_OF_STATE = {"invalid": 404, "expired": 410, "spent": 410, "live": 200, "sent": 200}


def _render(request, context: dict, status: int = 200):
    response = TemplateResponse(request, TEMPLATE, context, status=status)
    # The token is in the URL: no other site learns it from a link followed on this page.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _state(opinion) -> str:
    if opinion is None:
        return "invalid"
    if opinion.is_submitted:
        return "spent"
    if opinion.is_expired:
        return "expired"
    return "live"


@never_cache
@require_http_methods(["GET", "POST"])
def expert_opinion(request, token: str):
    if not is_allowed(
        f"expert:{client_fingerprint(request)}", limit=HITS_PER_CLIENT_PER_HOUR, window=3600
    ):
        return _render(request, {"state": "throttled"}, status=429)
    opinion = service.find_opinion(token)
    state = _state(opinion)
    context = {"state": state, "opinion": opinion}
    if state != "live":
        return _render(request, context, status=STATUS_OF_STATE[state])
    form = ExpertOpinionForm(request.POST if request.method == "POST" else None)
    dossier = opinion.dossier
    context.update(
        form=form,
        dossier=dossier,
        departements=list(dossier.departements.order_by("code")),
        solutions=list(dossier.solutions.order_by("title")),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                service.submit_expert_opinion(
                    opinion=opinion,
                    text=form.cleaned_data["opinion"],
                    recommendation=form.cleaned_data["recommendation"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _render(request, {"state": "sent", "opinion": opinion})
        return _render(request, context, status=400)
    return _render(request, context)
