"""The public forms of a mediator's account: sign-up, a new verification link, an
organisation's two steps, an invitation."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hubsite.models import Commune, PostalCode
from projects.models import LegalForm
from projects.validators import clean_rna, clean_siret

# Usernames are addresses: Django's username field holds 150 characters.
EMAIL_MAX_LENGTH = 150


class SignUpForm(forms.Form):
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_("Nous y envoyons un lien pour confirmer que c'est bien la vôtre."),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Mot de passe, une seconde fois"),
        help_text=_("Pour être sûr qu'il n'y a pas de faute de frappe."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que le portail garde mon nom et mon adresse électronique pour gérer mon "
            "compte et me tenir informé·e de mes solutions. Je peux demander leur suppression à "
            "tout moment."
        ),
        error_messages={"required": _("Cochez cette case pour créer votre compte.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )

    def clean(self):
        data = super().clean()
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("Les deux mots de passe ne sont pas identiques."))
        if password:
            # The validators compare the password with what the person typed about themselves.
            user = get_user_model()(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class ResendForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_("Celle que vous avez indiquée en créant votre compte."),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class IdentityForm(forms.Form):
    """First step: who the organisation is."""

    name = forms.CharField(
        label=_("Nom de l'organisation"),
        help_text=_("Tel qu'il figure sur vos statuts ou au répertoire SIRENE."),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    legal_form = forms.ChoiceField(
        label=_("Forme juridique"),
        choices=[("", _("Choisissez…")), *LegalForm.choices],
        help_text=_("Une association, une commune, un CCAS, une entreprise…"),
    )
    siret = forms.CharField(
        label=_("Numéro SIRET"),
        required=False,
        max_length=20,
        help_text=_(
            "14 chiffres, sur vos factures ou sur annuaire-entreprises.data.gouv.fr. "
            "Les espaces ne comptent pas."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    rna = forms.CharField(
        label=_("Ou numéro RNA (associations)"),
        required=False,
        max_length=12,
        help_text=_(
            "W suivi de 9 chiffres, sur le récépissé de la préfecture. Si vous n'avez pas de SIRET."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_siret(self):
        value = self.cleaned_data["siret"].strip()
        return clean_siret(value) if value else ""

    def clean_rna(self):
        value = self.cleaned_data["rna"].strip()
        return clean_rna(value) if value else ""

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("siret") and not data.get("rna"):
            self.add_error(
                "siret",
                _(
                    "Indiquez le SIRET de l'organisation, "
                    "ou son numéro RNA si c'est une association."
                ),
            )
        return data


class PlaceForm(forms.Form):
    """Second step: where it is. A postcode serving several communes asks which one."""

    address = forms.CharField(
        label=_("Adresse"),
        help_text=_("Numéro et rue, par exemple : 12 rue de Périgueux."),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    postcode = forms.RegexField(
        label=_("Code postal"),
        regex=r"^\d[\dAB]\d{3}$",
        max_length=5,
        help_text=_("5 chiffres. Il nous dit de quel hub vous dépendez."),
        error_messages={"invalid": _("Un code postal compte 5 chiffres, par exemple 16000.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    commune = forms.ChoiceField(
        label=_("Commune"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Ce code postal couvre plusieurs communes : choisissez la vôtre."),
    )
    website = forms.URLField(
        label=_("Site internet (facultatif)"),
        required=False,
        assume_scheme="https",
        help_text=_("Par exemple : https://www.mon-association.fr"),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes: list[Commune] = []
        postcode = (self.data.get(self.add_prefix("postcode")) or "").strip()
        if postcode:
            self.communes = self.communes_of(postcode)
        self.fields["commune"].choices = [(c.insee_code, c.name) for c in self.communes]

    @staticmethod
    def communes_of(postcode: str) -> list[Commune]:
        ids = PostalCode.objects.filter(code=postcode).values("commune_id")
        return list(
            Commune.objects.filter(pk__in=ids).select_related("departement__hub").order_by("name")
        )

    @property
    def asks_commune(self) -> bool:
        return len(self.communes) > 1

    def clean(self):
        data = super().clean()
        if "postcode" not in data:
            return data
        if not self.communes:
            self.add_error("postcode", _("Nous ne connaissons pas ce code postal : vérifiez-le."))
        elif len(self.communes) == 1:
            data["commune"] = self.communes[0]
        else:
            chosen = {c.insee_code: c for c in self.communes}.get(data.get("commune"))
            if chosen is None:
                self.add_error(
                    "commune", _("Ce code postal couvre plusieurs communes : choisissez la vôtre.")
                )
            data["commune"] = chosen
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse électronique de la personne à inviter"),
        help_text=_("Elle reçoit un lien, valable 14 jours, pour rejoindre l'organisation."),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
