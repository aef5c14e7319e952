"""Where a solution runs, and the requests of those who want it at home."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hubsite.models import Commune, Departement
from hubsite.scoping import HubScopedQuerySet
from projects.models.organisations import Organisation
from projects.models.solutions import Solution


class DeploymentQuerySet(HubScopedQuerySet):
    def active(self, on=None) -> "DeploymentQuerySet":
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=on)
        )


class Deployment(models.Model):
    """A solution running in a commune or a département, operated by an organisation (its
    own, or another one that took it up)."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="deployments")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="deployments",
        verbose_name=_("organisation qui la met en œuvre"),
    )
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="+", verbose_name=_("département")
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
        help_text=_("Laissez vide si la solution couvre tout le département."),
    )
    # A link between two apps' concepts, by name: projects never imports the directory.
    venues = models.ManyToManyField(
        "directory.Venue", blank=True, related_name="deployments", verbose_name=_("lieux")
    )
    started_on = models.DateField(_("depuis le"))
    ended_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    people_reached = models.PositiveIntegerField(_("personnes accompagnées"), null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    hub_lookup = "departement__hub"
    # The members of the organisation that runs it may edit it.
    member_lookup = "organisation__memberships__user"
    objects = DeploymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("déploiement")
        verbose_name_plural = _("déploiements")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="deployment_ends_after_start",
            )
        ]
        # The catalogue asks "does this solution run in this département?" for each row.
        indexes = [
            models.Index(fields=["departement", "solution"], name="deployment_place_solution")
        ]

    def __str__(self):
        return f"{self.solution} — {self.commune or self.departement}"

    def save(self, *args, **kwargs):
        if self.commune_id and not self.departement_id:
            self.departement_id = self.commune.departement_id
        super().save(*args, **kwargs)

    @property
    def hub(self):
        return self.departement.hub


class TakeUpStatus(models.TextChoices):
    NEW = "new", _("Nouvelle")
    DISCUSSION = "discussion", _("En discussion")
    DEPLOYED = "deployed", _("Déployée")
    DROPPED = "dropped", _("Sans suite")


class RequesterKind(models.TextChoices):
    MUNICIPALITY = "commune", _("Mairie ou intercommunalité")
    LIBRARY = "bibliotheque", _("Bibliothèque ou médiathèque")
    SOCIAL = "social", _("Travailleur ou structure sociale")
    ASSOCIATION = "association", _("Association")
    VENUE = "lieu", _("Lieu de médiation numérique")
    OTHER = "autre", _("Autre")


class TakeUpRequest(models.Model):
    """ "Déployer cette solution chez moi": a request that reaches the hub of the requester's
    commune and the solution's organisation, both of which follow it."""

    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, related_name="take_up_requests"
    )
    requester_kind = models.CharField(_("vous êtes"), max_length=20, choices=RequesterKind.choices)
    requester_name = models.CharField(_("votre nom"), max_length=150)
    structure = models.CharField(_("votre structure"), max_length=200, blank=True)
    email = models.EmailField(_("votre courriel"))
    phone = models.CharField(_("votre téléphone"), max_length=20, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name=_("votre commune")
    )
    need = models.TextField(_("votre besoin"), max_length=3000)
    status = models.CharField(
        _("état"), max_length=12, choices=TakeUpStatus.choices, default=TakeUpStatus.NEW
    )
    deployment = models.OneToOneField(
        Deployment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="take_up_request",
        verbose_name=_("déploiement"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    hub_lookup = "commune__departement__hub"
    # The solution's organisation follows it with the hub of the requester's commune.
    member_lookup = "solution__organisation__memberships__user"
    objects = HubScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de déploiement")
        verbose_name_plural = _("demandes de déploiement")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.solution} — {self.commune}"

    @property
    def hub(self):
        return self.commune.departement.hub
