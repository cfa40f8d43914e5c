"""The holdout assignment in Python: the same number as the dbt macro segment_holdout_unit.

A customer's holdout number for a segment is md5('<segment_name>|<salt>|<customer_id>') (UTF-8,
hex), its first 13 hex digits read as an integer (52 bits: exact in a double) divided by 16^13:
uniform in [0, 1). The member is in the control group when the number is below the segment's
holdout share. The warehouse computes it once (segments.segment_holdout_assignments); this copy
exists for tests (checked equal to the SQL) and the demo generator. docs/measurement.md.
"""

from __future__ import annotations

import hashlib

HEX_DIGITS = 13
SCALE = 16**HEX_DIGITS


def holdout_unit(segment_name: str, salt: str | None, customer_id: str) -> float:
    """The customer's holdout number in [0, 1) for the segment (salt None = '')."""
    text = f"{segment_name}|{salt or ''}|{customer_id}"
    digest = hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()
    return int(digest[:HEX_DIGITS], 16) / SCALE


def holdout_group(segment_name: str, salt: str | None, customer_id: str, share: float) -> str:
    """'control' when the holdout number is below share, else 'treatment'."""
    return "control" if holdout_unit(segment_name, salt, customer_id) < share else "treatment"
