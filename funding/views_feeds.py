"""Private calendars: the secret feed itself, and the admin page where one gets, regenerates
or revokes their own and their hubs'."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from funding import feeds
from funding.models import CalendarFeed
from funding.permissions import can_manage_feed, can_manage_hub_feed, can_use_funding
from hubsite.models import Hub


def calendar_feed(request, token: str):
    """``/financements/calendrier/<token>.ics``: 404 for any token but a live one."""
    feed = feeds.feed_for(token)
    if feed is None:
        raise Http404
    response = HttpResponse(feeds.feed_ical(feed), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


class CalendarsView(WagtailAdminTemplateMixin, TemplateView):
    """Lists the user's feed and their hubs'; POST ``hub`` (or nothing: their own) makes a
    new secret URL."""

    model = CalendarFeed
    template_name = "funding/admin/calendars.html"
    page_title = gettext_lazy("Calendriers privés des échéances")
    header_icon = "calendar-alt"

    def dispatch(self, request, *args, **kwargs):
        if not can_use_funding(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        hubs = list(Hub.objects.filter(pk__in=_coordinated(user)).order_by("name"))
        existing = {
            (feed.hub_id, feed.user_id): feed
            for feed in CalendarFeed.objects.filter(hub__in=hubs)
            | CalendarFeed.objects.filter(user=user)
        }
        return {
            **super().get_context_data(**kwargs),
            "own": existing.get((None, user.pk)),
            "hubs": [(hub, existing.get((hub.pk, None))) for hub in hubs],
        }

    def post(self, request):
        hub = None
        if request.POST.get("hub"):
            hub = Hub.objects.filter(pk=_int(request.POST["hub"])).first()
            if not can_manage_hub_feed(request.user, hub):
                raise Http404
        token = feeds.regenerate(hub=hub, user=None if hub else request.user, by=request.user)
        url = request.build_absolute_uri(reverse("funding_calendar_feed", args=[token]))
        messages.success(
            request,
            _("Nouvelle adresse secrète (notez-la, elle ne sera plus affichée) : %(url)s")
            % {"url": url},
        )
        return redirect("funding_calendars")


class RevokeFeedView(View):
    model = CalendarFeed  # what its URL's pk names
    http_method_names = ["post"]

    def post(self, request, pk):
        feed = get_object_or_404(CalendarFeed, pk=pk)
        if not can_manage_feed(request.user, feed):
            raise Http404
        feeds.revoke(feed=feed)
        messages.success(request, _("Le calendrier est révoqué : son adresse ne répond plus."))
        return redirect("funding_calendars")


def _coordinated(user):
    from hubsite.scoping import hub_scope

    scope = hub_scope(user)
    return Hub.objects.values("pk") if scope.everything else list(scope.hub_ids)


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None
