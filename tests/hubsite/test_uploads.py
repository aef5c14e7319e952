"""Any app's uploads go through hubsite's checks, then through the virus scan the site names."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hubsite.uploads import validate_upload

SCANNED = []


def refuse_everything(upload) -> None:
    """A virus scanner that finds a virus in every file."""
    SCANNED.append(upload.read())
    raise ValidationError("Un virus a été trouvé dans ce fichier.", code="virus")


def accept_everything(upload) -> None:
    SCANNED.append(upload.read())


@pytest.fixture(autouse=True)
def forget_scans():
    SCANNED.clear()


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("statuts.pdf", b"%PDF-1.7\nstatuts")


def test_no_scanner_is_named_by_default(settings):
    assert settings.UPLOAD_VIRUS_SCANNER == ""
    validate_upload(pdf())


def test_the_named_scanner_refuses_an_upload(settings):
    settings.UPLOAD_VIRUS_SCANNER = "tests.hubsite.test_uploads.refuse_everything"
    with pytest.raises(ValidationError) as error:
        validate_upload(pdf())
    assert error.value.messages == ["Un virus a été trouvé dans ce fichier."]
    assert SCANNED == [b"%PDF-1.7\nstatuts"]


def test_the_scanner_reads_the_whole_file_and_leaves_it_where_it_was(settings):
    settings.UPLOAD_VIRUS_SCANNER = "tests.hubsite.test_uploads.accept_everything"
    upload = pdf()
    upload.seek(3)
    validate_upload(upload)
    assert SCANNED == [b"%PDF-1.7\nstatuts"]
    assert upload.tell() == 3


def test_a_program_is_refused_before_the_scanner_sees_it(settings):
    settings.UPLOAD_VIRUS_SCANNER = "tests.hubsite.test_uploads.accept_everything"
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("a.pdf", b"MZ\x90\x00"))
    assert SCANNED == []


def test_funding_s_documents_go_through_the_scanner_too(settings):
    from funding.uploads import validate_upload as funding_validate

    settings.UPLOAD_VIRUS_SCANNER = "tests.hubsite.test_uploads.refuse_everything"
    with pytest.raises(ValidationError):
        funding_validate(pdf())


@pytest.mark.parametrize(
    "name, content",
    [
        # A ZIP is an office document only under an office document's name.
        ("outil.jar", b"PK\x03\x04 a java program"),
        ("archive.zip", b"PK\x03\x04 anything at all"),
        ("page.html", b"%PDF-1.7\n<script>alert(1)</script>"),
        ("dessin.svg", b"\x89PNG\r\n\x1a\n<svg onload=alert(1)>"),
        ("sans-extension", b"%PDF-1.7\n..."),
    ],
)
def test_a_name_that_does_not_match_the_content_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content))
    assert error.value.code == "file_name"
    assert "extension" in error.value.messages[0]


@pytest.mark.parametrize(
    "name, content",
    [
        ("Budget.PDF", b"%PDF-1.7\n..."),
        ("plan.docx", b"PK\x03\x04..."),
        ("plan.ods", b"PK\x03\x04..."),
        ("statuts.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 ole"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0..."),
    ],
)
def test_a_name_that_matches_the_content_is_accepted(name, content):
    validate_upload(SimpleUploadedFile(name, content))
