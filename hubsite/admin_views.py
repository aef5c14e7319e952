"""The admin of every hub-scoped model, built on Wagtail's viewsets.

Wagtail's generic views check permissions per model, not per object: a hand-typed URL of
another hub's object would reach it. A viewset built on ``HubScopedViewSet`` (a
``ModelViewSet``) or ``HubScopedSnippetViewSet`` (a ``SnippetViewSet``) guards, in every view
it constructs, Wagtail's or its own:

- ``get_object()`` — edit, delete, copy, history, usage, inspect, revisions, unpublish,
  lock, preview...: an object of a hub the user does not coordinate answers 404; one of
  their hub that their role may not act on answers 403, saying which hub owns it;
- the listing, and the choices of its filters over hub-scoped models;
- its chooser: the listing, the search and the chosen ids.

A model that also declares ``member_lookup`` is reached by its members too (a mediator and
their organisation's solutions): the same guards let them in, and nobody else.

A model is hub-scoped when it declares ``hub_lookup`` (``hubsite.scoping``); its permission
policy is a ``hubsite.permissions.HubScopedPermissionPolicy``.
``tests/hubsite/test_forged_urls.py`` forges every URL of every such viewset.
"""

import functools

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import IndexView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.chooser import ChosenMultipleViewMixin, ChosenViewMixin
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from hubsite.models import Hub
from hubsite.scoping import hub_id_of, is_hub_scoped, reaches, scope_to


class HubRefusal(PermissionDenied):
    """A refused action on an object the user sees: the message says which hub owns it."""


def refusal_message(obj) -> str:
    hub = Hub.objects.filter(pk=hub_id_of(obj)).first()
    if isinstance(obj, Hub) or hub is None:
        return _("Votre rôle ne permet pas cette action sur « %(object)s ».") % {"object": obj}
    return _(
        "« %(object)s » appartient au hub « %(hub)s » : votre rôle ne permet pas cette action."
    ) % {"object": obj, "hub": hub}


def guard(user, obj, actions):
    """``obj`` if ``user`` may take one of ``actions`` on it; Http404 for an object they do not
    reach (of a hub they do not coordinate, not theirs as a member), HubRefusal for one they
    see but may not act on."""
    if not reaches(user, obj):
        raise Http404
    policy = policy_registry.get_by_type(type(obj))
    if not policy.user_has_any_permission_for_instance(user, actions, obj):
        raise HubRefusal(refusal_message(obj))
    return obj


def view_actions(view) -> list[str]:
    """The actions a generic view stands for, as Wagtail checks them on the model."""
    if permission := getattr(view, "permission_required", None):
        return [permission]
    return list(getattr(view, "any_permission_required", None) or ["change"])


class HubScopedObjectMixin:
    """Put before a view with ``get_object()``: its object is guarded (``guard``)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is None or not is_hub_scoped(type(obj)):
            return obj
        return guard(self.request.user, obj, view_actions(self))


def scope_filters(filterset, user) -> None:
    """Narrow the choices of every filter over a hub-scoped model to ``user``'s hubs."""
    for name, listing_filter in filterset.filters.items():
        queryset = getattr(listing_filter, "queryset", None)
        if not (isinstance(queryset, QuerySet) and is_hub_scoped(queryset.model)):
            continue
        listing_filter.queryset = scope_to(queryset, user)
        field = filterset.form.fields.get(name)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = listing_filter.queryset


class HubScopedListingMixin:
    """Put before an ``IndexView``: it lists the user's hubs' objects, and its filters offer
    only their choices."""

    def get_base_queryset(self):
        return scope_to(super().get_base_queryset(), self.request.user)

    @cached_property
    def filters(self):
        filterset = super().filters
        if filterset is not None:
            scope_filters(filterset, self.request.user)
        return filterset


class HubScopedChooserMixin:
    """Put before a chooser view: it lists and returns only the user's hubs' objects."""

    def get_object_list(self):
        return scope_to(super().get_object_list(), self.request.user)

    def get_object(self, pk):
        obj = super().get_object(pk)
        if not reaches(self.request.user, obj):
            raise ObjectDoesNotExist
        return obj

    def get_objects(self, pks):
        return scope_to(super().get_objects(pks), self.request.user)


def _with_mixin(mixin: type, view_class: type) -> type:
    if issubclass(view_class, mixin):
        return view_class
    return type(view_class.__name__, (mixin, view_class), {"__module__": view_class.__module__})


def hub_scoped_view(view_class: type) -> type:
    """``view_class`` with the guards its kind of view needs."""
    if issubclass(view_class, IndexView):
        view_class = _with_mixin(HubScopedListingMixin, view_class)
    if hasattr(view_class, "get_object") and not issubclass(view_class, ChosenViewMixin):
        view_class = _with_mixin(HubScopedObjectMixin, view_class)
    return view_class


class CreationNeedsAFormMixin:
    """Put before a chooser view: without a creation form, nothing is created from the
    chooser (Wagtail's create view would answer a POST with an error 500)."""

    def can_create(self):
        return self.get_creation_form_class() is not None and super().can_create()


def hub_scoped_chooser_view(view_class: type) -> type:
    if hasattr(view_class, "can_create"):
        view_class = _with_mixin(CreationNeedsAFormMixin, view_class)
    if hasattr(view_class, "get_object_list") or issubclass(
        view_class, (ChosenViewMixin, ChosenMultipleViewMixin)
    ):
        return _with_mixin(HubScopedChooserMixin, view_class)
    return view_class


class RefusalView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "hubsite/admin/refused.html"
    page_title = gettext_lazy("Action refusée")
    header_icon = "warning"
    reason = ""

    def dispatch(self, request, *args, **kwargs):
        response = self.render_to_response(self.get_context_data(reason=self.reason))
        response.status_code = 403
        return response


def answering_refusals(view):
    """``view``, answering a HubRefusal with the admin's 403 page that says why."""

    @functools.wraps(view)
    def guarded_view(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except HubRefusal as refusal:
            return RefusalView.as_view(reason=str(refusal.args[0]))(request)

    return guarded_view


class HubScopedChooserViewSetMixin:
    """Every view of the chooser keeps to the user's hubs."""

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(hub_scoped_chooser_view(view_class), **kwargs)


class HubScopedChooserViewSet(HubScopedChooserViewSetMixin, ChooserViewSet):
    pass


class HubScopedSnippetChooserViewSet(HubScopedChooserViewSetMixin, SnippetChooserViewSet):
    pass


class HubScopedViewSetMixin:
    """Every view the viewset constructs is guarded (``hub_scoped_view``); its chooser, if it
    has one, keeps to the user's hubs whatever its class."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chooser_class = getattr(self, "chooser_viewset_class", None)
        if chooser_class is not None:
            self.chooser_viewset_class = _with_mixin(HubScopedChooserViewSetMixin, chooser_class)

    def construct_view(self, view_class, **kwargs):
        return answering_refusals(super().construct_view(hub_scoped_view(view_class), **kwargs))


class HubScopedViewSet(HubScopedViewSetMixin, ModelViewSet):
    """A ``ModelViewSet`` of a hub-scoped model."""


class HubScopedSnippetViewSet(HubScopedViewSetMixin, SnippetViewSet):
    """A ``SnippetViewSet`` of a hub-scoped model."""

    chooser_viewset_class = HubScopedSnippetChooserViewSet
