"""Writes of a call for projects set up by the national team in the admin: the grid a new
call starts with, and deleting a call that no dossier uses yet."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from projects.models import ProjectCall, ScoringGrid
from projects.permissions.calls import can_delete_call
from projects.services.grids import copy_grid

SLUG_LENGTH = ProjectCall._meta.get_field("slug").max_length


def free_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """A slug drawn from ``title`` that no other call has (``-2``, ``-3``… when taken)."""
    base = slugify(title)[: SLUG_LENGTH - 6].strip("-") or "appel"
    taken = set(
        ProjectCall.objects.exclude(pk=exclude_pk)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def grid_for_new_call(*, title: str, source: ProjectCall | None = None) -> ScoringGrid:
    """The grid a new call titled ``title`` starts with: a copy of ``source``'s, or an empty
    one, to fill in the grid editor."""
    name = _("Grille de %(call)s") % {"call": title}
    if source is None:
        return ScoringGrid.objects.create(title=name)
    return copy_grid(source=source.grid, title=name)


def has_dossiers_error() -> ValidationError:
    return ValidationError(
        _("Un hub a déjà un dossier pour cet appel : il ne peut plus être supprimé."),
        code="has_dossiers",
    )


@transaction.atomic
def delete_call(*, call: ProjectCall, by) -> None:
    """Delete ``call`` and its economic rules, and its grid when no other call uses it;
    refused once a hub has a dossier for it."""
    locked = ProjectCall.objects.select_for_update().select_related("grid").get(pk=call.pk)
    if not can_delete_call(by, locked):
        raise has_dossiers_error()
    grid = locked.grid
    locked.delete()
    if not grid.calls.exists():
        grid.delete()
