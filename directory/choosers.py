"""The venue chooser of the admin: hubsite's scoped chooser (it lists and returns only the
venues the user manages), whose "create" tab adds one in the user's départements, with the
edit form's checks."""

from django.db import transaction
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.snippets.views import chooser as snippet_chooser

from directory.forms import VenueCreationForm
from hubsite.admin_views import HubScopedSnippetChooserViewSet


class ForUserCreationFormMixin:
    """The creation form knows who fills it in: it refuses a commune outside their hub."""

    def get_creation_form_kwargs(self):
        return {**super().get_creation_form_kwargs(), "for_user": self.request.user}


class VenueChooseView(ForUserCreationFormMixin, snippet_chooser.ChooseView):
    pass


class VenueChooserCreateView(ForUserCreationFormMixin, snippet_chooser.SnippetCreateView):
    @transaction.atomic
    def save_form(self, form):
        venue = super().save_form(form)
        log(instance=venue, action="wagtail.create", user=self.request.user)
        return venue


class VenueChooserViewSet(HubScopedSnippetChooserViewSet):
    choose_view_class = VenueChooseView
    create_view_class = VenueChooserCreateView
    creation_form_class = VenueCreationForm
    creation_tab_label = gettext_lazy("Nouveau lieu")
    create_action_label = gettext_lazy("Ajouter ce lieu")
