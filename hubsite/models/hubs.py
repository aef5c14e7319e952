from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection

from hubsite.scoping import HubScopedQuerySet

MIN_DEPARTEMENTS = 2
MAX_DEPARTEMENTS = 5


class HubQuerySet(HubScopedQuerySet):
    # visible_to(user): every hub for the national team, the coordinated ones for a coordinator.

    def coordinated_by(self, user) -> "HubQuerySet":
        """The hubs whose coordination group ``user`` belongs to (the national team's too)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(group__user=user).distinct()


class Hub(models.Model):
    """A territorial hub: it covers two to five départements and has its own site section."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(
        _("identifiant d'URL"),
        max_length=60,
        unique=True,
        help_text=_("Utilisé dans les adresses publiques, par exemple /bretagne/."),
    )
    presentation = models.TextField(_("présentation"), blank=True)
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    website = models.URLField(_("site web"), blank=True)
    group = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="coordinated_hub",
        verbose_name=_("groupe des coordinateurs"),
    )
    collection = models.OneToOneField(
        Collection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="hub",
        verbose_name=_("collection de médias"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    hub_lookup = "pk"  # a hub is its own hub
    objects = HubQuerySet.as_manager()

    class Meta:
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        page = getattr(self, "page", None)
        return page.url if page else reverse("home")

    @property
    def coordinators(self):
        if self.group_id is None:
            return get_user_model().objects.none()
        return self.group.user_set.all()
