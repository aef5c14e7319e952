from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsiteConfig(AppConfig):
    name = "hubsite"
    verbose_name = _("Portail et hubs")

    def ready(self):
        from hubsite import signals  # noqa: F401
