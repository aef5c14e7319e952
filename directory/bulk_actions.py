"""The venues' own bulk action: qualify.

Like every bulk action of the admin, it considers only the venues the user manages
(``hubsite.bulk_actions.ScopedBulkActionMixin``): another hub's id is dropped without a word,
as an id that does not exist would be. Wagtail's delete action for venues is scoped the same
way by hubsite, with every snippet's.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy, ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from directory import services
from directory.models import Status, Venue
from directory.permissions import can_qualify
from directory.transitions import QUALIFY
from hubsite.admin_transitions import TransitionForm
from hubsite.bulk_actions import ScopedBulkActionMixin


class QualifyBulkAction(ScopedBulkActionMixin, SnippetBulkAction):
    models = [Venue]
    display_name = gettext_lazy("Qualifier")
    action_type = "qualify"
    aria_label = gettext_lazy("Qualifier les lieux sélectionnés")
    no_access_message = gettext_lazy("Vous ne pouvez pas qualifier ces lieux.")
    template_name = "directory/admin/bulk_qualify.html"
    action_priority = 10
    form_class = TransitionForm

    def get_all_objects_in_listing_query(self, parent_id):
        return (
            Venue.objects.visible_to(self.request.user)
            .exclude(status=Status.QUALIFIED)
            .values_list("pk", flat=True)
        )

    def check_perm(self, venue):
        return can_qualify(self.request.user, venue)

    def get_form_kwargs(self):
        # Whether a reason is needed is the table's word, here as on a venue's own page.
        return {**super().get_form_kwargs(), "reason_required": QUALIFY.reason_required}

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
