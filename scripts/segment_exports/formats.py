"""The export formats: a fixed header and one rendered row per frozen member.

A member is a mapping of the frozen text fields (see warehouse.MEMBER_FIELDS); None means the
value was missing. Rendering only reads those frozen values, never the live warehouse, so the
same snapshot always renders to the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from segment_exports import legacy
from segment_exports import normalize as nz

Member = Mapping[str, str | None]


@dataclass(frozen=True)
class RenderingRules:
    """The rules a snapshot's files are rendered with; recorded per snapshot so a re-export
    renders exactly as the first export did (export_snapshots.rendering_rules)."""

    version: int
    phone_e164: Callable[[object, object], str]
    meta_state: Callable[[object, object], str]
    text_cell: Callable[[str], str]
    csv_line: Callable[[Sequence[str]], str]


def rfc4180_line(fields: Sequence[str]) -> str:
    """One CSV line: a field with a comma, quote, CR or LF is quoted (quotes doubled), '\n' at
    the end. (Python's csv module leaves a lone CR unquoted when the line ends in '\n', which
    splits the row for any reader: rules 1 kept that, see legacy.csv_line.)"""
    return (
        ",".join(f'"{f.replace(chr(34), chr(34) * 2)}"' if _NEEDS_QUOTES.search(f) else f for f in fields)
        + "\n"
    )


RULES: dict[int, RenderingRules] = {
    1: RenderingRules(1, legacy.phone_e164, legacy.meta_state, lambda value: value, legacy.csv_line),
    2: RenderingRules(2, nz.phone_e164, nz.meta_state, nz.spreadsheet_safe, rfc4180_line),
}
CURRENT_RULES = 2
_CURRENT = RULES[CURRENT_RULES]
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')

# Fixed CSV dialect: comma, '"' quoting only where needed, '\n' line endings, UTF-8 without BOM.


def _v(member: Member, field: str) -> str:
    """The frozen text, trimmed; '' when missing."""
    value = member.get(field)
    return "" if value is None else value.strip()


def _full_name(member: Member) -> str:
    name = _v(member, "full_name").strip()
    if name:
        return name
    return " ".join(part for part in (_v(member, "first_name"), _v(member, "last_name")) if part).strip()


def _tags(member: Member) -> list[str]:
    raw = member.get("tags")
    return json.loads(raw) if raw else []


def mailchimp_tags(tags: Iterable[str]) -> str:
    """Mailchimp's tag cell: tags separated by commas; a tag that contains a comma is double-quoted."""
    return ",".join(f'"{tag}"' if "," in tag else tag for tag in tags)


def _number(rules: RenderingRules, value: str) -> str:
    """A numeric cell stays a number (a negative spend is not a formula); anything else is text."""
    return value if _NUMBER.fullmatch(value) else rules.text_cell(value)


def standard_row(member: Member, rules: RenderingRules = _CURRENT) -> list[str]:
    text = rules.text_cell
    return [
        text(_full_name(member)),
        text(_v(member, "first_name")),
        text(_v(member, "last_name")),
        text(_v(member, "email")),
        text(_v(member, "registered_date")),
        text(_v(member, "country_code")),
        text(_v(member, "postal_code")),
        _number(rules, _v(member, "lifetime_revenue")),
    ]


def mailchimp_row(member: Member, rules: RenderingRules = _CURRENT) -> list[str] | None:
    address = nz.email(member.get("email"))
    if not address:
        return None  # Mailchimp rejects a contact without an email address: counted as skipped
    text = rules.text_cell
    return [
        text(address),
        text(_v(member, "first_name")),
        text(_v(member, "last_name")),
        text(mailchimp_tags(_tags(member))),
    ]


def meta_row(member: Member, rules: RenderingRules = _CURRENT) -> list[str]:
    country = member.get("country_code")
    return [
        nz.sha256_hex(nz.email(member.get("email"))),
        nz.sha256_hex(nz.meta_phone(member.get("phone"), country, rules.phone_e164)),
        nz.sha256_hex(nz.meta_letters(member.get("first_name"))),
        nz.sha256_hex(nz.meta_letters(member.get("last_name"))),
        nz.sha256_hex(nz.meta_zip(member.get("postal_code"), country)),
        nz.sha256_hex(nz.meta_letters(member.get("city"))),
        nz.sha256_hex(rules.meta_state(member.get("region"), country)),
        nz.sha256_hex(nz.country_iso2(country).lower()),
    ]


