"""iCalendar (RFC 5545) export of an event, written by hand: the format is small and stable."""

from datetime import UTC, timedelta

from django.utils import timezone


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 section 3.3.11): backslash, semicolon, comma and newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold lines longer than 75 octets, as RFC 5545 section 3.1 requires."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _stamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_to_ical(event, request) -> str:
    """One VEVENT for ``event``, with its place or online link and its public URL."""
    end = event.end or event.start + timedelta(hours=2)
    # The address the visitor used, rather than the site's configured host name.
    url = request.build_absolute_uri(event.get_url(request))
    location = ", ".join(p for p in (event.location_name, event.address) if p) or event.online_url
    description = "\n".join(p for p in (event.intro, event.registration_url, url) if p)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Maillage//Evenements des hubs//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        # Stable whatever the host name: the page's translation key is a UUID.
        f"UID:{event.translation_key}@maillage",
        f"DTSTAMP:{_stamp(timezone.now())}",
        f"DTSTART:{_stamp(event.start)}",
        f"DTEND:{_stamp(end)}",
        f"SUMMARY:{_escape(event.title)}",
        f"DESCRIPTION:{_escape(description)}",
        f"LOCATION:{_escape(location)}",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
