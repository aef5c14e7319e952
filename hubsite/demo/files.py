"""Generated demo files: an illustration and a one-page PDF, in the hub's collection."""

import io
import random

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from hubsite.models import Hub


def demo_image(hub: Hub, rng: random.Random, colour: str, *, title: str, alt: str):
    """A generated illustration (a mesh of linked points) in the hub's collection."""
    from PIL import Image as PillowImage
    from PIL import ImageDraw

    width, height = 1200, 675
    picture = PillowImage.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(picture)
    points = [(rng.randint(40, width - 40), rng.randint(40, height - 40)) for _ in range(28)]
    for index, (x, y) in enumerate(points):
        for other in points[index + 1 :]:
            if abs(other[0] - x) + abs(other[1] - y) < 260:
                draw.line([(x, y), other], fill=(255, 255, 255), width=3)
    for x, y in points:
        draw.ellipse([x - 12, y - 12, x + 12, y + 12], fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    image_model = get_image_model()
    image = image_model(title=title, description=alt, collection=hub.collection)
    image.file = ImageFile(buffer, name=f"demo-{hub.slug}-{rng.randint(0, 99999)}.jpg")
    image.save()
    return image


def demo_document(hub: Hub, hub_name: str):
    document_model = get_document_model()
    document = document_model(
        title=f"Programme des ateliers — {hub_name}", collection=hub.collection
    )
    lines = [
        f"Programme des ateliers - {hub_name}",
        "Document de demonstration du portail Maillage.",
        "Mardi : premiers pas sur smartphone",
        "Jeudi : demarches administratives en ligne",
        "Samedi : securite et arnaques en ligne",
    ]
    document.file = ContentFile(pdf_bytes(lines), name=f"programme-{hub.slug}.pdf")
    document.save()
    return document


def pdf_bytes(lines: list[str]) -> bytes:
    """A minimal one-page PDF showing ``lines`` (Latin-1 text)."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = (
        "BT /F1 16 Tf 72 770 Td 22 TL "
        + " ".join(f"({text(line)}) Tj T*" for line in lines)
        + " ET"
    )
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)
