"""The upload form of the calls' import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from funding.import_files import MAX_BYTES


class CallUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_("Un appel par ligne ; la première ligne nomme les colonnes."),
    )
    mapping = forms.ModelChoiceField(
        label=_("Correspondance"),
        queryset=None,
        required=False,
        empty_label=_("— construire une correspondance sur ce fichier —"),
        help_text=_("Celle d'une source déjà importée, pour en relire les colonnes et les codes."),
    )

    def __init__(self, *args, mappings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = mappings

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse la taille maximale (%(max)d Mo).")
                % {"max": MAX_BYTES // (1024 * 1024)}
            )
        return upload
