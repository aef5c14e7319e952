"""The committee's decision as a form (the approve and reject transitions' form, with the
payment tranches for an approval), and the follow-up's forms: an indicator's value for a
year, a document."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hubsite.uploads import validate_upload
from projects.models import YEARS, DocumentKind, Dossier, Outcome, TrancheCondition
from projects.services import TrancheSpec

TEXTAREA = {"rows": 4}
YEAR_CHOICES = [("", "—"), *((str(year), _("Année %(year)d") % {"year": year}) for year in YEARS)]
EXTRA_TRANCHES = 4


class DecisionForm(forms.Form):
    """What the committee decided: the motivation always; an amount and conditions for an
    approval, the reasons for a refusal. The rules on the amount are the service's."""

    def __init__(self, *args, outcome: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome = outcome
        if outcome == Outcome.APPROVED:
            self.fields["amount_granted"] = forms.DecimalField(
                label=_("Montant accordé (€)"), min_value=1, max_digits=12, decimal_places=0
            )
            self.fields["conditions"] = forms.CharField(
                label=_("Conditions"),
                help_text=_("Ce que le hub s'engage à faire ; le hub les lira."),
                widget=forms.Textarea(attrs=TEXTAREA),
                required=False,
                max_length=5000,
            )
        else:
            self.fields["reasons"] = forms.CharField(
                label=_("Raisons du refus"),
                widget=forms.Textarea(attrs=TEXTAREA),
                max_length=5000,
            )
        self.fields["motivation"] = forms.CharField(
            label=_("Motivation de la décision"),
            help_text=_("Le hub la lira ; elle est gardée dans l'historique du dossier."),
            widget=forms.Textarea(attrs=TEXTAREA),
            max_length=5000,
        )


class TrancheForm(forms.Form):
    label = forms.CharField(label=_("Tranche"), max_length=200)
    amount = forms.DecimalField(
        label=_("Montant (€)"), min_value=1, max_digits=12, decimal_places=0
    )
    planned_on = forms.DateField(
        label=_("Date prévue"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    condition = forms.ChoiceField(
        label=_("Condition de versement"), choices=[("", "—"), *TrancheCondition.choices]
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicateur (condition « indicateur renseigné »)"),
        queryset=None,
        required=False,
    )
    year = forms.TypedChoiceField(
        label=_("Année de l'indicateur"),
        choices=YEAR_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    condition_text = forms.CharField(
        label=_("Précision sur la condition"),
        help_text=_("Obligatoire pour une autre condition."),
        max_length=300,
        required=False,
    )

    def __init__(self, *args, dossier: Dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = dossier.indicators.all()

    def spec(self) -> TrancheSpec:
        return TrancheSpec(**self.cleaned_data)


TrancheFormSet = forms.formset_factory(TrancheForm, extra=EXTRA_TRANCHES, max_num=20)


def tranche_formset(dossier: Dossier, data=None) -> forms.BaseFormSet:
    """The tranches' rows; those left empty are ignored."""
    return TrancheFormSet(data, prefix="tranches", form_kwargs={"dossier": dossier})


def tranche_specs(formset) -> list[TrancheSpec]:
    return [form.spec() for form in formset if form.has_changed() and form.cleaned_data]


class IndicatorReportForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicateur"), queryset=None)
    year = forms.TypedChoiceField(label=_("Année"), choices=YEAR_CHOICES, coerce=int)
    value = forms.DecimalField(label=_("Valeur atteinte"), max_digits=12, decimal_places=2)
    comment = forms.CharField(
        label=_("Commentaire"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, dossier: Dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = dossier.indicators.all()


class FollowUpDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de document"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Titre"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, document bureautique ou image, 10 Mo au plus."),
        validators=[validate_upload],
    )
