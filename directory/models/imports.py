"""What an import in the admin keeps between requests: a previewed file, a background job."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingImportQuerySet(models.QuerySet):
    def live(self) -> "PendingImportQuerySet":
        return self.filter(created_at__gte=timezone.now() - PendingImport.LIFETIME)

    def expired(self) -> "PendingImportQuerySet":
        return self.filter(created_at__lt=timezone.now() - PendingImport.LIFETIME)


class PendingImport(models.Model):
    """A file a coordinator has previewed in the admin, kept so that confirming the import does
    not ask for the file again. Only its uploader can confirm it, within ``LIFETIME``; older
    ones are deleted at the next preview."""

    LIFETIME = datetime.timedelta(hours=2)

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    source = models.CharField(max_length=100, blank=True)
    content = models.BinaryField()
    # The file is read through this mapping (None: in the standard's columns).
    mapping = models.ForeignKey(
        "hubsite.ImportMapping", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import en attente de confirmation")

    def __str__(self):
        return self.filename


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échoué")


class ImportJob(models.Model):
    """An import (or a preview) too large for one request, run in the background: what the
    person who started it sees of its progress and result. The file is dropped once read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("fichier"), max_length=255)
    source = models.CharField(max_length=100, blank=True)
    dry_run = models.BooleanField(_("prévisualisation"), default=False)
    content = models.BinaryField(default=b"")
    mapping = models.ForeignKey(
        "hubsite.ImportMapping",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("correspondance"),
    )
    status = models.CharField(
        max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    # Every rejected row as [row, id, reason]; pages show the first few, a CSV gives them all.
    rejected_rows = models.JSONField(default=list)
    error = models.TextField(blank=True)
    pending = models.ForeignKey(
        PendingImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import en arrière-plan")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def percent(self) -> int:
        return 100 * self.rows_done // self.rows_total if self.rows_total else 0
