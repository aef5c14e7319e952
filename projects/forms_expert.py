"""Forms of the outside experts' opinions: the national team's request, the expert's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Dossier, Recommendation


class ExpertOpinionForm(forms.Form):
    """What the expert sends through their link."""

    opinion = forms.CharField(
        label=_("Votre avis sur le projet"),
        help_text=_("Ses forces, ses faiblesses, ce qui vous paraît à vérifier."),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10000,
        error_messages={"required": _("Écrivez votre avis.")},
    )
    recommendation = forms.ChoiceField(
        label=_("Votre recommandation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez votre recommandation.")},
    )


class ExpertRequestForm(forms.Form):
    """The national team asks an expert for an opinion on one of a call's dossiers."""

    dossier = forms.ModelChoiceField(label=_("Dossier"), queryset=Dossier.objects.none())
    expert_name = forms.CharField(label=_("Nom de l'expert ou de l'experte"), max_length=200)
    email = forms.EmailField(label=_("Son adresse électronique"))
    deadline = forms.DateField(
        label=_("Avis attendu au plus tard le"),
        help_text=_("Le lien envoyé ne sert plus après ce jour."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = call.dossiers.select_related("hub").order_by("title")
