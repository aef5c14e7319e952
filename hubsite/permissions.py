"""Who may do what with a hub and its objects. Views and admin use these, never re-derive them."""

from hubsite.models import Hub
from hubsite.roles import is_national


def can_manage_hubs(user) -> bool:
    """Create hubs and change the départements they cover: the national team only."""
    return is_national(user)


def can_coordinate(user, hub: Hub | None) -> bool:
    """Edit what belongs to ``hub``: its pages, media, venues and funding applications."""
    if hub is None:
        return is_national(user)
    return is_national(user) or hub.is_coordinated_by(user)


def can_edit_hub(user, hub: Hub) -> bool:
    """Change a hub's presentation and contacts."""
    return can_coordinate(user, hub)
