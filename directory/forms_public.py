"""Forms of the public pages: the finder's search box and the error report of a venue page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import ErrorReport
from directory.search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """Where to search from: the box (commune, postcode, address), or a position (the browser's,
    filled in by "Autour de moi"), or a commune chosen among those a name designates."""

    # Django ties the help text and the error to the box (aria-describedby): the template
    # gives them the ids it names.
    q = forms.CharField(
        label=_("Commune, code postal ou adresse"),
        help_text=_("Par exemple : Angoulême, 16000 ou 12 rue de Périgueux 16000 Angoulême."),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _(
                "Votre recherche est trop longue (%(show_value)d caractères, %(limit_value)d "
                "caractères au plus) : indiquez seulement une commune, un code postal ou une "
                "adresse."
            )
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "address-level2", "spellcheck": "false", "type": "search"}
        ),
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    commune = forms.RegexField(regex=r"^(\d[\dAB]\d{3})$", required=False, widget=forms.HiddenInput)

    def cleaned(self) -> dict:
        """Valid values only; an invalid one is left out."""
        self.is_valid()
        return self.cleaned_data

    @property
    def position(self) -> tuple[float, float] | None:
        data = self.cleaned()
        if data.get("lat") is None or data.get("lon") is None:
            return None
        return data["lat"], data["lon"]


class ErrorReportForm(forms.ModelForm):
    # A field people do not see (hidden by the stylesheet): robots that fill it are ignored.
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = ErrorReport
        fields = ["message", "email"]
        labels = {
            "message": _("Ce qui est inexact ou manquant"),
            "email": _("Votre courriel (facultatif)"),
        }
        help_texts = {
            "message": _("Par exemple : horaires changés, lieu fermé, mauvais téléphone."),
            "email": _("Seulement pour que le hub puisse vous répondre ; il n'est pas publié."),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    @property
    def is_trap(self) -> bool:
        return bool(self.data.get("website"))
