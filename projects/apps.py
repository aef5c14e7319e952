from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Solutions et projets")

    def ready(self):
        # Connects the signals that keep the search copies of the published text and the
        # places where each solution runs.
        from projects import (  # noqa: F401
            places,
            search,
            signals,
        )

        signals.connect()
