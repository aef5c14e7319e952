"""The admin's forms of a call's scoring grid: its sections and criteria as two formsets, and
the choice of an earlier call whose grid to copy."""

from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from projects.models import Criterion, GridSection, ProjectCall

SectionFormSet = modelformset_factory(
    GridSection, fields=["title", "position"], extra=1, can_delete=True
)


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["section", "title", "guidance", "weight", "scale", "position"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}


CriterionFormSet = modelformset_factory(Criterion, form=CriterionForm, extra=1, can_delete=True)


def grid_formsets(call: ProjectCall, data=None) -> tuple:
    """The (sections, criteria) formsets of ``call``'s grid; a criterion goes in one of the
    grid's sections already saved (add a section first, then its criteria)."""
    sections = GridSection.objects.filter(grid_id=call.grid_id)
    section_formset = SectionFormSet(data, queryset=sections, prefix="sections")
    for form in section_formset.forms:
        form.instance.grid_id = call.grid_id
    criterion_formset = CriterionFormSet(
        data,
        queryset=Criterion.objects.filter(section__grid_id=call.grid_id).select_related("section"),
        prefix="criteria",
    )
    for form in criterion_formset.forms:
        form.fields["section"].queryset = sections
    return section_formset, criterion_formset


class CopyGridForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copier la grille de l'appel"),
        queryset=ProjectCall.objects.none(),
        help_text=_("Remplace la grille de cet appel par une copie, que vous pourrez modifier."),
    )

    def __init__(self, *args, call: ProjectCall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = ProjectCall.objects.exclude(pk=call.pk)
