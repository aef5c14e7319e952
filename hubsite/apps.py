from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsiteConfig(AppConfig):
    name = "hubsite"
    verbose_name = _("Portail et hubs")

    def ready(self):
        from wagtail.admin.views.mixins import SpreadsheetExportMixin

        from hubsite import exports, signals  # noqa: F401

        # The one patch of a library class: Wagtail's SpreadsheetExportMixin writes cells
        # verbatim, and its reports (site history, aging pages...), every list_export listing
        # and the form-submission exports are built on it, in Wagtail's own URLs. Defusing the
        # mixin is the only place that covers them all (see hubsite.exports).
        exports.defuse_spreadsheet_exports(SpreadsheetExportMixin)
