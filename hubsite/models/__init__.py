from .hubs import Hub, HubQuerySet
from .mappings import ImportMapping
from .notifications import DigestEntry, Frequency, NotificationDigest, NotificationPreference
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
from .workflows import HubReviewTask

__all__ = [
    "Commune",
    "Departement",
    "DigestEntry",
    "EventIndexPage",
    "EventPage",
    "Frequency",
    "HomePage",
    "Hub",
    "HubPage",
    "HubQuerySet",
    "HubReviewTask",
    "HubTeamMember",
    "ImportMapping",
    "NewsIndexPage",
    "NewsPage",
    "NotificationDigest",
    "NotificationPreference",
    "PostalCode",
    "Region",
    "StandardPage",
]
