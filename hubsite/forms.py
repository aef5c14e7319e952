"""Forms of the hub admin: the national team's full form, the coordinators' presentation form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hubsite.models import Departement, Hub
from hubsite.models.hubs import MAX_DEPARTEMENTS, MIN_DEPARTEMENTS
from hubsite.services import HUB_PRESENTATION_FIELDS, validate_departements, validate_hub_slug


class DepartementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.hub_id is None:
            return f"{obj.code} - {obj.name}"
        return _("%(code)s - %(name)s (hub %(hub)s)") % {
            "code": obj.code,
            "name": obj.name,
            "hub": obj.hub.name,
        }


class HubPresentationForm(forms.ModelForm):
    """What a hub's coordinators may change: how the hub presents itself and is reached."""

    website = forms.URLField(
        label=capfirst(Hub._meta.get_field("website").verbose_name),
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Hub
        fields = HUB_PRESENTATION_FIELDS
        widgets = {"presentation": forms.Textarea(attrs={"rows": 8})}

    def hub_fields(self) -> dict:
        """The cleaned values to hand to ``create_hub`` / ``update_hub``."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class HubForm(HubPresentationForm):
    """The national team's form: everything, including the départements the hub covers."""

    departements = DepartementChoiceField(
        label=_("Départements couverts"),
        queryset=Departement.objects.select_related("hub").order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De %(min)d à %(max)d départements ; un département appartient à un seul hub.")
        % {"min": MIN_DEPARTEMENTS, "max": MAX_DEPARTEMENTS},
    )

    class Meta(HubPresentationForm.Meta):
        fields = ("name", "slug", *HUB_PRESENTATION_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault(
                "departements", list(self.instance.departements.values_list("pk", flat=True))
            )

    @property
    def hub(self) -> Hub | None:
        return self.instance if self.instance.pk else None

    def clean_departements(self):
        return validate_departements(self.hub, self.cleaned_data["departements"])

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if self.hub is None or slug != Hub.objects.get(pk=self.hub.pk).slug:
            validate_hub_slug(self.hub, slug)
        return slug


def apply_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form, on the field it names if there is one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
