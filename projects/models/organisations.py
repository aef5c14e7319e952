"""The organisations mediators work for, and who belongs to which."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hubsite.models import Commune
from hubsite.scoping import HubScopedQuerySet
from projects.validators import clean_rna, clean_siret


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    MUNICIPALITY = "commune", _("Commune ou CCAS")
    INTERCOMMUNALITY = "epci", _("Intercommunalité (EPCI)")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Région")
    PUBLIC_BODY = "etablissement_public", _("Établissement public")
    COOPERATIVE = "cooperative", _("Coopérative (SCIC, SCOP)")
    COMPANY = "entreprise", _("Entreprise")
    OTHER = "autre", _("Autre")


class OrganisationQuerySet(HubScopedQuerySet):
    def of_member(self, user) -> "OrganisationQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organisation(models.Model):
    """A structure that runs solutions. Its commune places it in a hub, whose coordinators
    moderate its solutions; a national organisation is moderated by the national team."""

    name = models.CharField(_("nom"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, db_index=True)
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True, db_index=True)
    legal_form = models.CharField(_("forme juridique"), max_length=30, choices=LegalForm.choices)
    address = models.CharField(_("adresse"), max_length=255)
    postcode = models.CharField(_("code postal"), max_length=5)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    is_national = models.BooleanField(
        _("organisation nationale"),
        default=False,
        help_text=_("Ses solutions sont relues par l'équipe nationale plutôt que par un hub."),
    )
    website = models.URLField(_("site internet"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Its images and documents, and the group of its members that may use them
    # (projects.organisation_media): set with its first member.
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    media_group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    hub_lookup = "commune__departement__hub"
    member_lookup = "memberships__user"
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"], condition=~models.Q(siret=""), name="organisation_unique_siret"
            ),
            models.UniqueConstraint(
                fields=["rna"], condition=~models.Q(rna=""), name="organisation_unique_rna"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if not self.siret and not self.rna:
            errors["siret"] = _(
                "Indiquez le SIRET de l'organisation, ou son numéro RNA si c'est une association."
            )
        for field, cleaner in (("siret", clean_siret), ("rna", clean_rna)):
            value = getattr(self, field)
            if value:
                try:
                    setattr(self, field, cleaner(value))
                except ValidationError as error:
                    errors[field] = error.messages
        if errors:
            raise ValidationError(errors)

    @property
    def hub(self):
        return None if self.is_national else self.commune.departement.hub


class Membership(models.Model):
    """A person in an organisation. Its first member (``is_admin``) may remove the others."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    is_admin = models.BooleanField(_("gère les membres"), default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    hub_lookup = "organisation__commune__departement__hub"
    member_lookup = "organisation__memberships__user"
    objects = HubScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation}"
