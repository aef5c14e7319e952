"""The notification preferences in each person's admin account settings ("Notifications")."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from hubsite.models import Frequency, NotificationPreference
from hubsite.notifications import kinds, set_frequency


class NotificationPreferencesForm(forms.Form):
    """One choice per kind of notification that concerns the user."""

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = instance
        self.kinds = {}
        chosen = dict(
            NotificationPreference.objects.filter(user=instance).values_list("kind", "frequency")
        )
        for kind in kinds().values():
            if not kind.concerns(instance):
                continue
            field_name = kind.name.replace(".", "__")
            self.kinds[field_name] = kind
            self.fields[field_name] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.help_text,
                choices=Frequency.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=chosen.get(kind.name, kind.default),
            )

    def save(self) -> None:
        for field_name in self.changed_data:
            if not self.cleaned_data[field_name]:
                continue
            set_frequency(
                user=self.user,
                kind=self.kinds[field_name].name,
                frequency=self.cleaned_data[field_name],
            )


class NotificationPreferencesPanel(BaseSettingsPanel):
    name = "maillage_notifications"
    title = _("Courriels du portail")
    help_text = _(
        "Pour chaque sujet : un courriel à chaque fois, un récapitulatif par jour, ou rien."
    )
    tab = notifications_tab
    order = 50
    form_class = NotificationPreferencesForm

    def is_active(self):
        return bool(self.get_form().fields)
