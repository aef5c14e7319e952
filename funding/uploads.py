"""What an application's document may be: the site's rules for any upload
(``hubsite.uploads``)."""

from hubsite import uploads
from hubsite.uploads import EXECUTABLE_NAMES, EXECUTABLES, MAX_BYTES, SIGNATURES, kind_of

__all__ = [
    "EXECUTABLES",
    "EXECUTABLE_NAMES",
    "MAX_BYTES",
    "SIGNATURES",
    "kind_of",
    "validate_upload",
]


def validate_upload(upload) -> None:
    """ValidationError (in French) unless ``upload`` is an accepted document. Kept here, by
    this name, because the funding migrations name it."""
    uploads.validate_upload(upload)
