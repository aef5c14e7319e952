"""The admin of saved import mappings: listed, renamed and deleted here, built by the app
whose import they serve, on an uploaded file (the directory's: "Importer des lieux").

On ``HubScopedViewSet``: a coordinator lists and changes their hubs' mappings only; the
national team's (without a hub) are theirs to change, shared read-only with every hub
through the apps' import forms (``ImportMapping.objects.usable_by``).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn

from hubsite import mapping as engine
from hubsite.admin_views import HubScopedViewSet
from hubsite.models import ImportMapping


def _target_label(mapping: ImportMapping) -> str:
    target = engine.targets().get(mapping.target)
    return str(target.label) if target else mapping.target


def _owner_label(mapping: ImportMapping) -> str:
    return str(mapping.hub) if mapping.hub_id else _("Équipe nationale (partagée)")


class ImportMappingViewSet(HubScopedViewSet):
    model = ImportMapping
    name = "import_mappings"
    icon = "table"
    menu_label = _("Correspondances d'import")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["name"]
    list_display = [
        "name",
        Column("target", label=_("Import"), accessor=_target_label),
        Column("hub", label=_("Propriétaire"), accessor=_owner_label),
        DateColumn("updated_at", label=_("Modifiée le")),
    ]
    search_fields = ["name"]
    inspect_view_fields = ["name", "target", "hub", "created_by", "created_at", "updated_at"]

    def get_queryset(self, request):
        return ImportMapping.objects.select_related("hub")


import_mapping_viewset = ImportMappingViewSet()
