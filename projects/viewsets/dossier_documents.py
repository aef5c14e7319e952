"""A dossier's document, downloaded by whom may read the dossier: never through the media
URL, which checks nobody."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View

from projects.models import Dossier
from projects.permissions import can_read_dossier


class DossierDocumentView(View):
    model = Dossier  # what its URL's pk names
    permission_required = "view"
    http_method_names = ["get"]

    def get(self, request, pk, document_id):
        dossier = get_object_or_404(Dossier.objects.select_related("hub"), pk=pk)
        if not can_read_dossier(request.user, dossier):
            raise Http404
        document = get_object_or_404(dossier.documents, pk=document_id)
        try:
            stored = document.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        return FileResponse(stored, as_attachment=True, filename=document.filename)
