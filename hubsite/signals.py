"""Keep the derived ``hub`` of hub-scoped pages right when pages move in the tree, and a
hub's section in place when anything deletes pages."""

from django.apps import apps
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import post_page_move

from hubsite.models import EventIndexPage, HubPage, NewsIndexPage
from hubsite.models.structure import refuse_hub_structure_removal


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


# Deleting any ancestor, or a queryset, reaches a hub's pages through Django's collector
# only. Connected per model so that other models keep their fast deletes.
@receiver(pre_delete, sender=HubPage)
@receiver(pre_delete, sender=NewsIndexPage)
@receiver(pre_delete, sender=EventIndexPage)
def refuse_deleting_a_hubs_structure(sender, instance, **kwargs):
    refuse_hub_structure_removal(instance)
