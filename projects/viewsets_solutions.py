"""The solutions' admin: a mediator describes their organisation's solutions step by step and
sends them to the hub; the hub's coordinators review and publish them (Wagtail's drafts,
revisions, locking and workflow; the task is ``hubsite.models.HubReviewTask``).

Built on ``hubsite.admin_views.HubScopedSnippetViewSet``: a coordinator reaches their hub's
solutions, a mediator their organisations' (``Solution.member_lookup``); any other URL
answers 404.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_filters import BooleanFilter, ChoiceFilter
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import snippets as snippet_views

from hubsite.admin_views import HubScopedSnippetChooserViewSet, HubScopedSnippetViewSet
from hubsite.models.workflows import approval_refusals
from projects.admin_forms import SolutionForm
from projects.models import Maturity, Solution
from projects.moderation import review_status, review_statuses


def _refusal_message(request, error: ValidationError) -> None:
    messages.error(
        request,
        _("Cette version ne peut pas être publiée : %(reasons)s")
        % {"reasons": " ".join(error.messages)},
    )


class SolutionFilterSet(WagtailFilterSet):
    maturity = ChoiceFilter(label=_("Maturité"), choices=Maturity.choices)
    live = BooleanFilter(label=_("Publiée"))
    in_review = BooleanFilter(label=_("En relecture par le hub"), method="filter_in_review")

    class Meta:
        model = Solution
        fields = ["maturity", "live"]

    def filter_in_review(self, queryset, name, value):
        if value is None:
            return queryset
        in_review = Q(
            pk__in=Solution.objects.filter(workflow_states__status="in_progress").values("pk")
        )
        return queryset.filter(in_review) if value else queryset.exclude(in_review)


class SolutionIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation")

    def get_table(self, object_list):
        solutions = list(object_list)
        statuses = review_statuses(solutions)
        for solution in solutions:
            solution.review_status = statuses[solution.pk]
        return super().get_table(solutions)


class ReviewBannerMixin:
    """At the top of the form: where the solution stands, what the hub said and, for its
    reviewers, why this version cannot be published yet."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review_status"] = review_status(self.object)
        task = self.object.current_workflow_task
        if task is not None and task.specific.user_can_access_editor(
            self.object, self.request.user
        ):
            context["approval_refusals"] = approval_refusals(self.object)
        return context

    def workflow_action_action(self):
        try:
            return super().workflow_action_action()
        except ValidationError as error:
            _refusal_message(self.request, error)
            return redirect(self.get_edit_url())


class SolutionEditView(ReviewBannerMixin, snippet_views.EditView):
    pass


class SolutionWorkflowActionView(snippet_views.WorkflowActionView):
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            _refusal_message(request, error)
            return redirect(self.redirect_url)


def _status_label(solution) -> str:
    status = getattr(solution, "review_status", None)
    if status is None:
        return ""
    return f"{status.label} — « {status.comment} »" if status.comment else status.label


HELP = {
    "organisation": _("L'organisation qui porte la solution."),
    "title": _("Un nom court, que l'on retient : « Les ateliers du mardi »."),
    "problem": _(
        "Ce qui n'allait pas avant la solution, avec des mots simples : qui était en "
        "difficulté, avec quoi."
    ),
    "audience": _("Les personnes que vous accompagnez : âge, situation, lieu de vie…"),
    "services": _("Cochez ce que la solution aide à faire. Les lieux utilisent les mêmes mots."),
    "how_it_works": _(
        "Racontez une séance ou un accompagnement, du premier contact à la fin : qui fait "
        "quoi, combien de temps, où."
    ),
    "formats": _("Comment les personnes sont accompagnées. Plusieurs choix possibles."),
    "staff": _("Par exemple : un médiateur à mi-temps et deux bénévoles."),
    "equipment": _("Par exemple : six tablettes, une connexion 4G, une salle."),
    "cost_per_person": _("Le coût total divisé par le nombre de personnes accompagnées."),
    "funding_sources": _("Qui finance : commune, département, fondation, État…"),
    "started_on": _("Laissez vide si la solution n'a pas encore démarré."),
    "maturity": _(
        "« Éprouvée » demande 12 mois de fonctionnement et au moins un résultat mesuré ou une "
        "évaluation ; « En essaimage » demande en plus 3 déploiements dans 2 départements. "
        "Le hub le vérifie."
    ),
    "reuse_terms": _("Ce qu'une autre structure doit faire pour reprendre la solution chez elle."),
    "contact_email": _("Le courriel où l'on peut vous écrire pour reprendre la solution."),
    "image": _("Une photo d'une séance, sans visage reconnaissable sans accord."),
}


