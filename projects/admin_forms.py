"""The admin forms of the solutions catalogue: what their user may choose, and the maturity
rule checked on the version being saved (its indicators and documents included)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.documents import get_document_model

from hubsite.admin_forms import ChoosableContentMixin, refusal_message
from hubsite.permissions import choosable
from projects.permissions import (
    declaring_organisations,
    deployable_solutions,
    deployable_venues,
)


def _limit_to(field, queryset, current=None):
    """``field`` offers ``queryset``, and the value the object already holds."""
    if current is not None:
        queryset = queryset | queryset.model._default_manager.filter(pk=current)
    field.queryset = queryset.distinct()


class SolutionForm(ChoosableContentMixin, WagtailAdminModelForm):
    """A solution as its organisation's members and its hub's coordinators edit it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "organisation" in self.fields:
            field = self.fields["organisation"]
            _limit_to(field, declaring_organisations(self.for_user), self.instance.organisation_id)
            choices = list(field.queryset[:2])
            if len(choices) == 1 and not self.instance.organisation_id:
                self.initial.setdefault("organisation", choices[0].pk)
        self.held_documents = set()
        if self.instance.pk:
            self.held_documents = {
                str(pk) for pk in self.instance.documents.values_list("document_id", flat=True)
            }

    def refuse_forged_documents(self) -> bool:
        """The documents of the formset must be choosable by the user, as the chooser offers
        them (``ChoosableContentMixin`` for the form's own fields)."""
        if self.for_user is None or "documents" not in self.formsets:
            return True
        chosen = {}
        for form in self.formsets["documents"].forms:
            document = getattr(form, "cleaned_data", {}).get("document")
            if document is not None and str(document.pk) not in self.held_documents:
                chosen.setdefault(str(document.pk), []).append(form)
        if not chosen:
            return True
        scope = choosable(self.for_user, get_document_model())
        allowed = {str(pk) for pk in scope.filter(pk__in=chosen).values_list("pk", flat=True)}
        refused = [form for pk, forms in chosen.items() if pk not in allowed for form in forms]
        for form in refused:
            form.add_error("document", refusal_message(get_document_model()))
        return not refused

    def check_maturity(self) -> bool:
        """Refuse a maturity the version being saved does not meet (proven, scaling)."""
        if "maturity" not in self.cleaned_data:
            return True
        version = self.save(commit=False)
        shortfalls = version.maturity_shortfalls(self.cleaned_data["maturity"])
        if shortfalls:
            self.add_error(
                "maturity",
                ValidationError(
                    [_("Cette maturité se mérite : %(rule)s") % {"rule": shortfalls[0]}]
                    + [str(s) for s in shortfalls[1:]]
                ),
            )
        return not shortfalls

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        return self.refuse_forged_documents() and self.check_maturity()


class DeploymentForm(ChoosableContentMixin, WagtailAdminModelForm):
    """A deployment as the solution's organisation, another that took it up, or a hub declares
    it: the operating organisation among the user's, the solution among the published ones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "venues" in self.fields:
            self.offer_venues()
        if self.for_user is None:
            return
        if "organisation" in self.fields:
            _limit_to(
                self.fields["organisation"],
                declaring_organisations(self.for_user),
                self.instance.organisation_id,
            )
        if "solution" in self.fields:
            _limit_to(
                self.fields["solution"],
                deployable_solutions(self.for_user),
                self.instance.solution_id,
            )

    def place(self) -> tuple[str | None, str | None]:
        """(commune, département) of the deployment as the form stands: as posted, else as
        stored."""
        if self.is_bound:
            return (
                self.data.get(self.add_prefix("commune")) or None,
                self.data.get(self.add_prefix("departement")) or None,
            )
        return self.instance.commune_id, self.instance.departement_id

    def offer_venues(self) -> None:
        """Check boxes for the qualified venues of the deployment's commune (or département):
        those of one place, never the whole directory; the venues it already names stay."""
        field = self.fields["venues"]
        commune_id, departement_id = self.place()
        offered = deployable_venues(commune_id=commune_id, departement_id=departement_id)
        if self.instance.pk:
            offered = offered | field.queryset.filter(deployments=self.instance)
        field.widget = forms.CheckboxSelectMultiple()
        field.queryset = offered.distinct().only("pk", "name", "commune_name").order_by("name")
        if commune_id or departement_id:
            field.help_text = _(
                "Les lieux de l'annuaire où la solution est proposée, parmi les lieux qualifiés "
                "de la commune du déploiement (de tout son département s'il n'a pas de commune)."
            )
        else:
            field.help_text = _(
                "Choisissez d'abord la commune ou le département et enregistrez : les lieux "
                "qualifiés de l'annuaire qui s'y trouvent seront alors proposés ici."
            )

    def clean(self):
        cleaned_data = super().clean()
        commune, departement = cleaned_data.get("commune"), cleaned_data.get("departement")
        if (
            commune is not None
            and departement is not None
            and commune.departement_id != departement.pk
        ):
            self.add_error(
                "commune",
                _("Cette commune n'est pas dans le département choisi (%(departement)s).")
                % {"departement": departement},
            )
        return cleaned_data
