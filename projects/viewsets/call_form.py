"""The form of a call for projects in the admin: its slug drawn from its title, its dates in
order, and the grid it starts with (or a copy that replaces it while no review started)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel, Panel

from projects.models import ProjectCall
from projects.permissions.grids_opinions import can_edit_grid
from projects.services.calls import free_slug
from projects.services.grids import frozen_error


class CallForm(WagtailAdminModelForm):
    """A new call gets a grid of its own, empty or copied from an earlier call's; an existing
    call's grid may be replaced by such a copy until a review has started."""

    grid_source = forms.ModelChoiceField(
        queryset=ProjectCall.objects.none(),
        required=False,
        label=gettext_lazy("Reprendre la grille d'un appel précédent"),
        empty_label=gettext_lazy("Aucune : une grille vide, à remplir"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        earlier = ProjectCall.objects.order_by("-opens_on", "title")
        if self.instance.pk:
            earlier = earlier.exclude(pk=self.instance.pk)
        self.fields["grid_source"].queryset = earlier
        if self.instance.pk:
            self.fields["grid_source"].label = _(
                "Remplacer la grille par une copie de celle d'un autre appel"
            )
            self.fields["grid_source"].empty_label = _("Non : garder la grille actuelle")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = free_slug(cleaned["title"], exclude_pk=self.instance.pk)
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        deadline = cleaned.get("review_deadline")
        if opens and closes and closes < opens:
            self.add_error(
                "closes_on", _("La clôture des dépôts ne peut pas précéder l'ouverture de l'appel.")
            )
        if closes and deadline and deadline < closes:
            self.add_error(
                "review_deadline",
                _("La date limite des relectures ne peut pas précéder la clôture des dépôts."),
            )
        if (
            cleaned.get("grid_source")
            and self.instance.pk
            and not (self.for_user and can_edit_grid(self.for_user, self.instance))
        ):
            # The field stays offered on a frozen grid only to say why: a forged POST too.
            self.add_error("grid_source", frozen_error())
        return cleaned


class GridLinkPanel(Panel):
    """Where the saved call's grid is edited, and whether it is frozen."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "projects/admin/call_grid_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            call = self.instance
            context["call"] = call if call.pk else None
            frozen = bool(call.pk) and call.grid.is_frozen()
            context["frozen"] = " ".join(frozen_error().messages) if frozen else ""
            return context


class RulesFormSet(BaseChildFormSet):
    def get_unique_error_message(self, unique_check):
        return _("Chaque règle ne figure qu'une fois dans un appel : gardez-en un seul seuil.")


class RulesPanel(InlinePanel):
    """The call's economic rules, a rule given twice refused with a plain message."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = RulesFormSet
        return options
