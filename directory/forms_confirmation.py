"""The forms of a confirmation: the corrections a venue proposes through its link (the fields a
venue knows of itself, checked with the directory's own cleaners), the coordinator's review of
them, and the yearly campaign's launch."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory import opening_hours, standard
from directory.form_cleaning import StandardCleaningMixin
from directory.models import Venue
from hubsite.models import Hub

# What a venue can say of itself; its name, address and position stay its hub's to change.
CORRECTABLE_FIELDS = (
    "opening_hours",
    "phone",
    "emails",
    "websites",
    "booking_url",
    "services",
    "fees",
    "accepts_pass_numerique",
    "access_modes",
    "support_modes",
)
LABELS = {
    "opening_hours": _("Horaires"),
    "phone": _("Téléphone"),
    "emails": _("Courriels"),
    "websites": _("Sites web"),
    "booking_url": _("Adresse de prise de rendez-vous en ligne"),
    "services": _("Services proposés"),
    "fees": _("Frais à charge"),
    "accepts_pass_numerique": _("Le lieu accepte le pass numérique (chèques APTIC)"),
    "access_modes": _("Pour venir"),
    "support_modes": _("Modalités d'accompagnement"),
}
HELP_TEXTS = {
    "opening_hours": _(
        "Au format OpenStreetMap, par exemple : Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 "
        "(Mo lundi, Tu mardi, We mercredi, Th jeudi, Fr vendredi, Sa samedi, Su dimanche). "
        "Vide : horaires non communiqués."
    ),
    "phone": _("Par exemple : 05 45 12 34 56."),
    "emails": _("Plusieurs adresses : séparez-les par un point-virgule."),
    "websites": _("Plusieurs adresses : séparez-les par un point-virgule."),
}
AUTOCOMPLETE = {"phone": "tel", "emails": "email", "websites": "url", "booking_url": "url"}


def _model_field(name: str):
    return Venue._meta.get_field(name)


def current_value(venue: Venue, name: str):
    """``venue``'s value of a correctable field, as the form and the proposal hold it."""
    value = getattr(venue, name)
    return list(value) if isinstance(value, list) else value


def display_value(name: str, value) -> str:
    """A value of a correctable field as a person reads it."""
    field = _model_field(name)
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    if isinstance(value, list):
        labels = dict(field.vocabulary.choices)
        return ", ".join(str(labels.get(item, item)) for item in value) or "—"
    if name in ("emails", "websites"):
        return ", ".join(value.split(standard.MULTI_SEPARATOR)) if value else "—"
    return value or "—"


class CorrectionForm(StandardCleaningMixin, forms.Form):
    """The venue's own data, pre-filled; ``changes()`` gives what it corrected."""

    comment = forms.CharField(
        label=_("Un message pour le hub (facultatif)"),
        help_text=_("Par exemple : fermeture pendant l'été, nouvelle personne à l'accueil."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )

    def __init__(self, *args, venue: Venue, **kwargs):
        kwargs.setdefault(
            "initial", {name: self._initial(venue, name) for name in CORRECTABLE_FIELDS}
        )
        super().__init__(*args, **kwargs)
        self.venue = venue
        comment = self.fields.pop("comment")
        for name in CORRECTABLE_FIELDS:
            extra = {"assume_scheme": "https"} if name == "booking_url" else {}
            field = _model_field(name).formfield(**extra)
            field.label = LABELS[name]
            field.required = False
            field.help_text = HELP_TEXTS.get(name, "")
            if name in AUTOCOMPLETE:
                field.widget.attrs["autocomplete"] = AUTOCOMPLETE[name]
            if name in ("emails", "websites"):
                field.widget = forms.TextInput(attrs={"autocomplete": AUTOCOMPLETE[name]})
            self.fields[name] = field
        self.fields["comment"] = comment

    @staticmethod
    def _initial(venue: Venue, name: str):
        value = current_value(venue, name)
        if name in ("emails", "websites"):
            return value.replace(standard.MULTI_SEPARATOR, "; ")
        return value

    def clean_opening_hours(self):
        text = standard.clean_text(self.cleaned_data.get("opening_hours") or "")
        if text:
            try:
                opening_hours.parse(text)
            except opening_hours.OpeningHoursError:
                raise forms.ValidationError(
                    _(
                        "Ces horaires ne se lisent pas. Écrivez chaque jour ou groupe de jours "
                        "suivi de ses heures, par exemple : Mo-Fr 09:00-12:00,14:00-17:00; "
                        "Sa 09:00-12:00."
                    )
                ) from None
        return text

    def clean_phone(self):
        value = self.cleaned_data.get("phone") or ""
        if not value.strip():
            return ""
        try:
            return standard.clean_phone(value, departement=self.venue.departement_id or "")
        except ValueError:
            raise forms.ValidationError(
                _("Numéro illisible : écrivez par exemple 05 45 12 34 56.")
            ) from None

    def clean_comment(self):
        return standard.clean_text(self.cleaned_data.get("comment") or "", multiline=True)

    def changes(self) -> dict:
        """{field: proposed value} of the fields that differ from the venue's (valid form)."""
        found = {}
        for name in CORRECTABLE_FIELDS:
            proposed, current = self.cleaned_data.get(name), current_value(self.venue, name)
            if isinstance(current, list):
                chosen = set(proposed or [])
                if chosen != set(current):
                    found[name] = [value for value in _model_field(name).values if value in chosen]
            elif isinstance(current, bool):
                if bool(proposed) != current:
                    found[name] = bool(proposed)
            elif (proposed or "") != (current or ""):
                found[name] = proposed or ""
        return found


class ReviewForm(forms.Form):
    """Which proposed fields the coordinator accepts; the others are refused, with a reason."""

    reason = forms.CharField(
        label=_("Motif du refus"),
        help_text=_("Obligatoire si une correction est refusée ; gardé dans l'historique."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, proposal: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept"] = forms.MultipleChoiceField(
            label=_("Corrections acceptées"),
            choices=[(name, LABELS.get(name, name)) for name in proposal],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class CampaignForm(forms.Form):
    """The scope of a yearly campaign: one of the user's hubs, or (national team) all."""

    hub = forms.ModelChoiceField(
        label=_("Hub"),
        queryset=Hub.objects.none(),
        required=False,
        empty_label=_("Tous les hubs"),
    )

    def __init__(self, *args, hubs, everything: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs
        if not everything:
            self.fields["hub"].required = True
            self.fields["hub"].empty_label = None
