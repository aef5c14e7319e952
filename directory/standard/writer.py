"""Writing the standard strictly: the schema's columns, in its order, streamed as CSV or JSON."""

import csv
import json
from collections.abc import Iterable, Iterator

from directory.standard.cleaners import neutralize
from directory.standard.schema import (
    COLUMNS,
    MULTI_SEPARATOR,
    PHONE_RE,
    PLACEHOLDER_PIVOT,
    SUMMARY_MAX_LENGTH,
)


def export_id(venue, duplicated_ids: frozenset[str] = frozenset()) -> str:
    """The standard's ``id``: the venue's id in its source, prefixed by the source when two
    sources use the same id (the standard wants it unique; ``import_id`` reverses this)."""
    if venue.source_id in duplicated_ids and venue.source:
        return f"{venue.source}:{venue.source_id}"
    return venue.source_id


def import_id(raw_id: str, source: str) -> str:
    prefix = f"{source}:"
    if source and raw_id.startswith(prefix) and len(raw_id) > len(prefix):
        return raw_id[len(prefix) :]
    return raw_id


def _joined(values) -> str:
    return MULTI_SEPARATOR.join(values)


def venue_record(venue, duplicated_ids: frozenset[str] = frozenset()) -> dict:
    """The venue as a v1.0.2 record: every column, in order; None for an empty value."""
    exact = venue.has_position and not venue.position_is_approximate
    phone = venue.phone if venue.phone and PHONE_RE.match(venue.phone) else ""
    record = {
        "id": export_id(venue, duplicated_ids),
        "pivot": venue.pivot or PLACEHOLDER_PIVOT,
        "nom": venue.name,
        "commune": venue.commune_name,
        "code_postal": venue.postcode,
        "code_insee": venue.insee_code,
        "adresse": venue.address,
        "complement_adresse": venue.address_complement,
        # A position that is only the commune's centre is ours, not the source's.
        "latitude": venue.latitude if exact else None,
        "longitude": venue.longitude if exact else None,
        "typologie": venue.typology,
        "telephone": phone,
        "courriels": venue.emails,
        "site_web": venue.websites,
        "horaires": venue.opening_hours,
        "presentation_resume": venue.summary[:SUMMARY_MAX_LENGTH],
        "presentation_detail": venue.description,
        "source": venue.source,
        "itinerance": _joined(venue.itinerance),
        "structure_parente": venue.parent_structure,
        "date_maj": venue.updated_on.isoformat(),
        "services": _joined(venue.services),
        "publics_specifiquement_adresses": _joined(venue.publics),
        "prise_en_charge_specifique": _joined(venue.specific_support),
        "frais_a_charge": _joined(venue.fees),
        "dispositif_programmes_nationaux": _joined(venue.national_programmes),
        "formations_labels": _joined(venue.training_labels),
        "autres_formations_labels": venue.other_labels,
        "modalites_acces": _joined(venue.access_modes),
        "modalites_accompagnement": _joined(venue.support_modes),
        "fiche_acces_libre": venue.accessibility_url,
        "prise_rdv": venue.booking_url,
    }
    return {key: (value if value != "" else None) for key, value in record.items()}


def csv_cells(record: dict) -> list[str]:
    """A record as CSV cells: text that a spreadsheet would run as a formula is defused (the
    phone number's leading + is the standard's own and passes its pattern)."""
    cells = []
    for column in COLUMNS:
        value = record[column]
        if value is None:
            cells.append("")
        elif isinstance(value, float):
            cells.append(repr(value))
        elif column == "telephone":
            cells.append(value)
        else:
            cells.append(neutralize(str(value)))
    return cells


def json_record(record: dict) -> dict:
    """A record for the JSON export: empty values left out, as the national exports do."""
    return {key: value for key, value in record.items() if value is not None}


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


STREAM_CHUNK_CHARS = 64 * 1024


def _chunked(lines: Iterable[str]) -> Iterator[str]:
    buffer, size = [], 0
    for line in lines:
        buffer.append(line)
        size += len(line)
        if size >= STREAM_CHUNK_CHARS:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def csv_lines(venues: Iterable, duplicated_ids: frozenset[str] = frozenset()) -> Iterator[str]:
    """The CSV export, header first, in chunks: ``venues`` may be a queryset's iterator."""
    writer = csv.writer(_Echo(), lineterminator="\n")

    def lines():
        yield writer.writerow(COLUMNS)
        for venue in venues:
            yield writer.writerow(csv_cells(venue_record(venue, duplicated_ids)))

    return _chunked(lines())


def json_chunks(venues: Iterable, duplicated_ids: frozenset[str] = frozenset()) -> Iterator[str]:
    """The JSON export (a list of objects), in chunks."""

    def lines():
        yield "["
        separator = "\n"
        for venue in venues:
            record = json_record(venue_record(venue, duplicated_ids))
            yield separator + json.dumps(record, ensure_ascii=False)
            separator = ",\n"
        yield "\n]\n"

    return _chunked(lines())