def field(name, **kwargs):
    return FieldPanel(name, help_text=HELP.get(name), **kwargs)


SOLUTION_PANELS = TabbedInterface(
    [
        ObjectList(
            [
                field("organisation"),
                field("title"),
                FieldPanel("summary"),
                field("problem"),
                field("audience"),
                MultiFieldPanel(
                    [field("services"), FieldPanel("publics"), FieldPanel("specific_support")],
                    heading=_("Pour quels besoins"),
                ),
            ],
            heading=_("Le problème"),
        ),
        ObjectList([field("how_it_works"), field("formats")], heading=_("Comment ça marche")),
        ObjectList(
            [
                field("staff"),
                field("equipment"),
                FieldRowPanel([field("cost_per_person"), FieldPanel("cost_per_year")]),
                field("funding_sources"),
            ],
            heading=_("Ce qu'il faut"),
        ),
        ObjectList(
            [
                FieldRowPanel([field("started_on"), FieldPanel("people_per_year")]),
                InlinePanel(
                    "indicators",
                    heading=_("Résultats mesurés"),
                    label=_("Indicateur"),
                    help_text=_("Chaque chiffre avec sa date et d'où il vient."),
                ),
                field("maturity"),
            ],
            heading=_("Résultats"),
        ),
        ObjectList(
            [
                field("reuse_terms"),
                FieldPanel("reuse_details"),
                InlinePanel(
                    "documents",
                    heading=_("Évaluations et supports à réutiliser"),
                    label=_("Document"),
                    help_text=_(
                        "Une évaluation compte comme preuve pour la maturité ; un support "
                        "(guide, fiche d'atelier) aide les autres à reprendre la solution."
                    ),
                ),
            ],
            heading=_("Reprise"),
        ),
        ObjectList(
            [
                FieldPanel("contact_name"),
                field("contact_email"),
                FieldPanel("contact_phone"),
                field("image"),
            ],
            heading=_("Contacts"),
        ),
    ],
    base_form_class=SolutionForm,
)


class NoCreationView(View):
    """Solutions are described in their own form, step by step, never in a chooser."""

    http_method_names = []


class SolutionChooserViewSet(HubScopedSnippetChooserViewSet):
    # Wagtail's chooser answers a creation POST with an error 500 when it has no form.
    create_view_class = NoCreationView


class SolutionViewSet(HubScopedSnippetViewSet):
    model = Solution
    icon = "pick"
    menu_label = _("Solutions")
    menu_name = "solutions"
    menu_order = 120
    add_to_admin_menu = True
    url_prefix = "solutions"
    url_namespace = "solutions_admin"
    copy_view_enabled = False
    inspect_view_enabled = True

    chooser_viewset_class = SolutionChooserViewSet
    index_view_class = SolutionIndexView
    edit_view_class = SolutionEditView
    workflow_action_view_class = SolutionWorkflowActionView

    list_display = [
        "title",
        "organisation",
        Column("maturity", label=_("Maturité"), accessor="get_maturity_display"),
        Column("review_status", label=_("Où en est-elle"), accessor=_status_label),
    ]
    filterset_class = SolutionFilterSet
    search_fields = ["title", "summary"]
    list_export = ["title", "organisation", "maturity", "live", "people_per_year"]
    edit_handler = SOLUTION_PANELS
    edit_template_name = "projects/admin/solution_edit.html"
    inspect_view_fields = ["title", "organisation", "summary", "maturity", "live"]


solution_viewset = SolutionViewSet()
