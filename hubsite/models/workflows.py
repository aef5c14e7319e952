"""The moderation task of hub-scoped content: its hub's coordinators review it.

Wagtail's ``GroupApprovalTask`` names fixed groups; here the reviewers follow the object:
the coordinators of its hub (``obj.hub``), the national team when it has none (a national
organisation's solution). The object may refuse approval of a version
(``approval_refusals()``, a list of French reasons): the task then offers only "request
changes", and says why.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.models import LockableMixin, Task, TaskState

from hubsite.roles import is_national, national_users
from hubsite.scoping import hub_scope


def review_hub(obj):
    """The hub whose coordinators review ``obj``; None for the national team."""
    return getattr(obj, "hub", None)


def version_under_review(obj):
    """``obj`` as its revision in moderation has it (the live row may hold an older text)."""
    state = getattr(obj, "current_workflow_task_state", None)
    if state is None:
        return obj
    return state.revision.as_object()


def approval_refusals(obj) -> list[str]:
    """Why the version of ``obj`` under review cannot be approved (empty when it can)."""
    version = version_under_review(obj)
    refusals = getattr(version, "approval_refusals", None)
    return [str(reason) for reason in refusals()] if refusals else []


class HubReviewTask(Task):
    """Reviewed by the coordinators of the object's hub, or the national team."""

    def reviews(self, obj, user) -> bool:
        if not (user.is_authenticated and user.is_active):
            return False
        if is_national(user):
            return True
        hub = review_hub(obj)
        return hub is not None and hub_scope(user).includes(hub.pk)

    def reviewers(self, obj):
        """Who may review ``obj``: its hub's coordinators, or the national team."""
        hub = review_hub(obj)
        if hub is None or hub.group_id is None:
            return national_users().distinct()
        return get_user_model().objects.filter(groups=hub.group_id, is_active=True).distinct()

    def start(self, workflow_state, user=None):
        obj = workflow_state.content_object
        if (
            isinstance(obj, LockableMixin)
            and obj.locked_by
            and not self.reviews(obj, obj.locked_by)
        ):
            # A lock by the submitter would keep the reviewers out.
            obj.locked, obj.locked_by, obj.locked_at = False, None, None
            obj.save(update_fields=["locked", "locked_by", "locked_at"])
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self.reviews(obj, user)

    def locked_for_user(self, obj, user):
        return not self.reviews(obj, user)

    def user_can_lock(self, obj, user):
        return self.reviews(obj, user)

    def user_can_unlock(self, obj, user):
        # A reviewer may free a version a colleague locked and left.
        return self.reviews(obj, user)

    def get_actions(self, obj, user):
        if not self.reviews(obj, user):
            return []
        actions = [("reject", _("Demander des modifications"), True)]
        if not approval_refusals(obj):
            actions += [
                ("approve", _("Publier"), False),
                ("approve", _("Publier avec un commentaire"), True),
            ]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            refusals = approval_refusals(task_state.workflow_state.content_object)
            if refusals:
                raise ValidationError(refusals, code="approval_refused")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if is_national(user):
            return states
        if not hub_scope(user):
            return TaskState.objects.none()
        kept = [
            state.pk
            for state in states.select_related("workflow_state")
            if self.reviews(state.workflow_state.content_object, user)
        ]
        return states.filter(pk__in=kept)

    @classmethod
    def get_description(cls):
        return _(
            "Les coordinateurs et coordinatrices du hub du contenu le relisent ; l'équipe "
            "nationale quand il ne relève d'aucun hub."
        )

    class Meta:
        verbose_name = _("relecture par le hub")
        verbose_name_plural = _("relectures par le hub")
