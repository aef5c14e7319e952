"""The guard on a hub's page and listings, which its section cannot lose."""

import contextlib
import contextvars

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

_removing_hub_section = contextvars.ContextVar("removing_hub_section", default=False)


@contextlib.contextmanager
def hub_section_removal():
    """Within this block, a hub's page and listings may be deleted: ``delete_hub`` only."""
    token = _removing_hub_section.set(True)
    try:
        yield
    finally:
        _removing_hub_section.reset(token)


def refuse_hub_structure_removal(page: Page) -> None:
    """Raise ``PermissionDenied`` if ``page`` is a hub's page or listing, outside
    ``hub_section_removal``: code with no user must not leave a hub without its section."""
    from hubsite.permissions import is_hub_structure

    if not _removing_hub_section.get() and is_hub_structure(page):
        raise PermissionDenied(f"{page} belongs to its hub's structure")


class HubStructureMixin:
    """A hub's page and listings: rearranged by the national team, deleted with their hub.

    User paths ask ``HubStructurePermissionTester``; code with no user is refused here and,
    for deletions by any route (cascades included), by a ``pre_delete`` receiver.
    """

    def permissions_for_user(self, user):
        from hubsite.permissions import HubStructurePermissionTester

        return HubStructurePermissionTester(user, self)

    def delete(self, *args, **kwargs):
        # Before Wagtail logs the deletion of the page and its descendants.
        refuse_hub_structure_removal(self)
        return super().delete(*args, **kwargs)

    def unpublish(self, *args, user=None, **kwargs):
        # With a user, Wagtail's action asks the tester.
        if user is None:
            refuse_hub_structure_removal(self)
        return super().unpublish(*args, user=user, **kwargs)

    def clean(self):
        super().clean()
        # The scheduler unpublishes expired pages with no user.
        if self.expire_at is not None:
            raise ValidationError(
                {"expire_at": _("Cette page reste en ligne tant que son hub existe.")}
            )