def google_row(member: Member, rules: RenderingRules = _CURRENT) -> list[str]:
    country = member.get("country_code")
    return [
        nz.sha256_hex(nz.email(member.get("email"))),
        nz.sha256_hex(rules.phone_e164(member.get("phone"), country)),
        nz.sha256_hex(nz.google_name(member.get("first_name"))),
        nz.sha256_hex(nz.google_name(member.get("last_name"))),
        nz.country_iso2(country),
        nz.google_zip(member.get("postal_code")),
    ]


def standard_removal_row(member: Member, rules: RenderingRules = _CURRENT) -> list[str]:
    """A CRM removes a contact by its customer id (the email too, for CRMs that key on it)."""
    return [rules.text_cell(_v(member, "customer_id")), rules.text_cell(_v(member, "email"))]


def mailchimp_removal_row(member: Member, rules: RenderingRules = _CURRENT) -> list[str] | None:
    """Mailchimp archives a contact by its email address; without one it was never sent (skipped)."""
    row = mailchimp_row(member, rules)
    return None if row is None else row[:1]


@dataclass(frozen=True)
class ExportFormat:
    """One output format: its name, exact header, and row renderer (None = row skipped), and
    the header and row of its removed-members change file (`--changes`): the identifiers the
    destination removes a contact by. None = the full header and row: Meta and Google match the
    users to remove on the same hashed identifiers they were added with."""

    name: str
    header: tuple[str, ...]
    render: Callable[[Member, RenderingRules], list[str] | None]
    description: str
    removal_header: tuple[str, ...] | None = None
    removal_render: Callable[[Member, RenderingRules], list[str] | None] | None = None


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "standard",
            (
                "Name",
                "First Name",
                "Last Name",
                "Email Address",
                "Date Registered",
                "Country",
                "Postal Code",
                "Lifetime Spend",
            ),
            standard_row,
            "plain CRM list: ISO dates, two-decimal lifetime spend, formula-safe text cells",
            ("Customer ID", "Email Address"),
            standard_removal_row,
        ),
        ExportFormat(
            "mailchimp",
            ("Email Address", "First Name", "Last Name", "Tags"),
            mailchimp_row,
            "Mailchimp audience import, formula-safe cells; members without an email are skipped (counted)",
            ("Email Address",),
            mailchimp_removal_row,
        ),
        ExportFormat(
            "meta",
            ("email", "phone", "fn", "ln", "zip", "ct", "st", "country"),
            meta_row,
            "Meta customer list: every column normalised and SHA-256 hashed",
        ),
        ExportFormat(
            "google",
            ("Email", "Phone", "First Name", "Last Name", "Country", "Zip"),
            google_row,
            "Google Customer Match: email, phone, names hashed; country and zip plain",
        ),
    )
}


@dataclass(frozen=True)
class RenderedFile:
    """The bytes of one CSV file with its counts."""

    content: bytes
    row_count: int
    skipped_count: int


def render_csv(
    fmt: ExportFormat, members: Iterable[Member], rules: int = CURRENT_RULES, *, removal: bool = False
) -> RenderedFile:
    """The whole CSV for members under rendering rules `rules`, in customer_id order; header only
    when there are none. removal=True renders the format's removed-members file instead (its
    removal header and row, else the full ones)."""
    chosen = RULES[rules]
    header, render = fmt.header, fmt.render
    if removal and fmt.removal_header is not None and fmt.removal_render is not None:
        header, render = fmt.removal_header, fmt.removal_render
    lines = [chosen.csv_line(header)]
    skipped = 0
    for member in sorted(members, key=lambda m: _v(m, "customer_id")):
        row = render(member, chosen)
        if row is None:
            skipped += 1
            continue
        lines.append(chosen.csv_line(row))
    return RenderedFile("".join(lines).encode("utf-8"), len(lines) - 1, skipped)


def parse_formats(values: Iterable[str] | None) -> list[str]:
    """Formats from repeated and/or comma-separated --format values, de-duplicated, in given order."""
    names: list[str] = []
    for value in values or ["standard"]:
        for name in value.split(","):
            name = name.strip().lower()
            if not name:
                continue
            if name not in FORMATS:
                raise ValueError(f"unknown format '{name}' (choose from {', '.join(FORMATS)})")
            if name not in names:
                names.append(name)
    if not names:
        raise ValueError("no format given")
    return names
