"""The filters of the venue listing in the admin."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy
from django_filters import BooleanFilter, ChoiceFilter, ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet

from directory.models import (
    ConfirmationRequest,
    ErrorReport,
    ProposalStatus,
    Status,
    Venue,
    confirmed_since,
    stale_before,
    unconfirmed_q,
)
from hubsite.models import Departement, Hub


def open_reports():
    """A venue's error reports still to handle (for ``Exists``)."""
    return ErrorReport.objects.filter(venue=OuterRef("pk"), resolved_at__isnull=True)


def _proposals_to_review():
    return ConfirmationRequest.objects.filter(
        venue=OuterRef("pk"), proposal_status=ProposalStatus.PENDING
    )


CONFIRMATION_CHOICES = [
    ("recent", gettext_lazy("Dans l'année")),
    ("old", gettext_lazy("Il y a plus d'un an")),
    ("never", gettext_lazy("Jamais")),
    ("stale", gettext_lazy("Plus d'un an ou jamais")),
]


class VenueListingFilterSet(WagtailFilterSet):
    """The filters of the venue listing in the admin."""

    status = ChoiceFilter(label=gettext_lazy("Qualification"), choices=Status.choices)
    departement = ModelChoiceFilter(
        label=gettext_lazy("Département"), queryset=Departement.objects.all()
    )
    has_open_reports = BooleanFilter(
        label=gettext_lazy("Signalements à traiter"), method="filter_open_reports"
    )
    position_is_approximate = BooleanFilter(label=gettext_lazy("Position approximative"))
    is_demo = BooleanFilter(label=gettext_lazy("Lieu de démonstration"))
    hub = ModelChoiceFilter(
        label=gettext_lazy("Hub"), field_name="departement__hub", queryset=Hub.objects.all()
    )
    stale = BooleanFilter(label=gettext_lazy("Non mis à jour depuis un an"), method="filter_stale")
    confirmation = ChoiceFilter(
        label=gettext_lazy("Informations confirmées"),
        choices=CONFIRMATION_CHOICES,
        method="filter_confirmation",
    )
    proposals = BooleanFilter(
        label=gettext_lazy("Corrections proposées à examiner"), method="filter_proposals"
    )

    class Meta:
        model = Venue
        fields = ["status", "departement", "has_open_reports", "position_is_approximate", "is_demo"]

    def filter_stale(self, queryset, name, value):
        if value is None:
            return queryset
        stale = Q(updated_on__lt=stale_before())
        return queryset.filter(stale) if value else queryset.exclude(stale)

    def filter_confirmation(self, queryset, name, value):
        if value == "recent":
            return queryset.filter(confirmed_at__gte=confirmed_since())
        if value == "old":
            return queryset.filter(confirmed_at__lt=confirmed_since())
        if value == "never":
            return queryset.filter(confirmed_at__isnull=True)
        if value == "stale":
            return queryset.filter(unconfirmed_q())
        return queryset

    def filter_proposals(self, queryset, name, value):
        if value is None:
            return queryset
        waiting = Exists(_proposals_to_review())
        return queryset.filter(waiting) if value else queryset.exclude(waiting)

    def filter_open_reports(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(Exists(open_reports()))
            if value
            else queryset.exclude(Exists(open_reports()))
        )
