# Registers the hub admin, its permission policy, the guards on hubs' pages, the coordinator's
# desk and the notification preferences.
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from hubsite import notifications
from hubsite.account import NotificationPreferencesPanel
from hubsite.bulk_actions import SCOPED_BULK_ACTIONS
from hubsite.desk import DeskPanel
from hubsite.models import Hub, HubPage, ImportMapping
from hubsite.permissions import (
    choosable_pages,
    hub_permission_policy,
    import_mapping_permission_policy,
)
from hubsite.viewsets import (
    ScopedDocumentsAdminAPIViewSet,
    ScopedImagesAdminAPIViewSet,
    hub_viewset,
)
from hubsite.viewsets_mappings import import_mapping_viewset

register_permission_policy(Hub, hub_permission_policy, exact_class=True)
register_permission_policy(ImportMapping, import_mapping_permission_policy, exact_class=True)


@hooks.register("register_admin_viewset")
def register_hub_viewset():
    return hub_viewset


@hooks.register("register_admin_viewset")
def register_import_mapping_viewset():
    return import_mapping_viewset


# After Wagtail's own (default order 0), which they replace.
for action_class in SCOPED_BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=100)


# After wagtail.images and wagtail.documents have registered theirs (default order 0).
@hooks.register("construct_admin_api", order=100)
def scope_media_admin_api(router):
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


# Deleting, unpublishing, moving and copying a hub's page and listings are refused by their
# page permission tester (hubsite.permissions.HubStructurePermissionTester), which every admin
# view, API action and bulk action asks.


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    return pages.filter(pk__in=choosable_pages(request.user).values("pk"))


@hooks.register("before_move_page")
def refuse_move(request, page, destination):
    # Wagtail checks the move itself only on POST; its confirmation page would otherwise show
    # any page to anyone who types the URL.
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


@hooks.register("before_create_page")
def create_hub_pages_with_their_hub(request, parent_page, page_class):
    # A hub's page bears its hub's identity and comes with its listings, group and collection:
    # create_hub makes them together, from the hub admin.
    if issubclass(page_class, HubPage):
        messages.info(request, _("Une page de hub se crée avec son hub, depuis le menu Hubs."))
        return redirect("hubs:add")


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
