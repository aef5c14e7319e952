"""E-mail to people by role, each as they prefer: at once, in a daily digest, or never.

One entry point, :func:`notify`. Apps declare, through Wagtail hooks:

- ``maillage_notification_kinds``: a callable returning :class:`NotificationKind` objects,
  what people may choose to receive (each kind's label is shown in their account settings
  and on the unsubscribe page);
- ``maillage_notification_roles``: a callable returning ``{role name: resolver}``, where
  ``resolver(obj)`` gives the people of that role for ``obj`` (a call's reviewers, an
  organisation's mediators). hubsite declares :data:`HUB_COORDINATORS`.

Messages are written at once (French subject, text and HTML) and sent by a background task
queued when the transaction commits, so a rolled-back action sends nothing; digest entries
are written in the caller's transaction. ``send_notification_digests`` sends the digests.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail import hooks

from hubsite.models import DigestEntry, Frequency, Hub, NotificationDigest, NotificationPreference

logger = logging.getLogger(__name__)

KINDS_HOOK = "maillage_notification_kinds"
ROLES_HOOK = "maillage_notification_roles"
HUB_COORDINATORS = "hub_coordinators"
UNSUBSCRIBE_SALT = "hubsite.notifications.unsubscribe"


@dataclass(frozen=True)
class NotificationKind:
    """Something people are told of. ``name`` is dotted by app (``directory.error_report``);
    ``audience(user)`` says whose account settings offer it (default: everyone's)."""

    name: str
    label: str
    help_text: str = ""
    default: str = Frequency.IMMEDIATE
    audience: Callable | None = None

    def concerns(self, user) -> bool:
        return self.audience is None or bool(self.audience(user))


def kinds() -> dict[str, NotificationKind]:
    """Every kind the apps declare, by name."""
    found = {}
    for hook in hooks.get_hooks(KINDS_HOOK):
        for kind in hook():
            found[kind.name] = kind
    return found


def get_kind(name: str) -> NotificationKind:
    try:
        return kinds()[name]
    except KeyError:
        raise LookupError(f"No notification kind {name!r}: declare it in {KINDS_HOOK}.") from None


def roles() -> dict[str, Callable]:
    """Every recipient role the apps declare: name -> resolver(obj) -> users."""
    found = {}
    for hook in hooks.get_hooks(ROLES_HOOK):
        found.update(hook())
    return found


def reachable(users):
    """Those of ``users`` (a queryset) who can receive e-mail: active, with an address."""
    return users.filter(is_active=True).exclude(email="")


def hub_coordinators(hub: Hub | None):
    """The coordinators of ``hub`` (its group's members) who can receive e-mail."""
    users = get_user_model().objects.all()
    if hub is None or hub.group_id is None:
        return users.none()
    return reachable(users.filter(groups=hub.group_id))


def hub_of(obj) -> Hub | None:
    """The hub ``obj`` belongs to: itself if a hub, else its ``hub`` attribute."""
    return obj if isinstance(obj, Hub) else getattr(obj, "hub", None)


def resolve_recipients(recipients, obj) -> list:
    """People to notify: ``recipients`` is a role name, a callable of ``obj``, or users."""
    if isinstance(recipients, str):
        try:
            recipients = roles()[recipients]
        except KeyError:
            raise LookupError(f"No recipient role {recipients!r}: see {ROLES_HOOK}.") from None
    if callable(recipients):
        recipients = recipients(obj)
    people, seen = [], set()
    for user in recipients:
        if user.pk not in seen and user.is_active and user.email:
            seen.add(user.pk)
            people.append(user)
    return people


# --- Preferences -----------------------------------------------------------------------------


def frequencies(users: Iterable, kind: NotificationKind) -> dict[int, str]:
    """Each user's frequency for ``kind``, by user id, in one query."""
    ids = [user.pk for user in users]
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=ids, kind=kind.name).values_list(
            "user_id", "frequency"
        )
    )
    return {pk: chosen.get(pk, kind.default) for pk in ids}


def frequency_for(user, kind: NotificationKind) -> str:
    return frequencies([user], kind)[user.pk]


@transaction.atomic
def set_frequency(*, user, kind: str, frequency: str) -> None:
    """Record how often ``user`` wants to hear of ``kind``."""
    get_kind(kind)
    if frequency not in Frequency.values:
        raise ValueError(f"Unknown frequency {frequency!r}")
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"frequency": frequency}
    )


def unsubscribe_token(user, kind: str) -> str:
    """A signed token that lets anyone holding it stop ``kind`` for ``user``, without login."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str):
    """(user, kind) of a valid token, or None (forged, altered, unknown user or kind)."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, kind_name = int(data["u"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    kind = kinds().get(kind_name)
    user = get_user_model().objects.filter(pk=user_id).first()
    if kind is None or user is None:
        return None
    return user, kind


def absolute_url(path: str) -> str:
    """``path`` on the portal's public address (``WAGTAILADMIN_BASE_URL``)."""
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", path)


def unsubscribe_url(user, kind: str) -> str:
    return absolute_url(reverse("unsubscribe", args=[unsubscribe_token(user, kind)]))


# --- Writing and sending ---------------------------------------------------------------------


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template, rendered without HTML escaping."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False)).strip()


def _message(user, kind: NotificationKind, template: str, context: dict) -> dict:
    context = {
        **context,
        "user": user,
        "kind": kind,
        "unsubscribe_url": unsubscribe_url(user, kind.name),
        "preferences_url": absolute_url(reverse("wagtailadmin_account")),
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
    }
    subject = " ".join(render_text(f"{template}_subject.txt", context).split())
    body = render_text(f"{template}.txt", context)
    context.update(subject=subject, body=body)
    return {
        "to": [user.email],
        "subject": subject,
        "body": body,
        "text": render_text("hubsite/email/notification.txt", context),
        "html": render_to_string(
            "hubsite/email/notification.html",
            {**context, "content": render_to_string(f"{template}.html", context)},
        ),
        "headers": list_unsubscribe_headers(context["unsubscribe_url"]),
    }


