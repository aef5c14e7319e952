"""Cleaning single cell values of the standard, leniently (any version, any spreadsheet)."""

import datetime
import functools
import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from directory.standard.schema import (
    INSEE_RE,
    MULTI_SEPARATOR,
    PHONE_PREFIX_BY_DEPARTEMENT,
    PHONE_RE,
    PIVOT_RE,
    POSTCODE_RE,
)
from hubsite.exports import FORMULA_TRIGGERS
from hubsite.text import unaccent

_url_validator = URLValidator(schemes=["http", "https"])
_email_validator = EmailValidator()
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPLIT_RE = re.compile(r"[|;]")


def neutralize(value: str) -> str:
    """``value`` without the leading characters that make a spreadsheet run it as a formula."""
    while value and value.startswith(FORMULA_TRIGGERS):
        value = value[1:].lstrip()
    return value


def clean_text(value, *, multiline: bool = False, defuse: bool = True) -> str:
    """A string from any cell: control characters dropped, spaces collapsed, and for free text
    (``defuse``) no leading character that a spreadsheet would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = MULTI_SEPARATOR.join(str(item) for item in value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub("", text)
    if multiline:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = "\n".join(lines).strip()
        text = re.sub(r"\n{3,}", "\n\n", text)
    else:
        text = " ".join(text.split())
    return neutralize(text) if defuse else text


def split_values(value, *, defuse: bool = True) -> list[str]:
    """The values of a multi-valued cell: ``|`` or ``;`` separated, or a JSON list."""
    if value is None:
        return []
    items = value if isinstance(value, list) else _SPLIT_RE.split(str(value))
    values = []
    for item in items:
        text = clean_text(item, defuse=defuse)
        if text and text not in values:
            values.append(text)
    return values


@functools.lru_cache(maxsize=4096)
def vocabulary_key(value: str) -> str:
    """Compare vocabulary values whatever their case, accents, spaces and punctuation."""
    return re.sub(r"[^a-z0-9]+", "", unaccent(value).lower().replace("œ", "oe"))


def clean_pivot(value) -> str:
    """A SIRET, RNA or RIDET, or "" for a missing or placeholder one; ValueError if malformed."""
    text = re.sub(r"[\s.]", "", clean_text(value, defuse=False))
    if not text or set(text) == {"0"}:
        return ""
    if not PIVOT_RE.match(text):
        raise ValueError(text)
    return text


def _integer_text(number: int | float) -> str:
    """The digits of a whole number; ValueError for a fraction, an infinity or NaN."""
    if isinstance(number, float) and not number.is_integer():
        raise ValueError(str(number))
    return str(int(number))


def clean_postcode(value) -> str:
    """Five digits; a four-digit code lost its leading zero in a spreadsheet. ValueError else."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = _integer_text(value)
    else:
        text = clean_text(value, defuse=False).replace(" ", "")
    if re.fullmatch(r"\d{4}", text):
        text = "0" + text
    if not POSTCODE_RE.match(text):
        raise ValueError(text)
    return text


def clean_insee(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = _integer_text(value)
    else:
        text = clean_text(value, defuse=False).replace(" ", "").upper()
    if re.fullmatch(r"\d{4}", text):
        text = "0" + text
    if text and not INSEE_RE.match(text):
        raise ValueError(text)
    return text


def clean_phone(value, *, departement: str = "") -> str:
    """The number in the standard's international form (+33…), or "" if none; ValueError if it
    cannot be read as one."""
    text = clean_text(value, defuse=False)
    if not text:
        return ""
    text = text.replace("(0)", "")
    digits = re.sub(r"[\s.\-/()]", "", text)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"0\d{9}", digits):
        # Overseas numbers dial their own code: 0262 12 34 56 is +262 262 12 34 56.
        digits = PHONE_PREFIX_BY_DEPARTEMENT.get(departement, "+33") + digits[1:]
    if not PHONE_RE.match(digits):
        raise ValueError(text)
    return digits


def clean_url(value) -> str:
    """An http(s) URL, "" if empty; a bare domain gets https://. ValueError if not a URL."""
    text = clean_text(value, defuse=False)
    if not text:
        return ""
    has_scheme = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text)
    if not has_scheme and re.match(r"^(www\.)?[\w-]+(\.[\w-]+)+(/|$)", text):
        text = "https://" + text
    try:
        _url_validator(text)
    except ValidationError:
        raise ValueError(text) from None
    return text


def clean_urls(value) -> list[str]:
    return [clean_url(item) for item in split_values(value, defuse=False)]


def clean_emails(value) -> list[str]:
    emails = []
    for item in split_values(value, defuse=False):
        email = item.removeprefix("mailto:").strip()
        try:
            _email_validator(email)
        except ValidationError:
            raise ValueError(item) from None
        emails.append(email)
    return emails


def clean_date(value) -> datetime.date:
    """ISO 8601 (a date, or the date of a timestamp) or DD/MM/YYYY; ValueError otherwise."""
    text = clean_text(value, defuse=False)
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        return datetime.date(*map(int, match.groups()))
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if match:
        day, month, year = map(int, match.groups())
        return datetime.date(year, month, day)
    raise ValueError(text)


def clean_coordinate(value, *, limit: float) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    try:
        if isinstance(value, int | float):
            number = float(value)
        else:
            text = clean_text(value, defuse=False).replace(",", ".")
            if not text:
                return None
            number = float(text)
    except OverflowError:
        raise ValueError(str(value)[:80]) from None
    if not -limit <= number <= limit or number != number:
        raise ValueError(str(value))
    return round(number, 6)


def describe_error(column: str, value: str) -> str:
    return _("%(column)s : « %(value)s » n'est pas valide") % {
        "column": column,
        "value": value[:80],
    }
