"""What each person wants to receive, and the notifications waiting for their daily digest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immédiatement, un courriel à chaque fois")
    DAILY = "daily", _("Dans un récapitulatif quotidien")
    NEVER = "never", _("Jamais")


class NotificationPreference(models.Model):
    """How often ``user`` hears of one kind of notification; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=100)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)

    class Meta:
        verbose_name = _("préférence de notification")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_preference")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.frequency}"


class NotificationDigest(models.Model):
    """One person's digest of one day: at most one, whatever runs the digest and how often."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("récapitulatif de notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="unique_notification_digest")
        ]

    def __str__(self):
        return f"{self.user_id} {self.day}"


class DigestEntry(models.Model):
    """A notification kept, already written, for its recipient's next daily digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=100)
    subject = models.CharField(max_length=255)
    text = models.TextField()
    url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    digest = models.ForeignKey(
        NotificationDigest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="entries",
    )

    class Meta:
        verbose_name = _("notification en attente du récapitulatif")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["digest", "user"], name="digest_entry_pending")]

    def __str__(self):
        return self.subject
