"""What an uploaded document may be, for every app that takes one: a PDF, an office document
or an image, recognised by its content rather than its name, under a size limit, never a
program; then whatever virus scan the site names (``UPLOAD_VIRUS_SCANNER``)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

# The first bytes of the kinds accepted; OOXML and OpenDocument files are ZIP archives.
SIGNATURES = {
    b"%PDF-": "PDF",
    b"PK\x03\x04": "bureautique",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "bureautique",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
}
# The names each kind may go by: a ZIP is an office document only under an office name (not
# a .jar, an .apk or a bare .zip), and no file is stored under a name a browser would run.
EXTENSIONS = {
    "PDF": (".pdf",),
    "bureautique": (
        ".docx",
        ".xlsx",
        ".pptx",
        ".odt",
        ".ods",
        ".odp",
        ".doc",
        ".xls",
        ".ppt",
    ),
    "PNG": (".png",),
    "JPEG": (".jpg", ".jpeg"),
}
EXECUTABLES = (b"MZ", b"\x7fELF", b"#!", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
EXECUTABLE_NAMES = (".exe", ".bat", ".cmd", ".com", ".msi", ".sh", ".js", ".vbs", ".scr", ".ps1")


def kind_of(head: bytes) -> str | None:
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def scan(upload) -> None:
    """Hand ``upload`` to the site's virus scanner, if one is named; it raises
    ValidationError to refuse the file."""
    path = getattr(settings, "UPLOAD_VIRUS_SCANNER", "")
    if not path:
        return
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    try:
        import_string(path)(upload)
    finally:
        upload.seek(position)


def validate_upload(upload, *, max_bytes: int = MAX_BYTES) -> None:
    """ValidationError (in French) unless ``upload`` is an accepted kind by its content, named
    as that kind is (no ZIP kept as a .jar), no bigger than ``max_bytes``, and passes the virus
    scan. A file already stored (a model's validation of a form that did not replace it) was
    checked when it came."""
    if getattr(upload, "_committed", False):
        return
    if upload.size > max_bytes:
        raise ValidationError(
            _("Ce fichier pèse %(size)s : %(limit)s au plus.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_big",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    name = (getattr(upload, "name", "") or "").lower()
    if head.startswith(EXECUTABLES) or name.endswith(EXECUTABLE_NAMES):
        raise ValidationError(_("Un programme ne peut pas être déposé."), code="executable")
    kind = kind_of(head)
    if kind is None:
        raise ValidationError(
            _("Déposez un PDF, un document bureautique (Word, Excel, OpenDocument) ou une image."),
            code="file_type",
        )
    if not name.endswith(EXTENSIONS[kind]):
        raise ValidationError(
            _(
                "Le nom de ce fichier ne correspond pas à son contenu : nommez-le avec "
                "l'extension %(extensions)s, puis déposez-le de nouveau."
            )
            % {"extensions": ", ".join(EXTENSIONS[kind])},
            code="file_name",
        )
    scan(upload)
