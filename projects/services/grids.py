"""Writes of a call's scoring grid: edits through the admin, and a copy of an earlier call's
grid. Both are refused once a review of a call using the grid has started."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.models import Criterion, GridSection, ProjectCall, ScoringGrid
from projects.permissions.grids_opinions import can_edit_grid


def frozen_error() -> ValidationError:
    return ValidationError(
        _(
            "La grille de cet appel est figée : une relecture a commencé, la modifier "
            "changerait ce que les relecteurs ont noté."
        ),
        code="frozen",
    )


def _lock_editable(call: ProjectCall, by) -> ProjectCall:
    locked = ProjectCall.objects.select_for_update().select_related("grid").get(pk=call.pk)
    if not can_edit_grid(by, locked):
        if locked.grid.is_frozen():
            raise frozen_error()
        raise ValidationError(_("Seule l'équipe nationale modifie les grilles."), code="refused")
    return locked


@transaction.atomic
def copy_grid(*, source: ScoringGrid, title: str = "") -> ScoringGrid:
    """A new grid with ``source``'s sections and criteria (guidance, weight, scale, order)."""
    grid = ScoringGrid.objects.create(title=title or source.title)
    for section in source.sections.prefetch_related("criteria"):
        copy = GridSection.objects.create(grid=grid, title=section.title, position=section.position)
        Criterion.objects.bulk_create(
            Criterion(
                section=copy,
                title=criterion.title,
                guidance=criterion.guidance,
                weight=criterion.weight,
                scale=criterion.scale,
                position=criterion.position,
            )
            for criterion in section.criteria.all()
        )
    return grid


@transaction.atomic
def replace_grid_by_copy(*, call: ProjectCall, source_call: ProjectCall, by) -> ScoringGrid:
    """Give ``call`` a copy of ``source_call``'s grid; its former grid goes if no other call
    uses it."""
    call = _lock_editable(call, by)
    if source_call.pk == call.pk:
        raise ValidationError(_("Choisissez un autre appel que celui-ci."), code="same_call")
    former = call.grid
    call.grid = copy_grid(
        source=source_call.grid, title=_("Grille de %(call)s") % {"call": call.title}
    )
    call.save(update_fields=["grid"])
    if not former.calls.exists():
        former.delete()
    return call.grid


@transaction.atomic
def save_grid(*, call: ProjectCall, by, formsets) -> None:
    """Save the admin's formsets of ``call``'s grid (sections first, then criteria)."""
    _lock_editable(call, by)
    for formset in formsets:
        formset.save()
