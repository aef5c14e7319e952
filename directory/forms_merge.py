"""The merge form: which record to keep, then for each group of fields whose values differ,
which venue's values win (one radio button per venue, the sensible side checked)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.merge_fields import MERGE_GROUPS, preferred, proposed
from directory.models import Venue


class MergeForm(forms.Form):
    keep = forms.TypedChoiceField(
        label=_("Fiche conservée (son adresse publique, son identifiant)"),
        coerce=int,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, first: Venue, second: Venue, **kwargs):
        super().__init__(*args, **kwargs)
        self.venues = (first, second)
        self.fields["keep"].choices = [
            (v.pk, _("Lieu n° %(pk)d") % {"pk": v.pk}) for v in self.venues
        ]
        self.fields["keep"].initial = preferred(first, second).pk
        self.rows = []
        for group in MERGE_GROUPS:
            differs = group.values(first) != group.values(second)
            if differs:
                self.fields[group.name] = forms.TypedChoiceField(
                    label=group.label,
                    coerce=int,
                    choices=[(v.pk, group.display(v)) for v in self.venues],
                    initial=proposed(group, first, second).pk,
                    widget=forms.RadioSelect,
                )
            self.rows.append(
                {
                    "group": group,
                    "differs": differs,
                    "field": self[group.name] if differs else None,
                    "values": [group.display(v) for v in self.venues],
                }
            )

    def choices(self) -> dict[str, int]:
        return {
            group.name: self.cleaned_data[group.name]
            for group in MERGE_GROUPS
            if group.name in self.cleaned_data
        }
