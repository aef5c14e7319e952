"""Private iCalendar feeds of funding deadlines: one per hub, one per person, each behind a
secret URL. Only a digest of the secret is stored; revoking or regenerating kills the URL."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hubsite.scoping import HubScoped


class CalendarFeed(HubScoped, models.Model):
    """A hub's feed (``hub``) or a person's (``user``: every application they may see)."""

    hub_lookup = "hub"

    hub = models.ForeignKey(
        "hubsite.Hub", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hub__isnull=True) ^ models.Q(user__isnull=True),
                name="funding_feed_hub_or_user",
            ),
            models.UniqueConstraint(fields=["hub"], name="funding_feed_one_per_hub"),
            models.UniqueConstraint(fields=["user"], name="funding_feed_one_per_user"),
        ]
        verbose_name = _("calendrier privé")
        verbose_name_plural = _("calendriers privés")

    def __str__(self):
        return str(_("Calendrier de %(owner)s") % {"owner": self.hub or self.user})
