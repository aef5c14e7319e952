"""The admin form of an application: a coordinator leads only for their own hubs, and funds
published solutions (a draft is its organisation's and its hub's only)."""

from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm

from hubsite.models import Hub


class ApplicationAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "hub" in self.fields:
            hubs = Hub.objects.visible_to(self.for_user)
            self.fields["hub"].queryset = hubs
            if not self.instance.pk and len(hubs) == 1:
                self.fields["hub"].initial = hubs[0]
        if not self.instance.pk:
            # Partners are invited once the application exists (from its edit page): the
            # blank form of a new one names no other hub.
            self.fields.pop("partner_hubs", None)
        elif "partner_hubs" in self.fields:
            self.fields["partner_hubs"].queryset = Hub.objects.exclude(pk=self.instance.hub_id)
        if "solutions" in self.fields:
            chosen = (
                list(self.instance.solutions.values_list("pk", flat=True))
                if self.instance.pk
                else []
            )
            self.fields["solutions"].queryset = self.fields["solutions"].queryset.filter(
                Q(live=True) | Q(pk__in=chosen)
            )
