"""The mediator's space in the Wagtail admin: a menu reduced to their organisation's
solutions, deployments and take-up requests, a home that speaks to them, and the "send to
the hub" button named so."""

from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.snippets.action_menu import SaveMenuItem, SubmitForModerationMenuItem

from projects.models import Organisation, Solution, TakeUpRequest, TakeUpStatus
from projects.moderation import review_statuses
from projects.permissions import is_member_space_user

# What a mediator's menu keeps (menu item names).
MEDIATOR_MENU = frozenset({"solutions", "deployments", "take_up_requests", "my_organisation"})
# Wagtail's home panels a mediator keeps: what they sent that waits for moderation.
MEDIATOR_PANELS = frozenset({"user_objects_in_workflow_moderation"})
SHOWN_SOLUTIONS = 20


def reduce_menu(request, menu_items):
    if is_member_space_user(request.user):
        menu_items[:] = [item for item in menu_items if item.name in MEDIATOR_MENU]


class MediatorSpacePanel(Component):
    """Their solutions, where each stands and what the hub said; the requests waiting."""

    name = "maillage_mediator_space"
    order = 40
    template_name = "projects/admin/mediator_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        solutions = list(
            Solution.objects.visible_to(self.user)
            .select_related("organisation")
            .order_by("-updated_at")[:SHOWN_SOLUTIONS]
        )
        statuses = review_statuses(solutions)
        return {
            "organisations": list(Organisation.objects.of_member(self.user)),
            "rows": [(solution, statuses[solution.pk]) for solution in solutions],
            "new_requests": TakeUpRequest.objects.visible_to(self.user)
            .filter(status=TakeUpStatus.NEW)
            .count(),
        }


def mediator_home(request, panels):
    if is_member_space_user(request.user):
        panels[:] = [panel for panel in panels if getattr(panel, "name", "") in MEDIATOR_PANELS]
        panels.insert(0, MediatorSpacePanel(request.user))


class SendToHubMenuItem(SubmitForModerationMenuItem):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        instance = parent_context.get("instance")
        state = instance.current_workflow_state if instance else None
        if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
            context["label"] = _("Renvoyer au hub")
        else:
            context["label"] = _("Envoyer au hub")
        return context


class SaveDraftMenuItem(SaveMenuItem):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = _("Enregistrer le brouillon")
        return context


def name_solution_actions(menu_items, request, context):
    if context.get("model") is not Solution:
        return
    for index, item in enumerate(menu_items):
        for base, replacement in (
            (SubmitForModerationMenuItem, SendToHubMenuItem),
            (SaveMenuItem, SaveDraftMenuItem),
        ):
            if type(item) is base:
                menu_items[index] = replacement(order=item.order)
