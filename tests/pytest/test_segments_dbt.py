"""Segments end to end on the demo shop (as_of 2026-06-30): memberships checked against
independent SQL over the staged tables, the definitions mart against the generator, and a
hand-edited generated YAML refused by the generator's --check."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from benchmark import copy_ignore
from conftest import REPO, DbtProject
from segment_lang import validate
from segment_lang.catalog import load_columns
from segment_lang.generate import canonical_json

pytestmark = pytest.mark.dbt

AS_OF = "2026-06-30"
GENERATOR = REPO / "scripts" / "generate_segments.py"
COUNTED = "coalesce(status, '') not in ('cancelled', 'refunded', 'failed')"


def members(project: DbtProject, segment: str) -> set[str]:
    rows = project.query(
        f"select customer_id from segments.segment_memberships where segment_name = '{segment}'"
    )
    return {r[0] for r in rows}


def ids(project: DbtProject, sql: str) -> set[str]:
    return {r[0] for r in project.query(sql)}


# Independent definitions of example segments, written against the staged tables only.
INDEPENDENT = {
    "spend_3m_200_plus": f"""
        select customer_id from staging.stg_shop__orders
        where customer_id is not null and {COUNTED}
          and order_date > date '2026-03-30' and order_date <= date '{AS_OF}'
        group by customer_id having sum(order_total) >= 200""",
    "bought_brand_nike_6m": f"""
        select distinct o.customer_id
        from staging.stg_shop__order_lines as l
        join staging.stg_shop__orders as o on l.order_id = o.order_id
        join staging.stg_shop__products as p on l.sku = p.sku
        where o.customer_id is not null and {COUNTED.replace("status", "o.status")}
          and lower(p.brand) = 'nike'
          and o.order_date > date '2025-12-30' and o.order_date <= date '{AS_OF}'""",
    "abandoned_cart_14d": f"""
        select distinct customer_id from staging.stg_shop__abandoned_carts
        where customer_id is not null
          and abandoned_date > date '2026-06-16' and abandoned_date <= date '{AS_OF}'""",
    "used_offer_bf2025": f"""
        select distinct customer_id from staging.stg_shop__orders
        where customer_id is not null and {COUNTED} and offer_code = 'BF2025'
          and order_date <= date '{AS_OF}'""",
    "has_pending_order": f"""
        select distinct customer_id from staging.stg_shop__orders
        where customer_id is not null and status = 'pending' and order_date <= date '{AS_OF}'""",
    "obrien_club_members": """
        select distinct customer_id from staging.stg_shop__customer_tags where tag = 'o''brien-club'""",
    "dublin_store_regulars": """
        select distinct customer_id from staging.stg_shop__customer_attributes
        where attribute_name = 'favourite_store' and attribute_value = 'Dublin O''Connell Street'""",
    "not_denmark_known_country": """
        select customer_id from staging.stg_shop__customers where country_code <> 'DK'""",
    "not_denmark_incl_unknown": """
        select customer_id from staging.stg_shop__customers where country_code is distinct from 'DK'""",
    "city_contains_havn": """
        select customer_id from staging.stg_shop__customers where lower(city) like '%havn%'""",
    # issue 17: volume over a window, discounts, cart value
    "high_volume_buyers_6m": f"""
        with per_order as (
            select o.order_id, o.customer_id, coalesce(sum(l.quantity), 0) as items
            from staging.stg_shop__orders as o
            left join staging.stg_shop__order_lines as l on l.order_id = o.order_id
            where o.customer_id in (select customer_id from staging.stg_shop__customers)
              and {COUNTED.replace("status", "o.status")}
              and o.order_date > date '2025-12-30' and o.order_date <= date '{AS_OF}'
            group by o.order_id, o.customer_id
        )
        select customer_id from per_order group by customer_id having avg(items) >= 2""",
    "big_baskets_this_year": f"""
        with per_order as (
            select o.order_id, o.customer_id, o.order_total, coalesce(sum(l.quantity), 0) as items
            from staging.stg_shop__orders as o
            left join staging.stg_shop__order_lines as l on l.order_id = o.order_id
            where o.customer_id in (select customer_id from staging.stg_shop__customers)
              and {COUNTED.replace("status", "o.status")}
              and o.order_date >= date '2026-01-01' and o.order_date <= date '{AS_OF}'
            group by o.order_id, o.customer_id, o.order_total
        )
        select customer_id from per_order group by customer_id
        having sum(items) >= 10 and avg(order_total) >= 100""",
    "discount_buyers_6m": f"""
        select customer_id from staging.stg_shop__orders
        where customer_id in (select customer_id from staging.stg_shop__customers) and {COUNTED}
          and discount_total > 0
          and order_date > date '2025-12-30' and order_date <= date '{AS_OF}'
        group by customer_id having count(*) >= 2""",
    "discount_driven_buyers": f"""
        select customer_id from staging.stg_shop__orders
        where customer_id in (select customer_id from staging.stg_shop__customers) and {COUNTED}
          and order_date <= date '{AS_OF}'
        group by customer_id
        having count(*) >= 2
          and coalesce(sum(discount_total) filter (where discount_total > 0), 0) >= 0.2 * (
              sum(order_total) + coalesce(sum(discount_total) filter (where discount_total > 0), 0))""",
    "high_value_cart_abandoners_30d": f"""
        select distinct customer_id from staging.stg_shop__abandoned_carts
        where customer_id is not null and cart_total >= 150
          and abandoned_date > date '2026-05-31' and abandoned_date <= date '{AS_OF}'""",
}


@pytest.mark.parametrize("segment", sorted(INDEPENDENT))
def test_memberships_match_independent_sql(demo_warehouse: DbtProject, segment: str):
    expected = ids(demo_warehouse, INDEPENDENT[segment])
    actual = members(demo_warehouse, segment)
    assert actual == expected
    if segment not in ("has_pending_order",):
        assert actual, f"{segment} is empty on the demo shop: the check would prove nothing"


def test_segment_model_is_its_rows_of_memberships(demo_warehouse: DbtProject):
    # The generated models are ephemeral (no warehouse object, no node to run per segment):
    # compile each one and run its SQL against the built warehouse.
    segments = ("spend_3m_200_plus", "rfm_loyal", "obrien_club_members")
    selected = [f"segment_{segment}" for segment in segments]
    demo_warehouse.run(["compile", "-s", *selected], vars={"as_of_date": AS_OF})
    compiled = demo_warehouse.target_path / "compiled" / "shop_segments" / "models" / "segments" / "generated"
    for segment in segments:
        sql = (compiled / f"segment_{segment}.sql").read_text()
        rows = demo_warehouse.query(f"select customer_id from ({sql}) as segment_rows")
        assert {r[0] for r in rows} == members(demo_warehouse, segment)
        assert rows, f"{segment} is empty on the demo shop: the check would prove nothing"


def test_generated_segment_models_are_ephemeral_and_untested(demo_warehouse: DbtProject):
    # 200 segments must not add 200 warehouse objects or test nodes (docs/benchmarks.md).
    manifest = json.loads((demo_warehouse.target_path / "manifest.json").read_text())
    generated = [n for n in manifest["nodes"].values() if "segment" in n["config"].get("meta", {})]
    assert len(generated) >= 80
    assert {n["config"]["materialized"] for n in generated} == {"ephemeral"}
    tested = {
        dep
        for n in manifest["nodes"].values()
        if n["resource_type"] == "test"
        for dep in n["depends_on"]["nodes"]
        if dep in {g["unique_id"] for g in generated}
    }
    assert not tested
    tables = {r[0] for r in demo_warehouse.query("select table_name from information_schema.tables")}
    assert not {n["name"] for n in generated} & tables


def test_lifecycle_group_assigns_every_customer_exactly_once(demo_warehouse: DbtProject):
    rows = demo_warehouse.query(
        """
        select c.customer_id, count(m.segment_name)
        from marts.dim_customers as c
        left join segments.segment_memberships as m
            on c.customer_id = m.customer_id and m.group_name = 'lifecycle'
        group by c.customer_id
        """
    )
    assert rows
    assert all(n == 1 for _, n in rows)
    # stage_new is the lifecycle_stage 'new': first counted order 0 to 30 days before as_of, both
    # ends included (lifecycle_new_max_days_since_first_order = 30), even though the last order is
    # also within 90 days (stage_active)
    new = members(demo_warehouse, "stage_new")
    recent_first = ids(
        demo_warehouse,
        f"select customer_id from marts.dim_customers "
        f"where first_order_date >= date '{AS_OF}' - interval 30 day and first_order_date <= date '{AS_OF}'",
    )
    assert new == recent_first
    assert not new & members(demo_warehouse, "stage_active")


def test_definitions_mart_matches_the_generator(demo_warehouse: DbtProject):
    columns, _ = load_columns(REPO)
    normalized = validate(yaml.safe_load((REPO / "segments" / "segments.yml").read_text()), columns)
    rows = demo_warehouse.query(
        "select segment_name, definition_json, definition_hash, requires_consent, group_name, group_priority,"
        " owner from segments.segment_definitions"
    )
    by_name = {r[0]: r[1:] for r in rows}
    assert set(by_name) == {s["name"] for s in normalized["segments"]}
    for seg in normalized["segments"]:
        text, digest, consent, group, priority, owner = by_name[seg["name"]]
        assert text == canonical_json(seg)
        assert len(digest) == 64
        assert (consent, group, priority, owner) == (
            seg["requires_consent"],
            seg["group"],
            seg["group_priority"],
            seg["owner"],
        )


def test_summary_counts_and_metrics(demo_warehouse: DbtProject):
    rows = demo_warehouse.query(
        """
        select s.customers, m.n, s.revenue, m.revenue, s.consent_customers, m.consent
        from segments.segment_summary as s
        join (
            select sm.segment_name, count(*) as n, sum(c.lifetime_revenue) as revenue,
                   count(*) filter (where c.accepts_marketing) as consent
            from segments.segment_memberships as sm
            join marts.dim_customers as c on sm.customer_id = c.customer_id
            group by sm.segment_name
        ) as m on s.segment_name = m.segment_name
        """
    )
    assert rows
    for customers, n, revenue, member_revenue, consent, member_consent in rows:
        assert (customers, revenue, consent) == (n, member_revenue, member_consent)


def _project_copy(dest: Path) -> Path:
    ignore = copy_ignore(REPO)  # build output only at the top: models/marts/exports is a model folder
    shutil.copytree(REPO, dest, ignore=ignore)
    return dest


def test_hand_edited_generated_yaml_is_refused_by_the_check(tmp_path: Path):
    # The macros only render (no validation in Jinja): a definition reaches dbt only through the
    # generator, and `make test` runs --check, which refuses a hand-edited generated file.
    project = _project_copy(tmp_path / "project")
    generated = project / "models" / "segments" / "generated" / "_generated__models.yml"
    doc = yaml.safe_load(generated.read_text())
    entry = next(m for m in doc["models"] if m["name"] == "segment_exactly_one_order")
    entry["config"]["meta"]["segment"]["where"] = {"all": [{"orders_count": {"gtt": 1}}]}
    generated.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    proc = subprocess.run(
        [sys.executable, str(GENERATOR), "--check", "--project-dir", str(project)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "_generated__models.yml" in proc.stderr
    assert "make generate" in proc.stderr
    # the same mistake made where definitions are written is named by segment and key path
    definitions = project / "segments" / "segments.yml"
    text = definitions.read_text()
    assert "orders_count: {eq: 1}" in text
    definitions.write_text(text.replace("orders_count: {eq: 1}", "orders_count: {gtt: 1}", 1))
    proc = subprocess.run(
        [sys.executable, str(GENERATOR), "--check", "--project-dir", str(project)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert ".where.orders_count.gtt: unknown operator 'gtt'" in proc.stderr
    assert "(segment 'exactly_one_order')" in proc.stderr


def test_profiles_equal_member_counts(demo_warehouse: DbtProject):
    """segment_profiles' members and customers_with_value are plain counts over memberships and
    dim_customers (nulls as '(unknown)'), and the baseline is everyone."""
    for segment, column in (("nordics", "country_code"), ("discount_buyers_6m", "lifecycle_stage")):
        expected = dict(
            demo_warehouse.query(
                f"select coalesce(cast(c.{column} as varchar), '(unknown)'), count(*)"
                " from segments.segment_memberships as m join marts.dim_customers as c using (customer_id)"
                f" where m.segment_name = '{segment}' group by 1"
            )
        )
        rows = demo_warehouse.query(
            "select dimension_value, members from segments.segment_profiles"
            f" where segment_name = '{segment}' and dimension = '{column}' and members > 0"
        )
        assert dict(rows) == expected
        assert expected
    everyone = dict(
        demo_warehouse.query(
            "select coalesce(cast(volume_tier as varchar), '(unknown)'), count(*)"
            " from marts.dim_customers group by 1"
        )
    )
    baseline = demo_warehouse.query(
        "select dimension_value, members, profile_index from segments.segment_profiles"
        " where is_baseline and segment_name = '(all customers)' and dimension = 'volume_tier'"
    )
    assert {v: n for v, n, _ in baseline} == everyone
    assert {round(i, 9) for _, _, i in baseline} == {100.0}


def test_overlap_equals_set_intersections(demo_warehouse: DbtProject):
    pairs = [
        ("marketing_consent", "nordics"),
        ("high_revenue", "spend_36m_1000_plus"),
        ("rfm_champions", "rfm_loyal"),  # one exclusive group: no overlap
    ]
    for a, b in pairs:
        rows = demo_warehouse.query(
            "select customers_a, customers_b, shared_customers from segments.segment_overlap"
            f" where segment_name_a = '{a}' and segment_name_b = '{b}'"
        )
        members_a, members_b = members(demo_warehouse, a), members(demo_warehouse, b)
        assert rows == [(len(members_a), len(members_b), len(members_a & members_b))]
    assert not members(demo_warehouse, "rfm_champions") & members(demo_warehouse, "rfm_loyal")
