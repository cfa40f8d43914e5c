"""The export formats: a fixed header and one rendered row per frozen member.

A member is a mapping of the frozen text fields (see warehouse.MEMBER_FIELDS); None means the
value was missing. Rendering only reads those frozen values, never the live warehouse, so the
same snapshot always renders to the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from segment_exports import normalize as nz

Member = Mapping[str, str | None]

# Fixed CSV dialect: comma, '"' quoting only where needed, '\n' line endings, UTF-8 without BOM.
LINE_TERMINATOR = "\n"


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


def standard_row(member: Member) -> list[str]:
    return [
        _full_name(member),
        _v(member, "first_name"),
        _v(member, "last_name"),
        _v(member, "email"),
        _v(member, "registered_date"),
        _v(member, "country_code"),
        _v(member, "postal_code"),
        _v(member, "lifetime_revenue"),
    ]


def mailchimp_row(member: Member) -> list[str] | None:
    address = nz.email(member.get("email"))
    if not address:
        return None  # Mailchimp rejects a contact without an email address: counted as skipped
    return [address, _v(member, "first_name"), _v(member, "last_name"), mailchimp_tags(_tags(member))]


def meta_row(member: Member) -> list[str]:
    country = member.get("country_code")
    return [
        nz.sha256_hex(nz.email(member.get("email"))),
        nz.sha256_hex(nz.meta_phone(member.get("phone"), country)),
        nz.sha256_hex(nz.meta_letters(member.get("first_name"))),
        nz.sha256_hex(nz.meta_letters(member.get("last_name"))),
        nz.sha256_hex(nz.meta_zip(member.get("postal_code"), country)),
        nz.sha256_hex(nz.meta_letters(member.get("city"))),
        nz.sha256_hex(nz.meta_letters(member.get("region"))),
        nz.sha256_hex(nz.country_iso2(country).lower()),
    ]


def google_row(member: Member) -> list[str]:
    country = member.get("country_code")
    return [
        nz.sha256_hex(nz.email(member.get("email"))),
        nz.sha256_hex(nz.phone_e164(member.get("phone"), country)),
        nz.sha256_hex(nz.google_name(member.get("first_name"))),
        nz.sha256_hex(nz.google_name(member.get("last_name"))),
        nz.country_iso2(country),
        nz.google_zip(member.get("postal_code")),
    ]


@dataclass(frozen=True)
class ExportFormat:
    """One output format: its name, exact header, and row renderer (None = row skipped)."""

    name: str
    header: tuple[str, ...]
    render: Callable[[Member], list[str] | None]
    description: str


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
            "plain CRM list: ISO dates, two-decimal lifetime spend",
        ),
        ExportFormat(
            "mailchimp",
            ("Email Address", "First Name", "Last Name", "Tags"),
            mailchimp_row,
            "Mailchimp audience import; members without an email are skipped (counted)",
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


def render_csv(fmt: ExportFormat, members: Iterable[Member]) -> RenderedFile:
    """The whole CSV for members, in customer_id order; header only when there are none."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_TERMINATOR, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(fmt.header)
    rows = skipped = 0
    for member in sorted(members, key=lambda m: _v(m, "customer_id")):
        row = fmt.render(member)
        if row is None:
            skipped += 1
            continue
        writer.writerow(row)
        rows += 1
    return RenderedFile(buffer.getvalue().encode("utf-8"), rows, skipped)


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
