"""The checklist of the documents a call asks, each with its upload."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey

from funding.models.applications import Application
from funding.uploads import validate_upload


def document_path(instance, filename: str) -> str:
    return f"funding/{instance.application.hub_id}/{instance.application_id}/{filename}"


class ApplicationDocument(models.Model):
    application = ParentalKey(Application, on_delete=models.CASCADE, related_name="documents")
    label = models.CharField(_("pièce"), max_length=255)
    required = models.BooleanField(_("demandée par l'appel"), default=True)
    file = models.FileField(
        _("fichier"),
        upload_to=document_path,
        blank=True,
        max_length=255,
        validators=[validate_upload],
    )
    uploaded_at = models.DateTimeField(_("déposé le"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("pièce du dossier")
        verbose_name_plural = _("pièces du dossier")

    def __str__(self):
        return self.label

    @property
    def is_provided(self) -> bool:
        return bool(self.file)
