"""Rendering rules 1: what differed before rules 2, kept only to re-export old snapshots.

A snapshot records the rendering rules it was taken under (export_snapshots.rendering_rules;
null in tables written before the column existed = rules 1), and a re-export renders it with
those rules, so its files stay byte-identical forever. New snapshots use rules 2
(segment_exports.normalize). Do not change anything here: it is frozen behaviour.

Rules 1 differ from rules 2 in four ways: no spreadsheet-formula guard on plain-text cells,
phone numbers from the hand-written calling-code table below (about 45 countries), Meta's st
as the region's letters for every country, and a carriage return inside a cell left unquoted.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from segment_exports import normalize as nz

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


def phone_e164(value: object, country_code: object = None) -> str:
    """Rules 1: '+' or '00' numbers carry their country code; others get the customer's
    country's calling code from CALLING_CODES (one trunk '0' dropped, not for Italy); 8 to 15
    digits, else ''."""
    text = nz._text(value)
    digits = _NON_DIGITS.sub("", text)
    if not digits:
        return ""
    if text.startswith("+"):
        full = digits
    elif digits.startswith("00"):
        full = digits[2:]
    else:
        country = nz._text(country_code).upper()
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


def meta_state(value: object, country_code: object = None) -> str:
    """Rules 1: the region's letters, whatever the country."""
    return nz.meta_letters(value)


def csv_line(fields: Sequence[str]) -> str:
    """Rules 1: Python's csv writer, QUOTE_MINIMAL, '\\n' line ends (a lone CR stays unquoted)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerow(fields)
    return buffer.getvalue()
