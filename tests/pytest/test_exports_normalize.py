"""Normalisation and hashing of export fields against known vectors (no warehouse needed)."""

from __future__ import annotations

import hashlib
import json

import pytest
from segment_exports import formats
from segment_exports import normalize as nz

# Published SHA-256 vectors: X Ads API custom audience docs hash 'adsapi'; TikTok's customer file
# docs hash the normalised email 'janedoe@gmail.com'.
ADSAPI_SHA256 = "49e0be2aeccfb51a8dee4c945c8a70a9ac500cf6f5cb08112575f74db9b1470d"
JANEDOE_SHA256 = "d6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69"
TEST_EXAMPLE_SHA256 = "973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b"


def test_sha256_hex_matches_hashlib_and_published_vectors():
    assert nz.sha256_hex("test@example.com") == hashlib.sha256(b"test@example.com").hexdigest()
    assert nz.sha256_hex("test@example.com") == TEST_EXAMPLE_SHA256
    assert nz.sha256_hex("adsapi") == ADSAPI_SHA256
    assert nz.sha256_hex(nz.email("  JaneDoe@Gmail.com ")) == JANEDOE_SHA256


def test_missing_values_are_empty_not_hash_of_empty():
    assert nz.sha256_hex("") == ""
    assert nz.email(None) == ""
    assert nz.phone_e164(None, "DK") == ""
    assert formats.meta_row({"customer_id": "1"}) == [""] * 8


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Test@Example.COM ", "test@example.com"),
        ("te st@example.com", "test@example.com"),
        ("ÅSE@Example.dk", "åse@example.dk"),
    ],
)
def test_email(raw, expected):
    assert nz.email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("+45 12 34 56 78", "DK", "+4512345678"),
        ("12 34 56 78", "DK", "+4512345678"),
        ("0045 12345678", None, "+4512345678"),
        ("(650) 555-1212", "US", "+16505551212"),
        ("1-650-555-1212", "US", "+16505551212"),
        ("020 7183 8750", "GB", "+442071838750"),
        ("06 1234 5678", "IT", "+390612345678"),
        ("12345678", None, ""),  # no country code and no country: not guessable
        ("12345678", "XX", ""),
        ("123", "DK", ""),  # too short for E.164
        ("abc", "DK", ""),
    ],
)
def test_phone_e164(raw, country, expected):
    assert nz.phone_e164(raw, country) == expected


def test_meta_phone_is_digits_with_country_code():
    assert nz.meta_phone("+1 (650) 555-1212") == "16505551212"
    assert nz.meta_phone("020 7183 8750", "GB") == "442071838750"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Mary-Ann ", "maryann"),
        ("O'Brien", "obrien"),
        ("Søren", "søren"),
        ("San Francisco", "sanfrancisco"),
        ("Route 66", "route"),
        (None, ""),
    ],
)
def test_meta_letters(raw, expected):
    assert nz.meta_letters(raw) == expected


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("94105-1234", "US", "94105"),
        ("SW1A 1AA", "GB", "sw1a1aa"),
        ("00-950", "PL", "00950"),
        ("2100", "DK", "2100"),
    ],
)
def test_meta_zip(raw, country, expected):
    assert nz.meta_zip(raw, country) == expected


def test_country_and_google_fields():
    assert nz.country_iso2(" dk ") == "DK"
    assert nz.country_iso2("Denmark") == ""
    assert nz.google_name(" Mary Ann ") == "maryann"
    assert nz.google_zip(" SW1A 1AA ") == "SW1A 1AA"


MEMBER = {
    "customer_id": "c1",
    "first_name": "Anna",
    "last_name": "O'Brien",
    "full_name": "Anna O'Brien",
    "email": " Anna.OBrien@Example.COM ",
    "phone": "+45 12 34 56 78",
    "country_code": "DK",
    "region": "Hovedstaden",
    "city": "København",
    "postal_code": "2100",
    "registered_date": "2025-01-15",
    "accepts_marketing": "true",
    "tags": json.dumps(["vip", "Monday, Wednesday"]),
    "lifetime_revenue": "1234.50",
}


def h(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def test_meta_row_normalises_then_hashes_every_column():
    assert formats.meta_row(MEMBER) == [
        h("anna.obrien@example.com"),
        h("4512345678"),
        h("anna"),
        h("obrien"),
        h("2100"),
        h("københavn"),
        h("hovedstaden"),
        h("dk"),
    ]


def test_google_row_hashes_contact_fields_keeps_country_and_zip_plain():
    assert formats.google_row(MEMBER) == [
        h("anna.obrien@example.com"),
        h("+4512345678"),
        h("anna"),
        h("o'brien"),
        "DK",
        "2100",
    ]


def test_standard_and_mailchimp_rows():
    assert formats.standard_row(MEMBER) == [
        "Anna O'Brien",
        "Anna",
        "O'Brien",
        "Anna.OBrien@Example.COM",
        "2025-01-15",
        "DK",
        "2100",
        "1234.50",
    ]
    assert formats.mailchimp_row(MEMBER) == [
        "anna.obrien@example.com",
        "Anna",
        "O'Brien",
        'vip,"Monday, Wednesday"',
    ]
    assert formats.mailchimp_row({**MEMBER, "email": None}) is None


def test_render_csv_exact_bytes_and_order():
    other = {**MEMBER, "customer_id": "a0", "full_name": None, "first_name": "Bo", "last_name": "Ek"}
    rendered = formats.render_csv(formats.FORMATS["standard"], [MEMBER, other])
    assert rendered.content == (
        b"Name,First Name,Last Name,Email Address,Date Registered,Country,Postal Code,Lifetime Spend\n"
        b"Bo Ek,Bo,Ek,Anna.OBrien@Example.COM,2025-01-15,DK,2100,1234.50\n"
        b"Anna O'Brien,Anna,O'Brien,Anna.OBrien@Example.COM,2025-01-15,DK,2100,1234.50\n"
    )
    assert (rendered.row_count, rendered.skipped_count) == (2, 0)
    mailchimp = formats.render_csv(formats.FORMATS["mailchimp"], [MEMBER])
    assert (
        mailchimp.content.splitlines()[1]
        == b'anna.obrien@example.com,Anna,O\'Brien,"vip,""Monday, Wednesday"""'
    )


def test_render_csv_empty_is_header_only():
    for fmt in formats.FORMATS.values():
        rendered = formats.render_csv(fmt, [])
        assert rendered.content == (",".join(fmt.header) + "\n").encode()
        assert rendered.row_count == 0


def test_parse_formats():
    assert formats.parse_formats(None) == ["standard"]
    assert formats.parse_formats(["meta,google", "meta", "Standard"]) == ["meta", "google", "standard"]
    with pytest.raises(ValueError, match="unknown format 'csv'"):
        formats.parse_formats(["csv"])
