""" "Déployer cette solution chez moi": the form's POST and the page that confirms it."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from hubsite.throttle import client_fingerprint, is_allowed
from projects import services
from projects.forms import TakeUpForm
from projects.models import TakeUpRequest
from projects.views import public_solution, solution_context

REQUESTS_PER_CLIENT_PER_HOUR = 5
DONE_SALT = "projects.take_up.done"
# The confirmation names who will answer; a day is enough to read it.
DONE_MAX_AGE = 24 * 60 * 60


def _form_again(request, solution, form, *, status: int, throttled: bool = False):
    context = solution_context(request, solution, form=form)
    context["throttled"] = throttled
    return TemplateResponse(request, "projects/solution_detail.html", context, status=status)


@require_POST
def take_up(request, slug: str):
    """Record the request and tell both sides, then redirect (POST/redirect/GET); the page
    again with French errors when a field is wrong; throttled per client."""
    solution = public_solution(slug)
    form = TakeUpForm(request.POST)
    if form.is_trap:
        # Robots are answered as people are, and nothing is recorded.
        return redirect(reverse("solutions:detail", args=[solution.slug]))
    if not form.is_valid():
        return _form_again(request, solution, form, status=400)
    allowed = is_allowed(
        f"take-up:{client_fingerprint(request)}", limit=REQUESTS_PER_CLIENT_PER_HOUR, window=3600
    )
    if not allowed:
        return _form_again(request, solution, form, status=429, throttled=True)
    data = form.cleaned_data
    try:
        take_up_request = services.request_take_up(
            solution=solution,
            requester_kind=data["requester_kind"],
            requester_name=data["requester_name"],
            structure=data["structure"],
            email=data["email"],
            phone=data["phone"],
            commune=form.commune,
            need=data["need"],
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return _form_again(request, solution, form, status=400)
    token = signing.dumps(take_up_request.pk, salt=DONE_SALT)
    return redirect(reverse("solutions:take_up_done", args=[solution.slug, token]))


@require_safe
def take_up_done(request, slug: str, token: str):
    """Who will answer the request the token names."""
    try:
        pk = signing.loads(token, salt=DONE_SALT, max_age=DONE_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    take_up_request = (
        TakeUpRequest.objects.select_related("solution__organisation", "commune__departement__hub")
        .defer("commune__departement__boundary")
        .filter(pk=pk, solution__slug=slug, solution__live=True)
        .first()
    )
    if take_up_request is None:
        raise Http404
    context = {
        "take_up": take_up_request,
        "solution": take_up_request.solution,
        "hub": services.hub_for_commune(take_up_request.commune),
    }
    return TemplateResponse(request, "projects/take_up_done.html", context)
