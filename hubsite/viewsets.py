"""Wagtail admin for hubs: the national team runs them all, a coordinator edits their own.

Built on ``hubsite.admin_views.HubScopedViewSet``: every view lists or takes only the hubs
of ``Hub.objects.visible_to(user)`` and checks ``hub_permission_policy`` for the hub, so a
hand-typed URL of another hub answers 404, and one of their own hub that their role may not
act on (deleting it) 403.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

from hubsite import services
from hubsite.admin_views import HubScopedViewSet
from hubsite.forms import HubForm, HubPresentationForm, apply_service_error
from hubsite.models import Hub
from hubsite.permissions import can_change_hub_territory, hub_permission_policy


class HubIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Hub.objects.prefetch_related("departements").select_related("page")


class HubFormMixin:
    """Pick the form by role: only the national team sees name, slug and départements."""

    def get_form_class(self):
        if can_change_hub_territory(self.request.user):
            return HubForm
        return HubPresentationForm

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            apply_service_error(form, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class HubCreateView(HubFormMixin, generic.CreateView):
    def save_instance(self):
        # create_hub makes the page section, the group and the collection with the hub.
        fields = self.form.hub_fields()
        return services.create_hub(
            **fields, departements=self.form.cleaned_data["departements"], user=self.request.user
        )


class HubEditView(HubFormMixin, generic.EditView):
    def save_instance(self):
        departements = self.form.cleaned_data.get("departements")
        return services.update_hub(
            hub=self.form.instance,
            user=self.request.user,
            departements=departements,
            **self.form.hub_fields(),
        )

    @property
    def can_delete(self):
        return hub_permission_policy.user_has_permission_for_instance(
            self.request.user, "delete", self.object
        )


class HubDeleteView(generic.DeleteView):
    def get(self, request, *args, **kwargs):
        if reasons := services.hub_content(self.object):
            messages.warning(
                request,
                _("Ce hub ne peut pas être supprimé tant qu'il contient : %(content)s.")
                % {"content": ", ".join(reasons)},
            )
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.delete_hub(hub=self.object, user=self.request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return redirect(self.get_delete_url())
        messages.success(self.request, self.get_success_message())
        return redirect(get_valid_next_url_from_request(self.request) or self.get_success_url())


def _departements_label(hub: Hub) -> str:
    return ", ".join(f"{d.name} ({d.code})" for d in hub.departements.all())


class HubViewSet(HubScopedViewSet):
    model = Hub
    name = "hubs"
    icon = "site"
    menu_label = _("Hubs")
    menu_order = 150
    add_to_admin_menu = True
    copy_view_enabled = False  # a copy would bypass create_hub and clash on départements
    inspect_view_enabled = True

    index_view_class = HubIndexView
    add_view_class = HubCreateView
    edit_view_class = HubEditView
    delete_view_class = HubDeleteView

    list_display = [
        "name",
        "slug",
        Column("departements", label=_("Départements"), accessor=_departements_label),
        "contact_email",
    ]
    search_fields = ["name", "slug"]
    inspect_view_fields = [
        "name",
        "slug",
        "presentation",
        "contact_email",
        "contact_phone",
        "address",
        "website",
        "created_at",
    ]

    def get_form_class(self, for_update=False):
        return HubForm


hub_viewset = HubViewSet()


class _MediaScopedByCollection:
    # Wagtail's admin API lists every image and document to any admin user; scope it to the
    # collections the user may use, like the choosers and listings.
    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        return policy.instances_user_has_any_permission_for(
            self.request.user, ["choose", "change"]
        ).order_by("id")


class ScopedImagesAdminAPIViewSet(_MediaScopedByCollection, ImagesAdminAPIViewSet):
    pass


class ScopedDocumentsAdminAPIViewSet(_MediaScopedByCollection, DocumentsAdminAPIViewSet):
    pass
