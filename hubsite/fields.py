"""A set of values from a closed vocabulary, stored as an integer bit mask.

Filtering on "offers this service" must be fast on SQLite and PostgreSQL alike, with 100,000
venues and without PostgreSQL-only arrays: a bit mask and two lookups do it portably.

    Venue.objects.filter(services__has_any=[Service.DEMARCHES])
    Venue.objects.filter(services__has_all=[Service.DEMARCHES, Service.SECURITE])
"""

from django.core import checks, exceptions
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class FlagsField(models.BigIntegerField):
    description = _("Ensemble de valeurs d'un vocabulaire fermé")

    def __init__(self, *args, vocabulary: type[models.TextChoices] | None = None, **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault("default", 0)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["vocabulary"] = self.vocabulary
        if kwargs.get("default") == 0:
            del kwargs["default"]
        return name, path, args, kwargs

    @cached_property
    def validators(self):
        # The value is a list of vocabulary values, not a number: BigIntegerField's range
        # validators do not apply (63 flags at most always fit in the mask).
        return [*self.default_validators, *self._validators]

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.vocabulary is not None and len(self.vocabulary.values) > 63:
            errors.append(checks.Error("A FlagsField vocabulary holds 63 values at most."))
        return errors

    # Enum look-ups are slow and every venue read converts nine masks: compute them once.
    @cached_property
    def _values(self) -> tuple[str, ...]:
        return tuple(str(value) for value in self.vocabulary.values)

    @cached_property
    def _bits(self) -> dict[str, int]:
        return {value: 1 << bit for bit, value in enumerate(self._values)}

    @property
    def values(self) -> list[str]:
        return list(self._values)

    def to_mask(self, values) -> int:
        if isinstance(values, int):
            return values
        mask = 0
        bits = self._bits
        for value in values or ():
            try:
                mask |= bits[value]
            except KeyError:
                raise exceptions.ValidationError(
                    _("« %(value)s » n'est pas une valeur admise."),
                    code="invalid_choice",
                    params={"value": value},
                ) from None
        return mask

    def to_list(self, mask: int) -> list[str]:
        return [value for value, bit in self._bits.items() if mask & bit]

    def from_db_value(self, value, expression, connection):
        return [] if value is None else self.to_list(value)

    def to_python(self, value):
        if value is None:
            return []
        if isinstance(value, int):
            return self.to_list(value)
        if isinstance(value, str):
            value = [item for item in value.split("|") if item]
        self.to_mask(value)  # validates
        return list(value)

    def get_prep_value(self, value):
        return self.to_mask(value)

    def value_to_string(self, obj):
        return "|".join(self.value_from_object(obj))

    def get_default(self):
        return []

    def formfield(self, **kwargs):
        from django import forms

        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.vocabulary.choices,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)


class _MaskLookup(models.Lookup):
    def get_prep_lookup(self):
        return self.lhs.output_field.to_mask(self.rhs)


@FlagsField.register_lookup
class HasAny(_MaskLookup):
    lookup_name = "has_any"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} & {rhs}) <> 0", [*lhs_params, *rhs_params]


@FlagsField.register_lookup
class HasAll(_MaskLookup):
    lookup_name = "has_all"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} & {rhs}) = {rhs}", [*lhs_params, *rhs_params, *rhs_params]