def list_unsubscribe_headers(url: str) -> dict:
    # RFC 8058: mail clients offer their own button, which POSTs to the same page.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def notify(
    *,
    recipients,
    kind: str,
    template: str,
    obj=None,
    url: str = "",
    context: dict | None = None,
) -> dict[str, int]:
    """Tell ``recipients`` (a role name, a callable of ``obj``, or users) of ``obj``.

    ``template`` names three templates: ``<template>_subject.txt``, ``<template>.txt`` and
    ``<template>.html`` (the HTML body, put in hubsite's layout); they see ``obj``, ``url``
    (``url`` made absolute, default: ``obj``'s admin edit page) and ``context``. Each person
    gets it as they prefer: a message queued for sending when the transaction commits, an
    entry in their next daily digest, or nothing. Returns how many of each.
    """
    notification_kind = get_kind(kind)
    if not url and obj is not None:
        from wagtail.admin.admin_url_finder import AdminURLFinder

        url = AdminURLFinder().get_edit_url(obj) or ""
    context = {**(context or {}), "obj": obj, "url": absolute_url(url) if url else ""}
    people = resolve_recipients(recipients, obj)
    chosen = frequencies(people, notification_kind)
    messages, entries = [], []
    with translation.override(settings.LANGUAGE_CODE):
        for user in people:
            frequency = chosen[user.pk]
            if frequency == Frequency.NEVER:
                continue
            message = _message(user, notification_kind, template, context)
            if frequency == Frequency.DAILY:
                entries.append(
                    DigestEntry(
                        user=user,
                        kind=kind,
                        subject=message["subject"][:255],
                        text=message["body"],
                        url=context["url"][:500],
                    )
                )
            else:
                messages.append(message)
    DigestEntry.objects.bulk_create(entries)
    if messages:
        from hubsite.tasks import send_emails

        transaction.on_commit(partial(send_emails.enqueue, messages), robust=True)
    return {"sent": len(messages), "digest": len(entries)}


def send_messages(messages: list[dict]) -> int:
    """Send written messages (as :func:`notify` writes them) over one connection."""
    emails = []
    for message in messages:
        email = EmailMultiAlternatives(
            subject=message["subject"],
            body=message["text"],
            to=message["to"],
            headers=message.get("headers") or {},
        )
        if message.get("html"):
            email.attach_alternative(message["html"], "text/html")
        emails.append(email)
    with get_connection() as connection:
        return connection.send_messages(emails) or 0


# --- Daily digests ---------------------------------------------------------------------------


def send_digests(*, day=None) -> int:
    """Send each person their digest of ``day`` (default: today), once: run again the same
    day, it sends nothing to those who had theirs; what arrives later waits for tomorrow.
    Returns the number of digests sent."""
    day = day or timezone.localdate()
    waiting = (
        DigestEntry.objects.filter(digest__isnull=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sum(_send_digest(user_id=user_id, day=day) for user_id in list(waiting))


@transaction.atomic
def _send_digest(*, user_id: int, day) -> bool:
    # The unique (user, day) row is taken first: a concurrent run waits for it, then finds
    # it taken. Sending inside the transaction means a failed send leaves the entries for
    # the next run.
    digest, created = NotificationDigest.objects.get_or_create(user_id=user_id, day=day)
    if not created:
        return False
    user = get_user_model().objects.get(pk=user_id)
    entries = list(
        DigestEntry.objects.select_for_update().filter(user_id=user_id, digest__isnull=True)
    )
    declared = kinds()
    still_wanted = {
        name
        for name in {entry.kind for entry in entries}
        if name in declared and frequency_for(user, declared[name]) != Frequency.NEVER
    }
    wanted = [entry for entry in entries if entry.kind in still_wanted]
    DigestEntry.objects.filter(pk__in=[e.pk for e in entries if e not in wanted]).delete()
    if not wanted or not (user.is_active and user.email):
        DigestEntry.objects.filter(pk__in=[e.pk for e in wanted]).delete()
        digest.delete()
        return False
    DigestEntry.objects.filter(pk__in=[e.pk for e in wanted]).update(digest=digest)
    with translation.override(settings.LANGUAGE_CODE):
        send_messages([_digest_message(user, day, wanted, declared)])
    return True


def _digest_message(user, day, entries: list, declared: dict) -> dict:
    kind_names = sorted({entry.kind for entry in entries})
    context = {
        "user": user,
        "day": day,
        "entries": entries,
        "unsubscribe": [
            {"kind": declared[name], "url": unsubscribe_url(user, name)} for name in kind_names
        ],
        "preferences_url": absolute_url(reverse("wagtailadmin_account")),
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
    }
    subject = _("%(site)s : votre récapitulatif du %(day)s (%(count)d)") % {
        "site": settings.WAGTAIL_SITE_NAME,
        "day": day.strftime("%d/%m/%Y"),
        "count": len(entries),
    }
    context["subject"] = subject
    headers = (
        list_unsubscribe_headers(context["unsubscribe"][0]["url"]) if len(kind_names) == 1 else {}
    )
    return {
        "to": [user.email],
        "subject": subject,
        "text": render_text("hubsite/email/digest.txt", context),
        "html": render_to_string("hubsite/email/digest.html", context),
        "headers": headers,
    }


def hub_coordinators_role() -> dict[str, Callable]:
    """hubsite's own role: the coordinators of the hub the object belongs to."""
    return {HUB_COORDINATORS: lambda obj: hub_coordinators(hub_of(obj))}
