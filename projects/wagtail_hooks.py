# Wagtail reads this module: it registers the projects' hooks, kept one module per concern.
from projects import (  # noqa: F401
    hooks_calls,
    hooks_decisions,
    hooks_organisations,
    hooks_public,
    hooks_review,
    hooks_review_admin,
    hooks_solutions,
)
