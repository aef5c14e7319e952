"""Saved searches of the calls' catalogue, and the alerts they send.

A search keeps the catalogue URL's filters (``CallFilterSet``'s fields and the search box).
When it is saved, or subscribed to again, the calls it matches then are recorded as known:
an alert tells of calls matching *since*. ``send_search_alerts`` (daily, command
``send_saved_search_alerts`` or the background task) e-mails each owner, in one message per
search, the calls newly matching, recording each as announced in the same transaction: a
call is announced once per search, and a second run sends nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.filters import CallFilterSet
from funding.models import AnnouncedCall, Call, SavedSearch
from funding.permissions import can_manage_search, can_save_search
from hubsite.models import Hub
from hubsite.notifications import absolute_url, notify
from hubsite.scoping import hub_scope

ALERT_KIND = "funding.saved_search"
SEARCH_PARAM = "q"
# Calls named in one alert at most; the e-mail links to the catalogue for the rest.
ALERT_CALLS = 50


def clean_query(query: str) -> str:
    """The filters of a catalogue query (paging, ordering and unknown keys dropped), in a
    stable order; ValidationError (French) when a filter's value is not one it takes."""
    data = QueryDict(query or "")
    kept = QueryDict(mutable=True)
    for key in sorted(data):
        if key in CallFilterSet.base_filters or key == SEARCH_PARAM:
            values = [value for value in data.getlist(key) if value.strip()]
            if values:
                kept.setlist(key, values)
    filterset = CallFilterSet(kept, queryset=Call.objects.none())
    if not filterset.form.is_valid():
        errors = [
            f"{filterset.form.fields[name].label} : {' '.join(messages)}"
            for name, messages in filterset.form.errors.items()
        ]
        raise ValidationError(errors, code="filters")
    return kept.urlencode()


def matching_calls(query: str):
    """The calls the filters of ``query`` select, as the catalogue would list them."""
    data = QueryDict(query)
    calls = CallFilterSet(data, queryset=Call.objects.all()).qs
    text = data.get(SEARCH_PARAM, "").strip()
    if text:
        calls = calls.filter(
            Q(title__icontains=text) | Q(summary__icontains=text) | Q(reference__icontains=text)
        )
    return calls


def catalogue_url(search: SavedSearch) -> str:
    return reverse("funding_calls:index") + (f"?{search.query}" if search.query else "")


def _owner_hub(user) -> Hub | None:
    scope = hub_scope(user)
    if scope.everything or not scope.hub_ids:
        return None
    return Hub.objects.filter(pk__in=scope.hub_ids).order_by("name").first()


def _mark_known(search: SavedSearch) -> None:
    known = AnnouncedCall.objects.filter(search=search).values("call")
    AnnouncedCall.objects.bulk_create(
        [
            AnnouncedCall(search=search, call_id=pk)
            for pk in matching_calls(search.query)
            .exclude(pk__in=known)
            .values_list("pk", flat=True)
        ]
    )


def save_search(*, user, name: str, query: str) -> SavedSearch:
    """Save ``query``'s filters as ``user``'s search ``name`` (the one of that name gets the
    new filters). ValidationError (French) for an empty name or filters the catalogue
    refuses."""
    if not can_save_search(user):
        raise PermissionDenied(_("Vous ne pouvez pas enregistrer de recherche."))
    name = " ".join((name or "").split())[:120]
    if not name:
        raise ValidationError(_("Donnez un nom à cette recherche."), code="name")
    query = clean_query(query)
    with transaction.atomic():
        search, _created = SavedSearch.objects.select_for_update().get_or_create(
            owner=user, name=name, defaults={"query": query, "hub": _owner_hub(user)}
        )
        if search.query != query:
            search.query = query
            search.announced.all().delete()
        search.subscribed = True
        search.last_run_at = timezone.now()
        search.save()
        _mark_known(search)
    return search


def _check(user, search: SavedSearch) -> None:
    if not can_manage_search(user, search):
        raise PermissionDenied(_("Cette recherche n'est pas la vôtre."))


def set_subscribed(*, user, search: SavedSearch, subscribed: bool) -> None:
    """Stop or resume ``search``'s alerts; resumed, they tell of calls matching from now on."""
    _check(user, search)
    with transaction.atomic():
        search = SavedSearch.objects.select_for_update().get(pk=search.pk)
        if subscribed and not search.subscribed:
            _mark_known(search)
        search.subscribed = subscribed
        search.save(update_fields=["subscribed"])


def delete_search(*, user, search: SavedSearch) -> None:
    _check(user, search)
    search.delete()


def send_search_alerts(*, now=None) -> int:
    """E-mail every subscribed search's owner the calls newly matching it; returns how many
    alerts were sent. One transaction per search, its row locked: a run racing this one
    waits, then finds the calls announced."""
    now = now or timezone.now()
    sent = 0
    pks = SavedSearch.objects.filter(subscribed=True).order_by("pk").values_list("pk", flat=True)
    for pk in list(pks):
        with transaction.atomic():
            search = (
                SavedSearch.objects.select_for_update(of=("self",))
                .select_related("owner")
                .filter(pk=pk, subscribed=True)
                .first()
            )
            if search is None or not can_save_search(search.owner):
                continue
            known = AnnouncedCall.objects.filter(search=search).values("call")
            new = list(
                matching_calls(search.query)
                .exclude(pk__in=known)
                .select_related("programme__funder")
                .order_by("next_deadline_on", "title", "pk")
            )
            if new:
                AnnouncedCall.objects.bulk_create(
                    [AnnouncedCall(search=search, call=call) for call in new]
                )
                notify(
                    recipients=[search.owner],
                    kind=ALERT_KIND,
                    template="funding/email/saved_search",
                    url=catalogue_url(search),
                    context={
                        "search": search,
                        "calls": new[:ALERT_CALLS],
                        "more": max(len(new) - ALERT_CALLS, 0),
                        "count": len(new),
                        "search_unsubscribe_url": absolute_url(
                            reverse("funding_search_unsubscribe", args=[pk])
                        ),
                    },
                )
                sent += 1
            search.last_run_at = now
            search.save(update_fields=["last_run_at"])
    return sent
