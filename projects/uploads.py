"""What a follow-up document may be: a PDF, an office document or an image, recognised by its
content rather than its name, under a size limit, never a program. (The same rules as the
funding applications' documents; apps do not import each other.)"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

# The first bytes of the kinds accepted; OOXML and OpenDocument files are ZIP archives.
SIGNATURES = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
)
EXECUTABLES = (b"MZ", b"\x7fELF", b"#!", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
EXECUTABLE_NAMES = (".exe", ".bat", ".cmd", ".com", ".msi", ".sh", ".js", ".vbs", ".scr", ".ps1")


def validate_upload(upload) -> None:
    """ValidationError (in French) unless ``upload`` is an accepted kind by its content."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Ce fichier pèse %(size)s : %(limit)s au plus.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)},
            code="too_big",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    name = (getattr(upload, "name", "") or "").lower()
    if head.startswith(EXECUTABLES) or name.endswith(EXECUTABLE_NAMES):
        raise ValidationError(_("Un programme ne peut pas être déposé."), code="executable")
    if not head.startswith(SIGNATURES):
        raise ValidationError(
            _("Déposez un PDF, un document bureautique (Word, Excel, OpenDocument) ou une image."),
            code="file_type",
        )
