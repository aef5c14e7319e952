"""The admin of statuses: one confirmation view serves every transition of every model that
declares a table (``hubsite.transitions``); a viewset adds its URLs and its buttons from the
table with the mixins below.

    class VenueViewSet(TransitionsViewSetMixin, SnippetViewSet): ...
    class VenueEditView(TransitionButtonsMixin, EditView): ...
    class VenueIndexView(TransitionListingButtonsMixin, IndexView): ...
"""

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter

from hubsite import services
from hubsite.transitions import Transition, Transitions, history, refusal, transitions_for


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        if reason_required:
            self.fields["reason"].help_text = _("Obligatoire : il est gardé dans l'historique.")


class TransitionView(WagtailAdminTemplateMixin, FormView):
    """Confirm one transition (``name``) of one object: its reason, why it is refused if it
    is, then back to the object."""

    template_name = "hubsite/admin/transition.html"
    form_class = TransitionForm
    model = None
    name = ""
    header_icon = ""
    index_url_name = None
    inspect_url_name = None
    edit_url_name = None
    breadcrumbs_items = []

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.table: Transitions = transitions_for(self.model)
        self.object = get_object_or_404(self.model._default_manager, pk=unquote(str(kwargs["pk"])))
        # The move from the object's status, else one of the same name (to say why not).
        self.transition: Transition = next(
            (move for move in self.table.allowed(self.object) if move.name == self.name),
            self.table.described(self.name),
        )
        if not self.table.permits(request.user, self.object, self.transition):
            raise refusal(self.object, self.transition)

    @property
    def allowed(self) -> bool:
        return self.transition in self.table.allowed(self.object)

    def get_header_icon(self):
        return self.transition.icon

    def get_page_title(self):
        return self.transition.label

    def get_page_subtitle(self):
        return str(self.object)

    def object_url(self) -> str:
        for url_name in (self.inspect_url_name, self.edit_url_name):
            if url_name:
                return reverse(url_name, args=[quote(self.object.pk)])
        return reverse(self.index_url_name)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.index_url_name:
            items.append(
                {
                    "url": reverse(self.index_url_name),
                    "label": capfirst(self.model._meta.verbose_name_plural),
                }
            )
        items += [
            {"url": self.object_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]
        return items

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "reason_required": self.transition.reason_required}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "transition": self.transition,
            "allowed": self.allowed,
            "current": self.table.label_of(self.table.status_of(self.object)),
            "target": self.table.label_of(self.transition.target),
            "moves": history(self.object, limit=20),
            "object_url": self.object_url(),
        }

    def form_valid(self, form):
        try:
            services.move(
                self.object,
                to=self.transition.target,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("« %(object)s » : %(status)s.")
            % {
                "object": self.object,
                "status": self.table.label_of(self.transition.target).lower(),
            },
        )
        return redirect(self.object_url())


class TransitionsViewSetMixin:
    """Put before a model viewset whose model declares a table: a confirmation URL per
    transition (``<namespace>:<name>``), and their namespace given to the views' buttons."""

    transition_view_class = TransitionView

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            transitions_url_namespace=self.url_namespace, **kwargs
        )

    def get_urlpatterns(self):
        table = transitions_for(self.model)
        return [
            *super().get_urlpatterns(),
            *(
                path(
                    f"{name}/<str:pk>/",
                    self.construct_view(self.transition_view_class, name=name),
                    name=name,
                )
                for name in table.names()
            ),
        ]


class _TransitionLinks:
    transitions_url_namespace = None

    def transition_links(self, obj) -> list[tuple[Transition, str]]:
        """(transition, URL) for each move the user may make on ``obj`` now."""
        if not self.transitions_url_namespace:
            return []
        table = transitions_for(type(obj))
        return [
            (move, reverse(f"{self.transitions_url_namespace}:{move.name}", args=[quote(obj.pk)]))
            for move in table.available_to(self.request.user, obj)
        ]


class TransitionButtonsMixin(_TransitionLinks):
    """Put before an edit or inspect view: a "more" header button per move available."""

    transition_buttons_priority = 50

    def get_header_more_buttons(self):
        buttons = [
            Button(move.label, url=url, icon_name=move.icon, priority=priority)
            for priority, (move, url) in enumerate(
                self.transition_links(self.object), start=self.transition_buttons_priority
            )
        ]
        return sorted([*super().get_header_more_buttons(), *buttons])


class TransitionListingButtonsMixin(_TransitionLinks):
    """Put before an index view: a "more" button of each row per move available."""

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            *(
                MenuItem(move.label, url=url, icon_name=move.icon, priority=50)
                for move, url in self.transition_links(instance)
            ),
        ]


class TransitionLogFormatter(LogFormatter):
    """A transition's log entry, its reason in the message: the history of a model without
    revisions shows messages, not comments."""

    def format_message(self, log_entry):
        reason = log_entry.data.get("reason")
        if reason:
            return _("%(message)s — motif : %(reason)s") % {
                "message": self.message,
                "reason": reason,
            }
        return self.message

    def format_comment(self, log_entry):
        return log_entry.data.get("reason", "")
