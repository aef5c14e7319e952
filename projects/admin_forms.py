"""The admin forms of the solutions catalogue: what their user may choose, and the maturity
rule checked on the version being saved (its indicators and documents included)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.documents import get_document_model

from hubsite.admin_forms import ChoosableContentMixin, refusal_message
from hubsite.permissions import choosable
from projects.permissions import declaring_organisations, deployable_solutions


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
        if self.for_user is None:
            return
        if "organisation" in self.fields:
            _limit_to(
                self.fields["organisation"],
                declaring_organisations(self.for_user),
                self.instance.organisation_id,
            )
        if "venues" in self.fields:
            # The directory's venues, by the model's own link: projects never imports it.
            venues = self.fields["venues"].queryset
            held = (
                list(self.instance.venues.values_list("pk", flat=True)) if self.instance.pk else []
            )
            self.fields["venues"].queryset = (
                venues.model.objects.visible_to(self.for_user) | venues.filter(pk__in=held)
            ).distinct()
        if "solution" in self.fields:
            _limit_to(
                self.fields["solution"],
                deployable_solutions(self.for_user),
                self.instance.solution_id,
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
