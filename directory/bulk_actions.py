"""The venues' bulk actions: qualify (the project's) and delete (Wagtail's, scoped).

Wagtail's bulk actions load every id of the URL (``?id=all``: every row of the table), then
list on their confirmation page, by name, those the user may not act on. For venues, that
told a coordinator the names and the number of another hub's unpublished venues. Here an
action considers only the venues the user manages (``Venue.objects.visible_to``): another
hub's id is dropped without a word, as an id that does not exist would be.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_list_or_404
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy, ngettext
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from directory import services
from directory.forms import BulkQualifyForm
from directory.models import Status, Venue
from directory.permissions import can_qualify


class VenueScopedBulkActionMixin:
    """Keeps a bulk action on venues to those the user manages."""

    @classproperty
    def models(cls):
        return [Venue]

    def get_scope(self):
        return Venue.objects.visible_to(self.request.user)

    def get_queryset(self, model, object_ids):
        # Wagtail declares it a classmethod and calls it on the instance: the user is needed.
        return get_list_or_404(self.get_scope(), pk__in=object_ids)

    def get_all_objects_in_listing_query(self, parent_id):
        return self.get_scope().values_list("pk", flat=True)


class QualifyBulkAction(VenueScopedBulkActionMixin, SnippetBulkAction):
    display_name = gettext_lazy("Qualifier")
    action_type = "qualify"
    aria_label = gettext_lazy("Qualifier les lieux sélectionnés")
    template_name = "directory/admin/bulk_qualify.html"
    action_priority = 10
    form_class = BulkQualifyForm

    def get_all_objects_in_listing_query(self, parent_id):
        return super().get_all_objects_in_listing_query(parent_id).exclude(status=Status.QUALIFIED)

    def check_perm(self, venue):
        return can_qualify(self.request.user, venue)

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "user": self.request.user,
            "reason": self.cleaned_form.cleaned_data.get("reason", ""),
        }

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        return services.bulk_qualify(venues=objects, by=user, reason=reason), 0

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d lieu qualifié.", "%(count)d lieux qualifiés.", num_parent_objects
        ) % {"count": num_parent_objects}


class VenueDeleteBulkAction(VenueScopedBulkActionMixin, DeleteBulkAction):
    """Wagtail's delete action for snippets, registered after it for venues alone."""
