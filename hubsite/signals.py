"""Keep the derived ``hub`` of hub-scoped pages right when pages move in the tree."""

from django.apps import apps
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import post_page_move


@receiver(post_page_move)
def rederive_hub_after_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    from hubsite.models.pages import HubScopedPage, hub_id_above

    if parent_page_before.pk == parent_page_after.pk:
        return
    hub_id = hub_id_above(instance)
    subtree = list(
        Page.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)
    )
    for model in apps.get_models():
        if issubclass(model, HubScopedPage):
            model.objects.filter(pk__in=subtree).exclude(hub_id=hub_id).update(hub_id=hub_id)
