"""Normalisation and hashing of contact fields for advertising platforms.

Every function is pure and returns '' for a missing value (None, empty or nothing left after
normalising), so an absent field is an empty cell, never the hash of an empty string.

These are the current rendering rules (2); snapshots taken under rules 1 re-export with
segment_exports.legacy. Rules (cited in docs/exports.md):
- Meta customer list: email trimmed + lower-case; phone digits only incl. country code, no '+'
  or leading zeros (E.164 by `phonenumbers`); fn/ln/ct lower-case letters only (no punctuation,
  spaces or digits; UTF-8 letters kept); st the lower-case state/province code where the
  country has letter codes (ISO 3166-2 via `pycountry`), else the region's letters; zip
  lower-case without spaces or dashes, US: first 5 digits; country
  lower-case ISO 3166-1 alpha-2. All SHA-256 hashed.
- Google Customer Match: email, first and last name without whitespace and lower-case; phone
  E.164 ('+' country code and number); these four are SHA-256 hashed; country (ISO alpha-2)
  and zip are sent in plain text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import cache

import phonenumbers
import pycountry

_NON_DIGITS = re.compile(r"\D")
_WHITESPACE = re.compile(r"\s+")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def sha256_hex(value: str) -> str:
    """Lower-case hex SHA-256 of the UTF-8 bytes of value; '' stays ''."""
    if not value:
        return ""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _text(value: object) -> str:
    return "" if value is None else unicodedata.normalize("NFC", str(value)).strip()


def email(value: object) -> str:
    """Trimmed, lower-case, without any whitespace."""
    return _WHITESPACE.sub("", _text(value)).lower()


def phone_e164(value: object, country_code: object = None) -> str:
    """The number in E.164 ('+4512345678'), or '' when it cannot be made one.

    Parsed by `phonenumbers` (the Python port of Google's libphonenumber): a number written with
    '+' or an international prefix carries its own country code; any other number is read as a
    national number of the customer's country (every ISO country, with its own trunk-prefix
    rules; without a country, a leading '00' is read as '+'). A number whose length is
    impossible for its country gives ''.
    """
    text = _text(value)
    if not _NON_DIGITS.sub("", text):
        return ""
    region = country_iso2(country_code) or None
    if region is None and text.startswith("00"):
        text = "+" + text[2:]  # '00' is the international prefix almost everywhere
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def meta_phone(
    value: object, country_code: object = None, e164: Callable[[object, object], str] | None = None
) -> str:
    """Digits only with the country code, no '+' and no leading zeros (Meta's phone rule), from
    the E.164 form (`e164`, default phone_e164)."""
    return (e164 or phone_e164)(value, country_code).lstrip("+")


def meta_letters(value: object) -> str:
    """Lower-case letters only (fn, ln, ct, st): punctuation, spaces and digits removed."""
    return "".join(ch for ch in _text(value).lower() if ch.isalpha())


@cache
def _subdivision_codes(country: str) -> dict[str, str]:
    """Case-folded top-level subdivision code and name -> code, for a country whose codes are
    letters (US states 'US-CA', Canadian provinces, Australian states ...); {} for the others."""
    try:
        found = pycountry.subdivisions.get(country_code=country) or []
    except (KeyError, LookupError):
        return {}
    codes: dict[str, str] = {}
    for sub in found:
        if sub.parent_code is not None:
            continue
        code = sub.code.split("-", 1)[1]
        if not code.isascii() or not code.isalpha():
            return {}  # numbered subdivisions (DK-84, FR-75C ...): no letter code to send
        codes[code.casefold()] = code.lower()
        codes[unicodedata.normalize("NFC", sub.name).casefold()] = code.lower()
    return codes


def meta_state(value: object, country_code: object = None) -> str:
    """Meta's st: the state or province code in lower case ('ca' for California, US) where the
    customer's country has letter codes (pycountry's ISO 3166-2 data); otherwise the region's
    letters as meta_letters gives them."""
    region = _text(value)
    code = _subdivision_codes(country_iso2(country_code)).get(region.casefold()) if region else None
    return code or meta_letters(region)


def spreadsheet_safe(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP 'CSV injection'): a cell that
    begins with =, +, -, @, tab or carriage return gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def meta_zip(value: object, country_code: object = None) -> str:
    """Lower-case, no spaces or dashes; US ZIP codes cut to their first 5 digits."""
    text = _text(value).lower()
    if _text(country_code).upper() == "US":
        text = text.split("-")[0]
        return _NON_DIGITS.sub("", text)[:5]
    return re.sub(r"[\s\-]", "", text)


def country_iso2(value: object) -> str:
    """Upper-case ISO 3166-1 alpha-2 code, or '' when the value is not two letters."""
    text = _text(value).upper()
    return text if re.fullmatch(r"[A-Z]{2}", text) else ""


def google_name(value: object) -> str:
    """Lower-case with all whitespace removed (Google's first/last name rule)."""
    return _WHITESPACE.sub("", _text(value)).lower()


def google_zip(value: object) -> str:
    """Plain zip/postal code, trimmed (Google does not hash it)."""
    return _text(value)
