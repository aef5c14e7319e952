"""Saving import mappings (``hubsite.mapping``): one service, whatever app the mapping serves."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hubsite import mapping as engine
from hubsite.models import Hub, ImportMapping
from hubsite.permissions import can_edit_mapping
from hubsite.scoping import hub_scope


def mapping_hub_for(user) -> Hub | None:
    """The hub a mapping ``user`` saves belongs to: none (the national team's, shared) for the
    national team, else the first hub they coordinate."""
    scope = hub_scope(user)
    if scope.everything or not scope.hub_ids:
        return None
    return Hub.objects.filter(pk__in=scope.hub_ids).order_by("name").first()


def save_import_mapping(
    *, user, target: str, name: str, spec: dict, columns: list[str] | None = None
) -> ImportMapping:
    """Create the mapping ``name`` of ``target``, or replace the spec of the one of that name
    that ``user`` may change. ValidationError (French) when the spec is unfit or the name is
    another's; PermissionDenied for someone who coordinates no hub."""
    name = " ".join((name or "").split())[:120]
    if not name:
        raise ValidationError(_("Donnez un nom à cette correspondance."), code="name")
    if not hub_scope(user):
        raise PermissionDenied(_("Vous ne pouvez pas enregistrer de correspondance."))
    errors = engine.validate(engine.get_target(target), spec, columns)
    if errors:
        raise ValidationError(errors, code="spec")
    with transaction.atomic():
        existing = (
            ImportMapping.objects.select_for_update().filter(target=target, name=name).first()
        )
        if existing is not None:
            if not can_edit_mapping(user, existing):
                raise ValidationError(
                    _("Le nom « %(name)s » est déjà pris : choisissez-en un autre.")
                    % {"name": name},
                    code="taken",
                )
            existing.spec = spec
            existing.save(update_fields=["spec", "updated_at"])
            return existing
        try:
            with transaction.atomic():
                return ImportMapping.objects.create(
                    target=target, name=name, spec=spec, hub=mapping_hub_for(user), created_by=user
                )
        except IntegrityError:
            raise ValidationError(
                _("Le nom « %(name)s » est déjà pris : choisissez-en un autre.") % {"name": name},
                code="taken",
            ) from None
