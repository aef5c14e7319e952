"""The venue chooser of the admin: it lists and returns only the venues the user manages, and
its "create" tab adds one in the user's départements, with the edit form's checks."""

from django.db import transaction
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.snippets.views import chooser as snippet_chooser

from directory.forms import VenueCreationForm
from directory.models import Venue


class ForUserCreationFormMixin:
    """The creation form knows who fills it in: it refuses a commune outside their hub."""

    def get_creation_form_kwargs(self):
        return {**super().get_creation_form_kwargs(), "for_user": self.request.user}


class VenueChooseView(ForUserCreationFormMixin, snippet_chooser.ChooseView):
    def get_object_list(self):
        return Venue.objects.visible_to(self.request.user)


class VenueChooseResultsView(snippet_chooser.ChooseResultsView):
    def get_object_list(self):
        return Venue.objects.visible_to(self.request.user)


class VenueChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        return Venue.objects.visible_to(self.request.user).get(pk=pk)


class VenueChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return Venue.objects.visible_to(self.request.user).filter(pk__in=pks)


class VenueChooserCreateView(ForUserCreationFormMixin, snippet_chooser.SnippetCreateView):
    @transaction.atomic
    def save_form(self, form):
        venue = super().save_form(form)
        log(instance=venue, action="wagtail.create", user=self.request.user)
        return venue


class VenueChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = VenueChooseView
    choose_results_view_class = VenueChooseResultsView
    chosen_view_class = VenueChosenView
    chosen_multiple_view_class = VenueChosenMultipleView
    create_view_class = VenueChooserCreateView
    creation_form_class = VenueCreationForm
    creation_tab_label = gettext_lazy("Nouveau lieu")
    create_action_label = gettext_lazy("Ajouter ce lieu")
