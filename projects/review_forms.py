"""The scoring grid as a form: one choice per criterion, an overall recommendation, comments."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Recommendation, Review, Scale

NOT_APPLICABLE = "na"


def _choices(criterion):
    if criterion.scale == Scale.YES_NO:
        return [("1", _("Oui")), ("0", _("Non"))]
    return [(str(mark), str(mark)) for mark in range(6)] + [(NOT_APPLICABLE, _("Sans objet"))]


class ReviewForm(forms.Form):
    """Every field may be left empty in a draft; sending checks the grid is complete
    (``projects.services.save_review``)."""

    recommendation = forms.ChoiceField(
        label=_("Votre avis d'ensemble"),
        choices=[("", "—"), *Recommendation.choices],
        required=False,
    )
    shared_comment = forms.CharField(
        label=Review._meta.get_field("shared_comment").verbose_name.capitalize(),
        help_text=Review._meta.get_field("shared_comment").help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    private_note = forms.CharField(
        label=Review._meta.get_field("private_note").verbose_name.capitalize(),
        help_text=Review._meta.get_field("private_note").help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, review: Review, criteria, **kwargs):
        initial = {
            **kwargs.pop("initial", {}),
            "recommendation": review.recommendation,
            "shared_comment": review.shared_comment,
            "private_note": review.private_note,
        }
        for score in review.scores.all():
            initial[f"criterion_{score.criterion_id}"] = (
                NOT_APPLICABLE if score.value is None else str(score.value)
            )
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.title,
                help_text=criterion.guidance,
                choices=_choices(criterion),
                widget=forms.RadioSelect,
                required=False,
            )

    def criterion_fields(self):
        """(section title, bound fields) in the grid's order, for the template."""
        sections: dict[str, list] = {}
        for criterion in self.criteria:
            sections.setdefault(criterion.section.title, []).append(
                self[f"criterion_{criterion.pk}"]
            )
        return list(sections.items())

    def scores(self) -> dict[int, int | None]:
        """The marks given (a criterion left blank is left out, "sans objet" is None)."""
        marks = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"criterion_{criterion.pk}")
            if value:
                marks[criterion.pk] = None if value == NOT_APPLICABLE else int(value)
        return marks
