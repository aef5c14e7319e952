# Registers the hub admin, its permission policy, the guards on hubs' pages, the coordinator's
# desk and the notification preferences.
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from hubsite import notifications
from hubsite.account import NotificationPreferencesPanel
from hubsite.desk import DeskPanel
from hubsite.models import Hub
from hubsite.permissions import can_restructure_page, hub_permission_policy
from hubsite.viewsets import (
    ScopedDocumentsAdminAPIViewSet,
    ScopedImagesAdminAPIViewSet,
    hub_viewset,
)

register_permission_policy(Hub, hub_permission_policy, exact_class=True)


@hooks.register("register_admin_viewset")
def register_hub_viewset():
    return hub_viewset


# After wagtail.images and wagtail.documents have registered theirs (default order 0).
@hooks.register("construct_admin_api", order=100)
def scope_media_admin_api(router):
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


def _refuse_restructuring(request, obj):
    if isinstance(obj, Page) and not can_restructure_page(request.user, obj):
        raise PermissionDenied


hooks.register("before_delete_page", _refuse_restructuring)
hooks.register("before_unpublish_page", _refuse_restructuring)


@hooks.register("before_move_page")
def refuse_move(request, page, destination):
    # Wagtail checks the move itself only on POST; its confirmation page would otherwise show
    # any page to anyone who types the URL.
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
    _refuse_restructuring(request, page)


@hooks.register("before_bulk_action")
def refuse_bulk_restructuring(request, action_type, objects, action_class_instance):
    if action_type in {"delete", "move", "unpublish"}:
        for obj in objects:
            _refuse_restructuring(request, obj)


@hooks.register("describe_collection_contents")
def describe_hub_collection(collection):
    # A hub's collection goes with its hub: Wagtail refuses to delete a collection it
    # describes as not empty.
    hub = Hub.objects.filter(collection=collection).first()
    if hub is not None:
        return {
            "count": 1,
            "count_text": _("la médiathèque du hub %(hub)s, supprimée avec lui") % {"hub": hub},
            "url": reverse("hubs:edit", args=(hub.pk,)),
        }


hooks.register(notifications.ROLES_HOOK, notifications.hub_coordinators_role)
hooks.register("register_account_settings_panel", NotificationPreferencesPanel)


@hooks.register("construct_homepage_panels")
def add_desk_panel(request, panels):
    panels.append(DeskPanel(request.user))
