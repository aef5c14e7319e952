"""The organisations in the admin: a hub's coordinators read those of their hub (members
included, on the inspect page); the national team sees and may correct them all.

Built on ``hubsite.admin_views.HubScopedViewSet``: another hub's organisation answers 404
on every URL. Mediators manage their own organisation from "Mon espace" (``views_space``).
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from hubsite.admin_views import HubScopedViewSet
from hubsite.permissions import HubScopedPermissionPolicy
from projects.models import Organisation

organisation_permission_policy = HubScopedPermissionPolicy(
    Organisation, coordinator_actions={"view"}
)


class OrganisationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("commune__departement__hub")
            .annotate(member_count=Count("memberships"))
        )


class OrganisationViewSet(HubScopedViewSet):
    model = Organisation
    permission_policy = organisation_permission_policy
    index_view_class = OrganisationIndexView
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 310
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["name", "siret", "rna"]
    list_filter = ["legal_form", "is_national"]
    list_export = ["name", "siret", "rna", "legal_form", "postcode", "commune", "website"]
    list_display = [
        "name",
        Column("commune", label=_("Commune"), accessor="commune"),
        Column("hub", label=_("Hub"), accessor="commune.departement.hub"),
        "legal_form",
        Column("member_count", label=_("Membres")),
    ]
    form_fields = [
        "name",
        "legal_form",
        "siret",
        "rna",
        "address",
        "postcode",
        "commune",
        "is_national",
        "website",
    ]
    inspect_view_fields = [
        "name",
        "legal_form",
        "siret",
        "rna",
        "address",
        "postcode",
        "commune",
        "is_national",
        "website",
        "created_at",
    ]


organisation_viewset = OrganisationViewSet("organisations")
