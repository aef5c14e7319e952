"""An application's documents are checked by their content, their size, and never a program."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from funding.uploads import MAX_BYTES, validate_upload


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name, content",
    [
        ("budget.pdf", b"%PDF-1.7\n..."),
        ("plan.xlsx", b"PK\x03\x04rest of the zip"),
        ("statuts.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 ole"),
        ("logo.png", b"\x89PNG\r\n\x1a\n..."),
        ("photo.jpg", b"\xff\xd8\xff\xe0..."),
    ],
)
def test_documents_are_accepted_by_their_content(name, content):
    validate_upload(upload(name, content))


def test_a_renamed_program_is_refused_whatever_its_name():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("budget.pdf", b"MZ\x90\x00 windows program"))
    assert error.value.messages == ["Un programme ne peut pas être déposé."]
    with pytest.raises(ValidationError):
        validate_upload(upload("script.pdf", b"#!/bin/sh\nrm -rf /"))
    with pytest.raises(ValidationError):
        validate_upload(upload("setup.exe", b"%PDF-1.7 disguised"))


def test_an_unknown_kind_and_a_too_big_file_are_refused_in_french():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("notes.txt", b"juste du texte"))
    assert "Déposez un PDF" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("gros.pdf", b"%PDF-" + b"0" * MAX_BYTES))
    assert "au plus" in error.value.messages[0]
