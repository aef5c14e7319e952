"""Identifiers of French organisations: a SIRET checked by its Luhn key (python-stdnum), or
an association's RNA number."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siret

RNA = re.compile(r"W\d{9}")


def clean_siret(value: str) -> str:
    """The SIRET without its spaces; a French error when it has not 14 digits or its key fails."""
    compact = siret.compact(value or "")
    if not compact.isdigit() or len(compact) != 14:
        raise ValidationError(_("Un SIRET compte 14 chiffres."), code="siret_length")
    if not siret.is_valid(compact):
        raise ValidationError(
            _(
                "Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas. "
                "Vérifiez les chiffres."
            ),
            code="siret_key",
        )
    return compact


def clean_rna(value: str) -> str:
    """The RNA number upper-cased; a French error unless it is ``W`` and nine digits."""
    compact = re.sub(r"\s", "", value or "").upper()
    if not RNA.fullmatch(compact):
        raise ValidationError(
            _("Un numéro RNA commence par W suivi de 9 chiffres (par exemple W751234567)."),
            code="rna",
        )
    return compact
