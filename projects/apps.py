from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Solutions et projets")

    def ready(self):
        # Connects the signal that keeps the search copies of the published text.
        from projects import (
            search,  # noqa: F401
            signals,
        )

        signals.connect()
