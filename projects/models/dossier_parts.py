"""What a dossier holds beside its budget: its action plan, its partners and the documents
its call asks for."""

import posixpath

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from hubsite.uploads import validate_upload
from projects.models.dossiers import Dossier

OTHER_DOCUMENT = _("Autre pièce")


class DossierAction(Orderable):
    dossier = ParentalKey(Dossier, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=200)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    owner = models.CharField(
        _("porteur"), max_length=200, blank=True, help_text=_("Une personne ou un partenaire.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("action")
        verbose_name_plural = _("plan d'action")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="dossier_action_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("L'action finit avant d'avoir commencé.")})


class PartnerKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Entreprise")
    STATE = "state", _("Service de l'État")
    OTHER = "other", _("Autre")


class DossierPartner(Orderable):
    dossier = ParentalKey(Dossier, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("partenaire"), max_length=200)
    kind = models.CharField(_("nature"), max_length=20, choices=PartnerKind.choices)
    role = models.TextField(_("rôle dans le projet"), blank=True)
    committed = models.BooleanField(_("engagement acquis"), default=False)

    class Meta(Orderable.Meta):
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")

    def __str__(self):
        return self.name


def document_path(instance, filename: str) -> str:
    dossier = instance.dossier
    return f"projects/dossiers/{dossier.hub_id}/{dossier.pk}/{posixpath.basename(filename)}"


class DossierDocument(models.Model):
    dossier = ParentalKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(
        _("pièce"), max_length=255, help_text=_("Une des pièces demandées par l'appel.")
    )
    file = models.FileField(
        _("fichier"), upload_to=document_path, max_length=255, validators=[validate_upload]
    )

    class Meta:
        verbose_name = _("pièce du dossier")
        verbose_name_plural = _("pièces du dossier")
        ordering = ["pk"]

    def __str__(self):
        return self.kind

    @property
    def filename(self) -> str:
        return posixpath.basename(self.file.name) if self.file else ""
