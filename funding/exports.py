"""The payments' export (CSV or XLSX, every cell defused by ``hubsite.exports``): the
tranches of the applications the user sees, or of one lead hub's (``?hub=``). The
applications themselves are exported by their listing (``list_export``)."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views import View

from funding.models import Application, Payment
from funding.permissions import can_export_payments
from hubsite.exports import spreadsheet_response

FORMATS = ("csv", "xlsx")


def payment_rows(payments):
    """The heading, then one row per payment of ``payments``, read as they are written."""
    yield [
        _("Hub porteur"),
        _("Candidature"),
        _("Appel"),
        _("Financeur"),
        _("Versement"),
        _("Montant (€)"),
        _("Demande à faire le"),
        _("Reçu le"),
        _("Condition"),
    ]
    for payment in payments.iterator(chunk_size=2000):
        application = payment.application
        yield [
            application.hub.name,
            application.title,
            application.call.title,
            application.call.programme.funder.name,
            payment.get_kind_display(),
            payment.amount,
            payment.due_on,
            payment.received_on,
            payment.condition,
        ]


def payments_of(user, hub_id: int | None = None):
    applications = Application.objects.visible_to(user)
    if hub_id is not None:
        applications = applications.filter(hub=hub_id)
    return (
        Payment.objects.filter(application__in=applications.values("pk"))
        .select_related("application__hub", "application__call__programme__funder")
        .order_by("application__hub__name", "application__title", "due_on", "pk")
    )


class PaymentsExportView(View):
    """``?export=csv`` or ``?export=xlsx`` (404 without one), optionally ``&hub=<pk>``."""

    model = Application  # the payments are reached through the applications the user sees
    http_method_names = ["get"]

    def get(self, request):
        if not can_export_payments(request.user):
            raise Http404
        export_format = request.GET.get("export")
        if export_format not in FORMATS:
            raise Http404
        hub = request.GET.get("hub", "")
        hub_id = int(hub) if hub.isdigit() else None
        return spreadsheet_response(
            payment_rows(payments_of(request.user, hub_id)),
            filename="versements",
            export_format=export_format,
        )
