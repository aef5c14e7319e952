"""Who may change a call's scoring grid, ask outside experts and read their opinions."""

from hubsite.roles import is_national
from projects.models import Dossier, ProjectCall
from projects.permissions.review import can_see_others_reviews


def can_edit_grid(user, call: ProjectCall) -> bool:
    """Change the call's grid, or replace it by a copy: the national team, until a review of
    a call using the grid has started."""
    return is_national(user) and not call.grid.is_frozen()


def can_request_expert_opinion(user, dossier: Dossier) -> bool:
    """Ask an outside expert for an opinion on ``dossier``: the national team."""
    return is_national(user)


def visible_expert_opinions(user, dossier: Dossier):
    """The experts' sent opinions on ``dossier`` that ``user`` may read: like another
    reviewer's review (the national team; a reviewer, in a blind review once theirs is sent)."""
    opinions = dossier.expert_opinions.submitted()
    return opinions if can_see_others_reviews(user, dossier) else opinions.none()
