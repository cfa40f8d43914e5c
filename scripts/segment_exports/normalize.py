"""Normalisation and hashing of contact fields for advertising platforms.

Every function is pure and returns '' for a missing value (None, empty or nothing left after
normalising), so an absent field is an empty cell, never the hash of an empty string.

Rules (cited in docs/exports.md):
- Meta customer list: email trimmed + lower-case; phone digits only incl. country code, no '+'
  or leading zeros; fn/ln/ct/st lower-case letters only (no punctuation, spaces or digits;
  UTF-8 letters kept); zip lower-case without spaces or dashes, US: first 5 digits; country
  lower-case ISO 3166-1 alpha-2. All SHA-256 hashed.
- Google Customer Match: email, first and last name without whitespace and lower-case; phone
  E.164 ('+' country code and number); these four are SHA-256 hashed; country (ISO alpha-2)
  and zip are sent in plain text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# ITU-T E.164 country calling codes by ISO 3166-1 alpha-2 code, for numbers stored without one.
CALLING_CODES: dict[str, str] = {
    "AT": "43", "AU": "61", "BE": "32", "BG": "359", "BR": "55", "CA": "1", "CH": "41",
    "CN": "86", "CY": "357", "CZ": "420", "DE": "49", "DK": "45", "EE": "372", "ES": "34",
    "FI": "358", "FR": "33", "GB": "44", "GR": "30", "HR": "385", "HU": "36", "IE": "353",
    "IN": "91", "IS": "354", "IT": "39", "JP": "81", "LT": "370", "LU": "352", "LV": "371",
    "MT": "356", "MX": "52", "NL": "31", "NO": "47", "NZ": "64", "PL": "48", "PT": "351",
    "RO": "40", "SE": "46", "SG": "65", "SI": "386", "SK": "421", "US": "1", "ZA": "27",
}  # fmt: skip
# Countries whose national numbers keep their leading 0 after the country code.
KEEP_TRUNK_ZERO = frozenset({"IT"})
_NON_DIGITS = re.compile(r"\D")
_WHITESPACE = re.compile(r"\s+")


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

    '+' or '00' prefixed numbers already carry their country code. Other numbers are read as
    national numbers of the customer's country: one trunk '0' is dropped (not for Italy) and the
    country's calling code is prepended. A result must have 8 to 15 digits.
    """
    text = _text(value)
    digits = _NON_DIGITS.sub("", text)
    if not digits:
        return ""
    if text.startswith("+"):
        full = digits
    elif digits.startswith("00"):
        full = digits[2:]
    else:
        country = _text(country_code).upper()
        calling = CALLING_CODES.get(country)
        if calling is None:
            return ""
        national = digits
        if calling == "1" and len(national) == 11 and national.startswith("1"):
            national = national[1:]
        elif national.startswith("0") and country not in KEEP_TRUNK_ZERO:
            national = national[1:]
        full = calling + national
    full = full.lstrip("0")
    if not 8 <= len(full) <= 15:
        return ""
    return "+" + full


def meta_phone(value: object, country_code: object = None) -> str:
    """Digits only with the country code, no '+' and no leading zeros (Meta's phone rule)."""
    return phone_e164(value, country_code).lstrip("+")


def meta_letters(value: object) -> str:
    """Lower-case letters only (fn, ln, ct, st): punctuation, spaces and digits removed."""
    return "".join(ch for ch in _text(value).lower() if ch.isalpha())


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
