from .hubs import Hub, HubQuerySet
from .pages import (
    EventIndexPage,
    EventPage,
    HomePage,
    HubPage,
    HubTeamMember,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from .territories import Commune, Departement, PostalCode, Region

__all__ = [
    "Commune",
    "Departement",
    "EventIndexPage",
    "EventPage",
    "HomePage",
    "Hub",
    "HubPage",
    "HubQuerySet",
    "HubTeamMember",
    "NewsIndexPage",
    "NewsPage",
    "PostalCode",
    "Region",
    "StandardPage",
]
