"""The deadlines of the applications a feed's owner may see, as iCalendar (RFC 5545)."""

from django.contrib.admin.utils import quote
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from funding.models import Application, CalendarFeed, Deadline
from hubsite.ical import CalendarEvent, calendar
from hubsite.notifications import absolute_url
from hubsite.tokens import digest, new_token, plausible


def feed_for(token: str) -> CalendarFeed | None:
    """The live feed of ``token``; None for a guessed, revoked or regenerated one."""
    if not plausible(token):
        return None
    return (
        CalendarFeed.objects.select_related("hub", "user")
        .filter(token_digest=digest(token))
        .first()
    )


def deadlines_of(feed: CalendarFeed):
    if feed.hub is not None:
        applications = Application.objects.filter(hub=feed.hub) | Application.objects.shared_with(
            feed.hub
        )
    else:
        applications = Application.objects.visible_to(feed.user)
    return (
        Deadline.objects.filter(application__in=applications.values("pk"))
        .select_related("application__hub")
        .order_by("due_on", "pk")
    )


def feed_ical(feed: CalendarFeed) -> bytes:
    events = []
    for deadline in deadlines_of(feed):
        application = deadline.application
        url = absolute_url(reverse("funding_applications:inspect", args=[quote(application.pk)]))
        events.append(
            CalendarEvent(
                uid=f"funding-deadline-{deadline.pk}@maillage",
                start=deadline.due_on,
                summary=f"{deadline} — {application}",
                description="\n".join([_("Hub porteur : %(hub)s") % {"hub": application.hub}, url]),
                url=url,
            )
        )
    name = _("Échéances de financement — %(owner)s") % {"owner": feed.hub or feed.user}
    return calendar(events, name=name)


@transaction.atomic
def regenerate(*, hub=None, user=None, by) -> str:
    """A new secret URL for the feed of ``hub`` or ``user`` (the old one stops working);
    returns the token, shown once."""
    token, token_digest = new_token()
    CalendarFeed.objects.filter(hub=hub, user=user).delete()
    CalendarFeed.objects.create(hub=hub, user=user, token_digest=token_digest, created_by=by)
    return token


@transaction.atomic
def revoke(*, feed: CalendarFeed) -> None:
    feed.delete()
