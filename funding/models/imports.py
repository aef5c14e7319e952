"""A file of calls an admin user uploaded, kept between the steps of its import (mapping,
preview, confirmation) so that nobody chooses it twice; only its uploader reaches it."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingCallImportQuerySet(models.QuerySet):
    def live(self) -> "PendingCallImportQuerySet":
        return self.filter(created_at__gte=timezone.now() - PendingCallImport.LIFETIME)

    def expired(self) -> "PendingCallImportQuerySet":
        return self.filter(created_at__lt=timezone.now() - PendingCallImport.LIFETIME)


class PendingCallImport(models.Model):
    LIFETIME = datetime.timedelta(hours=2)

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    mapping = models.ForeignKey(
        "hubsite.ImportMapping", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PendingCallImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import d'appels en attente")

    def __str__(self):
        return self.filename
