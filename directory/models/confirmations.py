"""Asking a venue to confirm its data: one request per e-mail sent, with a personal link that
expires, and the corrections the venue proposed through it, accepted or refused by its hub.
A yearly campaign sends one request to each venue of its scope not confirmed for a year."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models.venues import Venue
from hubsite.models import Hub
from hubsite.scoping import HubScopedQuerySet


class ConfirmationCampaign(models.Model):
    """The yearly campaign of a hub (or, without a hub, of the national team over every hub):
    at most one per scope and year, so that launching it again resumes it."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    year = models.PositiveSmallIntegerField(_("année"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("campagne de confirmation")
        verbose_name_plural = _("campagnes de confirmation")
        constraints = [
            models.UniqueConstraint(fields=["hub", "year"], name="unique_campaign_hub_year"),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(hub__isnull=True),
                name="unique_national_campaign_year",
            ),
        ]

    def __str__(self):
        scope = self.hub.name if self.hub_id else _("tous les hubs")
        return f"{_('Campagne')} {self.year} ({scope})"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("À examiner")
    ACCEPTED = "accepted", _("Acceptées")
    PARTLY = "partly", _("Acceptées en partie")
    REFUSED = "refused", _("Refusées")


class Outcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmé tel quel")
    CORRECTIONS = "corrections", _("Corrections proposées")


class ConfirmationRequestQuerySet(HubScopedQuerySet):
    def live(self) -> "ConfirmationRequestQuerySet":
        """Requests whose link still opens the form: neither used, revoked nor expired."""
        return self.filter(
            used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def to_review(self) -> "ConfirmationRequestQuerySet":
        return self.filter(proposal_status=ProposalStatus.PENDING)


class ConfirmationRequest(models.Model):
    """One e-mail asking ``venue`` to confirm its data; its link is good once, until
    ``expires_at``, unless revoked."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="confirmation_requests")
    campaign = models.ForeignKey(
        ConfirmationCampaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField(_("envoyée à"))
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("valable jusqu'au"))
    revoked_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    used_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    outcome = models.CharField(_("réponse"), max_length=20, choices=Outcome.choices, blank=True)

    # What the venue proposed ({field name: value as the form cleaned it}) and its review.
    proposal = models.JSONField(default=dict, blank=True)
    comment = models.TextField(_("message du lieu"), blank=True, max_length=2000)
    proposal_status = models.CharField(
        _("corrections"), max_length=20, choices=ProposalStatus.choices, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_fields = models.JSONField(default=list, blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True, max_length=2000)

    hub_lookup = "venue__departement__hub"
    objects = ConfirmationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de confirmation")
        verbose_name_plural = _("demandes de confirmation")
        ordering = ["-created_at"]
        constraints = [
            # A campaign run twice asks each venue once.
            models.UniqueConstraint(
                fields=["campaign", "venue"], name="unique_confirmation_request_per_campaign"
            )
        ]
        indexes = [models.Index(fields=["proposal_status"], name="confirmation_proposal_status")]

    def __str__(self):
        return _("Demande de confirmation de %(venue)s (%(date)s)") % {
            "venue": self.venue,
            "date": timezone.localtime(self.created_at).strftime("%d/%m/%Y")
            if self.created_at
            else "—",
        }

    @property
    def hub(self) -> Hub | None:
        return self.venue.hub

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_live(self) -> bool:
        return self.used_at is None and self.revoked_at is None and not self.is_expired
