"""The public form of a solution's page: "Déployer cette solution chez moi"."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from hubsite.models import Commune
from hubsite.text import normalize_name
from projects.models import RequesterKind, TakeUpRequest

POSTCODE = re.compile(r"\b(\d[\dAB]\d{3})\b", re.IGNORECASE)
MAX_CANDIDATES = 10


def communes_for(query: str) -> list[Commune]:
    """The communes ``query`` may designate (a postcode, a name, or both), the likeliest
    first; at most ``MAX_CANDIDATES``."""
    query = " ".join(query.split())
    found = POSTCODE.search(query)
    name = normalize_name(POSTCODE.sub(" ", query)) if found else normalize_name(query)
    communes = (
        Commune.objects.select_related("departement").defer("departement__boundary").by_relevance()
    )
    if found:
        communes = communes.with_code(found.group(1).upper())
        if name:
            exact = [c for c in communes if c.search_name == name]
            if exact:
                return exact[:MAX_CANDIDATES]
            return [c for c in communes if c.search_name.startswith(name)][:MAX_CANDIDATES]
        return list(communes[:MAX_CANDIDATES])
    if not name:
        return []
    exact = list(communes.filter(search_name=name)[:MAX_CANDIDATES])
    return exact or list(communes.name_starts_with(name)[:MAX_CANDIDATES])


class TakeUpForm(forms.ModelForm):
    """Who asks, where, for what. The commune is written as people know it; when several
    communes answer to it, the form asks which one (radio buttons, no JavaScript)."""

    commune_query = forms.CharField(
        label=_("Votre commune"),
        help_text=_("Son nom ou son code postal, par exemple : Angoulême ou 16000."),
        max_length=120,
        error_messages={"required": _("Indiquez votre commune ou son code postal.")},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    commune_choice = forms.CharField(required=False, widget=forms.HiddenInput)
    # A field people do not see (hidden by the stylesheet): robots that fill it are ignored.
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = [
        "requester_kind",
        "requester_name",
        "structure",
        "email",
        "phone",
        "commune_query",
        "commune_choice",
        "need",
        "website",
    ]

    class Meta:
        model = TakeUpRequest
        fields = ["requester_kind", "requester_name", "structure", "email", "phone", "need"]
        labels = {
            "requester_kind": _("Vous êtes"),
            "phone": _("Votre téléphone (facultatif)"),
            "structure": _("Votre structure (facultatif)"),
        }
        help_texts = {
            "email": _("Le hub et l'organisation vous répondront à cette adresse."),
            "need": _(
                "En quelques lignes : qui vous voulez aider, où, avec quels moyens aujourd'hui."
            ),
        }
        error_messages = {
            "requester_kind": {"required": _("Dites-nous qui vous êtes.")},
            "requester_name": {"required": _("Indiquez votre nom.")},
            "email": {
                "required": _("Indiquez votre courriel, pour que l'on puisse vous répondre."),
                "invalid": _("Ce courriel n'est pas valide, par exemple : nom@exemple.fr."),
            },
            "need": {"required": _("Décrivez votre besoin en quelques lignes.")},
        }
        widgets = {
            "requester_kind": forms.RadioSelect,
            "requester_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "structure": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "need": forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester_kind"].choices = RequesterKind.choices
        self.candidates: list[Commune] = []
        self.commune: Commune | None = None

    @property
    def is_trap(self) -> bool:
        return bool(self.data.get("website"))

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"[\s.()-]", "", phone)
        if phone and not re.fullmatch(r"\+?\d{9,15}", digits):
            raise forms.ValidationError(_("Ce numéro de téléphone n'est pas valide."))
        return phone

    def clean(self):
        data = super().clean()
        query = data.get("commune_query")
        if not query:
            return data
        candidates = communes_for(query)
        chosen = data.get("commune_choice")
        by_code = {c.insee_code: c for c in candidates}
        if chosen and chosen in by_code:
            self.commune = by_code[chosen]
        elif len(candidates) == 1:
            self.commune = candidates[0]
        elif not candidates:
            self.add_error(
                "commune_query",
                _(
                    "Aucune commune ne correspond à « %(query)s ». Vérifiez l'orthographe, "
                    "ou indiquez le code postal."
                )
                % {"query": query},
            )
        else:
            self.candidates = candidates
            self.add_error(
                "commune_query",
                _("Plusieurs communes correspondent à « %(query)s » : choisissez la vôtre.")
                % {"query": query},
            )
        return data
