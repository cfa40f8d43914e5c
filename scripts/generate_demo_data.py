"""Generate the demo shop (and large synthetic shops) in the raw input contract.

Everything is generated in DuckDB SQL from ``range()`` and hash arithmetic: no Python row loops,
no ``random()``. Every pseudo-random number is ``hash(key, salt, seed)`` of a row's own ids, so the
output does not depend on the number of threads and is identical on every run.

Default (no flags): the demo shop, ~2,000 customers and ~20,000 orders from 2023-07-01 to
2026-06-30, written as CSV to ``seeds/demo/<table>.csv`` (byte-identical on every run).

Large sets: ``--customers 1000000 --out /some/folder`` writes ``<table>.parquet`` files
(about 10 orders per customer and 2.5 lines per order).

Every column is written as text (the raw contract: staging casts), including a few rows that are
deliberately broken so the staging rejections have something to count (see docs/demo-data.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

REPO = Path(__file__).resolve().parents[1]
DEMO_DIR = REPO / "seeds" / "demo"
DEMO_CUSTOMERS = 2000
DEFAULT_SEED = 42
DEFAULT_END_DATE = dt.date(2026, 6, 30)

SOURCES_YAML = REPO / "models" / "staging" / "shop" / "_shop__sources.yml"


def load_contract(sources_yaml: Path = SOURCES_YAML) -> dict[str, list[str]]:
    """The raw input contract, from where it is written once (the dbt source `shop`):
    table -> columns, in contract order. The queries below write exactly these columns."""
    (shop,) = [
        source for source in yaml.safe_load(sources_yaml.read_text())["sources"] if source["name"] == "shop"
    ]
    return {table["name"]: [column["name"] for column in table["columns"]] for table in shop["tables"]}


CONTRACT: dict[str, list[str]] = load_contract()
TABLES = list(CONTRACT)

# Products 0..N_CONSUMABLES-1 are consumables (bought again and again by the same customers);
# the others are durables, picked per customer by a walk modulo the prime N_DURABLES, so one
# customer rarely buys the same durable twice.
N_CONSUMABLES = 23
N_DURABLES = 127

# The campaign of the worked example in docs/measurement.md: segments.yml's
# retail_summer_campaign (customer_group retail, holdout share 0.2, salt summer-2026) exported at
# as_of = end date - CAMPAIGN_DAYS_BEFORE_END. Consenting treatment members (the holdout number of
# scripts/segment_exports/holdout.py, here in SQL) place one extra order in the
# CAMPAIGN_ORDER_DAYS days after that as_of with probability CAMPAIGN_RESPONSE_RATE; control
# members get none. It is the customer's order number CAMPAIGN_SEQ (regular orders stay below).
CAMPAIGN_SEGMENT = "retail_summer_campaign"
CAMPAIGN_SALT = "summer-2026"
CAMPAIGN_HOLDOUT_SHARE = 0.2
CAMPAIGN_DAYS_BEFORE_END = 30
CAMPAIGN_ORDER_DAYS = 14
CAMPAIGN_RESPONSE_RATE = 0.15
CAMPAIGN_SEQ = 99

# fmt: off
GEO = [
    # country, region, city, postal base, postal span, weight, dial code, phone digits
    ("DK", "Hovedstaden", "København", "2100", 400, 12, "45", 8),
    ("DK", "Hovedstaden", "Frederiksberg", "1800", 70, 4, "45", 8),
    ("DK", "Midtjylland", "Aarhus", "8000", 270, 7, "45", 8),
    ("DK", "Syddanmark", "Odense", "5000", 270, 4, "45", 8),
    ("DK", "Nordjylland", "Aalborg", "9000", 220, 3, "45", 8),
    ("SE", "Stockholms län", "Stockholm", "11120", 8000, 7, "46", 9),
    ("SE", "Västra Götalands län", "Göteborg", "41101", 900, 4, "46", 9),
    ("SE", "Skåne län", "Malmö", "21115", 700, 3, "46", 9),
    ("NO", "Oslo", "Oslo", "0150", 1000, 6, "47", 8),
    ("NO", "Vestland", "Bergen", "5003", 100, 3, "47", 8),
    ("NO", "Trøndelag", "Trondheim", "7010", 90, 1, "47", 8),
    ("DE", "Berlin", "Berlin", "10115", 2000, 5, "49", 10),
    ("DE", "Bayern", "München", "80331", 1600, 4, "49", 10),
    ("DE", "Hamburg", "Hamburg", "20095", 1500, 3, "49", 10),
    ("DE", "Nordrhein-Westfalen", "Köln", "50667", 600, 2, "49", 10),
    ("GB", "England", "London", "N1", 9, 5, "44", 10),
    ("GB", "England", "Manchester", "M1", 9, 2, "44", 10),
    ("GB", "Scotland", "Edinburgh", "EH1", 9, 2, "44", 10),
    ("GB", "Wales", "Cardiff", "CF10", 9, 1, "44", 10),
    ("US", "New York", "New York", "10001", 290, 4, "1", 10),
    ("US", "California", "Los Angeles", "90001", 89, 3, "1", 10),
    ("US", "Illinois", "Chicago", "60601", 60, 2, "1", 10),
    ("US", "Washington", "Seattle", "98101", 98, 1, "1", 10),
    ("NL", "Noord-Holland", "Amsterdam", "1011", 100, 4, "31", 9),
    ("NL", "Zuid-Holland", "Rotterdam", "3011", 80, 2, "31", 9),
    ("FI", "Uusimaa", "Helsinki", "00100", 900, 4, "358", 9),
    ("FI", "Pirkanmaa", "Tampere", "33100", 900, 2, "358", 9),
]

CONSUMABLES = [
    # sku suffix, product name, brand, category, tags
    ("Espresso Beans 1kg", "Lavazza", "coffee", "consumable|coffee|subscription-eligible"),
    ("Crema e Gusto Ground 250g", "Lavazza", "coffee", "consumable|coffee"),
    ("Lungo Capsules 50-pack", "Nespresso", "coffee", "consumable|coffee|subscription-eligible"),
    ("Ristretto Capsules 50-pack", "Nespresso", "coffee", "consumable|coffee"),
    ("Classico Whole Beans 500g", "Illy", "coffee", "consumable|coffee|organic"),
    ("Adult Dry Dog Food 12kg", "Royal Canin", "pet food", "consumable|pet|subscription-eligible"),
    ("Indoor Cat Food 4kg", "Royal Canin", "pet food", "consumable|pet"),
    ("Science Plan Puppy 7kg", "Hill's", "pet food", "consumable|pet"),
    ("ONE Lamb & Rice 8kg", "Purina", "pet food", "consumable|pet"),
    ("Gold Standard Whey 2.27kg", "Optimum Nutrition", "supplements", "consumable|protein"),
    ("Impact Whey 1kg", "Myprotein", "supplements", "consumable|protein|subscription-eligible"),
    ("Creatine Monohydrate 500g", "Myprotein", "supplements", "consumable|protein"),
    ("Omega-3 Capsules 120", "Nature's Bounty", "supplements", "consumable|vitamins"),
    ("Multivitamin 90 tablets", "Nature's Bounty", "supplements", "consumable|vitamins"),
    ("Electrolyte Tabs 20-pack", "SiS", "sports nutrition", "consumable|running"),
    ("Energy Gel 6-pack", "SiS", "sports nutrition", "consumable|running"),
    ("Toothbrush Heads 4-pack", "Oral-B", "personal care", "consumable|hygiene|subscription-eligible"),
    ("Fusion5 Razor Blades 8-pack", "Gillette", "personal care", "consumable|hygiene"),
    ("Elvive Shampoo 400ml", "L'Oréal", "personal care", "consumable|hair"),
    ("Daily Contact Lenses 90-pack", "Acuvue", "personal care", "consumable|lenses"),
    ("Performance Running Socks 3-pack", "Nike", "socks", "consumable|running"),
    ("Cushioned Crew Socks 6-pack", "Adidas", "socks", "consumable"),
    ("Tennis Balls 4-can", "Wilson", "sports equipment", "consumable|tennis"),
]

BRANDS = ["Nike", "Adidas", "Puma", "New Balance", "Asics", "Levi's", "Patagonia", "The North Face",
          "Fjällräven", "Salomon", "Hoka", "On"]
# category, product noun, base price, category tags
CATEGORIES = [
    ("running shoes", "Running Shoe", 130, "running|footwear"),
    ("sneakers", "Sneaker", 100, "footwear|lifestyle"),
    ("jackets", "Jacket", 180, "outerwear"),
    ("t-shirts", "T-Shirt", 30, "apparel"),
    ("hoodies", "Hoodie", 70, "apparel|lifestyle"),
    ("backpacks", "Backpack", 90, "bags"),
    ("trousers", "Trousers", 80, "apparel"),
    ("caps", "Cap", 25, "accessories"),
]
MODELS = ["Pegasus", "Ultra", "Classic", "Trail", "Air", "Nova", "Summit", "Urban", "Tempo", "Drift",
          "Boost", "Glide", "Venture", "Alpine", "Metro", "Storm"]

FIRST_NAMES = ["Anna", "Mette", "Søren", "Lars", "Emma", "Oliver", "Noah", "Sofia", "Jörg", "Björn",
               "Ingrid", "Øyvind", "Liam", "Olivia", "Seán", "Siobhan", "James", "Emily", "Lukas",
               "Mia", "Aino", "Eero", "Daan", "Sanne", "Freja", "William", "Ida", "Magnus", "Chloé",
               "Zoë", "Ahmed", "Fatima", "Mei", "Carlos", "Ana", "Jonas"]
LAST_NAMES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersson", "Johansson", "Larsen", "Olsen",
              "Müller", "Schmidt", "Smith", "Jones", "O'Brien", "O'Connor", "Williams", "Johnson",
              "Brown", "de Vries", "Jansen", "Virtanen", "Korhonen", "Berg", "Holm", "Lindqvist",
              "Sørensen", "Østergaard", "García", "Nguyen", "Kowalski", "Fischer"]
EMAIL_DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "icloud.com", "mail.dk",
                 "web.de", "example.com"]
CUSTOMER_TAGS = ["newsletter", "vip-club", "o'brien-club", "student", "runner", "dog-owner",
                 "coffee-lover", "gift-buyer", "black-friday-2024", "influencer", "outdoor",
                 "early-adopter"]
STORES = ["Copenhagen Strøget", "Aarhus C", "Stockholm Drottninggatan", "Oslo Karl Johan",
          "Berlin Mitte", "London Covent Garden", "Dublin O'Connell Street", "Online"]
# fmt: on


@dataclass(frozen=True)
class Params:
    """What to generate."""

    customers: int = DEMO_CUSTOMERS
    end_date: dt.date = DEFAULT_END_DATE
    seed: int = DEFAULT_SEED
    bad_rows: bool = True

    @property
    def start_date(self) -> dt.date:
        """First possible order date: three years before the end date (2023-07-01 for 2026-06-30)."""
        return _years_before(self.end_date, 3) + dt.timedelta(days=1)

    @property
    def guests(self) -> int:
        """Number of guest checkouts (orders without a customer_id)."""
        return max(3, self.customers // 200)

    @property
    def id_width(self) -> int:
        return max(7, len(str(self.customers + self.guests + 2)))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def sql_text(value: str) -> str:
    """A SQL string literal (single quotes doubled: O'Brien is safe)."""
    return "'" + value.replace("'", "''") + "'"


def sql_list(values: list) -> str:
    return "[" + ", ".join(sql_text(v) if isinstance(v, str) else str(v) for v in values) + "]"


def _values(rows: list[tuple]) -> str:
    return ",\n".join(
        "(" + ", ".join(sql_text(v) if isinstance(v, str) else str(v) for v in row) + ")" for row in rows
    )


def setup_sql(p: Params) -> list[str]:
    """Macros, lookup tables and the customer table every output query reads."""
    end = p.end_date.isoformat()
    start = p.start_date.isoformat()
    w = p.id_width
    n_geo_slots = sum(g[5] for g in GEO)
    return [
        # u(k, salt): a uniform number in [0, 1) from a key, a salt and the seed.
        f"create or replace macro u(k, salt) as "
        f"(hash(k::bigint, salt::bigint, {int(p.seed)}::bigint) >> 11)::double / 9007199254740992.0",
        "create or replace macro pick(arr, k, salt) as arr[1 + floor(u(k, salt) * len(arr))::bigint]",
        "create or replace macro amount(x) as (x)::decimal(18, 2)::varchar",
        # Timestamps in the formats shops export: mostly 'YYYY-MM-DD HH:MM:SS', some ISO 'T...Z',
        # some with a '+01:00'/'+02:00' offset (the written wall-clock time is the shop's local time).
        "create or replace macro ts_text(ts, r) as case "
        "when r < 0.85 then strftime(ts, '%Y-%m-%d %H:%M:%S') "
        "when r < 0.93 then strftime(ts, '%Y-%m-%dT%H:%M:%SZ') "
        "when month(ts) between 4 and 10 then strftime(ts, '%Y-%m-%dT%H:%M:%S') || '+02:00' "
        "else strftime(ts, '%Y-%m-%dT%H:%M:%S') || '+01:00' end",
        f"create or replace macro cust_id(i) as 'C' || lpad((i)::varchar, {w}, '0')",
        f"create or replace macro order_id(n) as 'O' || lpad((n)::varchar, {w + 2}, '0')",
        f"create or replace macro line_id(n) as 'L' || lpad((n)::varchar, {w + 3}, '0')",
        f"create or replace macro cart_id(n) as 'A' || lpad((n)::varchar, {w + 1}, '0')",
        f"set variable end_date = date '{end}'",
        f"set variable campaign_as_of = date '{end}' - {CAMPAIGN_DAYS_BEFORE_END}",
        # The holdout number of segment_holdout_unit / holdout.py: md5 of 'segment|salt|id', its
        # first 13 hex digits / 16^13.
        "create or replace macro holdout_unit(segment, salt, id) as "
        "cast('0x' || substr(md5(segment || '|' || salt || '|' || id), 1, 13) as bigint)"
        " / 4503599627370496.0",
        f"set variable start_date = date '{start}'",
        # --- products -------------------------------------------------------------------------
        f"""create or replace table consumables as
            select (row_number() over () - 1)::bigint as idx, * from (values {_values(CONSUMABLES)})
            as t(product_name, brand, category, tags)""",
        f"""create or replace table products_t as
            with durable as (
                select
                    {N_CONSUMABLES} + d as idx,
                    {sql_list(BRANDS)}[1 + (d % {len(BRANDS)})] as brand,
                    {sql_list([c[0] for c in CATEGORIES])}[1 + ((d // {len(BRANDS)}) % {len(CATEGORIES)})]
                        as category,
                    {sql_list([c[1] for c in CATEGORIES])}[1 + ((d // {len(BRANDS)}) % {len(CATEGORIES)})]
                        as noun,
                    {sql_list([c[2] for c in CATEGORIES])}[1 + ((d // {len(BRANDS)}) % {len(CATEGORIES)})]
                        as base_price,
                    {sql_list([c[3] for c in CATEGORIES])}[1 + ((d // {len(BRANDS)}) % {len(CATEGORIES)})]
                        as category_tags,
                    pick({sql_list(MODELS)}, d, 201) as model
                from range({N_DURABLES}) as r(d)
            )
            select
                idx,
                'SKU-' || lpad((10000 + idx * 7)::varchar, 5, '0') as sku,
                product_name, brand, category,
                tags,
                price::decimal(18, 2) as price
            from (
                select idx, product_name, brand, category, tags,
                    case category when 'coffee' then 9.95 + floor(u(idx, 202) * 30)
                        when 'pet food' then 29.95 + floor(u(idx, 202) * 50)
                        else 14.95 + floor(u(idx, 202) * 35) end as price
                from consumables
                union all
                select idx,
                    brand || ' ' || model || ' ' || noun || ' ' || (1 + idx % 9)::varchar as product_name,
                    brand, category,
                    case
                        when u(idx, 203) < 0.08 then null
                        else category_tags
                            || case when brand in ('Patagonia', 'Fjällräven') then '|eco' else '' end
                            || case when u(idx, 204) < 0.2 then '|new-arrival' else '' end
                            || case when u(idx, 205) < 0.15 then '|sale' else '' end
                    end as tags,
                    round(base_price * (0.7 + u(idx, 206) * 0.8)) - 0.05 as price
                from durable
            )
            order by idx""",
        "set variable prices = (select list(price order by idx) from products_t)",
        "set variable skus = (select list(sku order by idx) from products_t)",
        # --- geography --------------------------------------------------------------------------
        f"""create or replace table geo as
            select (row_number() over () - 1)::bigint as geo_id, * from (values {_values(GEO)})
            as t(country_code, region, city, pc_base, pc_span, weight, dial, phone_digits)""",
        """create or replace table geo_slot as
            select (row_number() over (order by geo_id, k) - 1)::bigint as slot, geo_id
            from geo, range(weight) as r(k)""",
        # --- customers (the guests are extra rows that only place one order each) ------------------
        f"""create or replace table cust as
            with base as (
                select
                    i::bigint as i,
                    i > {p.customers} as is_guest,
                    case
                        when i > {p.customers} then 'guest'
                        when u(i, 1) < 0.12 then 'none'
                        when u(i, 1) < 0.35 then 'one_time'
                        when u(i, 1) < 0.58 then 'occasional'
                        when u(i, 1) < 0.78 then 'regular'
                        when u(i, 1) < 0.90 then 'consumable'
                        when u(i, 1) < 0.96 then 'loyal'
                        else 'lapsed'
                    end as archetype,
                    floor(u(i, 2) * {n_geo_slots})::bigint as slot
                from range(1, {p.customers + p.guests + 1}) as r(i)
            ),
            dated as (
                select
                    *,
                    getvariable('end_date') - (case
                        when archetype = 'lapsed' then 1100 + floor(u(i, 3) * 726)
                        else 1 + floor(u(i, 3) * 1825)
                    end)::integer as registered_date
                from base
            ),
            windowed as (
                select
                    *,
                    least(
                        greatest(getvariable('start_date'), registered_date + 1)
                            + (case when archetype = 'lapsed' then floor(u(i, 4) * 60)
                                else floor(u(i, 4) * 30) end)::integer,
                        getvariable('end_date')
                    ) as first_day,
                    case
                        when archetype = 'lapsed'
                            then getvariable('end_date') - (335 + floor(u(i, 5) * 60))::integer
                        else getvariable('end_date')
                    end as last_day,
                    (30 + floor(u(i, 6) * 31))::integer as repeat_days
                from dated
            ),
            counted as (
                select
                    *,
                    (last_day - first_day)::integer as window_days,
                    case archetype
                        when 'none' then 0
                        when 'guest' then 1
                        when 'one_time' then 1
                        when 'occasional' then least(2 + floor(u(i, 7) * 5), 1 + (last_day - first_day) // 7)
                        when 'regular' then least(8 + floor(u(i, 7) * 23), 1 + (last_day - first_day) // 10)
                        when 'loyal' then least(24 + floor(u(i, 7) * 37), 1 + (last_day - first_day) // 7)
                        when 'lapsed' then least(12 + floor(u(i, 7) * 19), 1 + (last_day - first_day) // 10)
                        when 'consumable' then least(1 + (last_day - first_day) // repeat_days, 99)
                    end::integer as n_orders
                from windowed
            )
            select
                c.*,
                g.country_code, g.region, g.city, g.pc_base, g.pc_span, g.dial, g.phone_digits,
                u(i, 8) < 0.15 as is_business,
                u(i, 9) < 0.55 as is_high_volume,
                floor(u(i, 10) * {N_CONSUMABLES})::bigint as fav_consumable,
                floor(u(i, 11) * {N_DURABLES})::bigint as walk_start,
                (1 + floor(u(i, 12) * {N_DURABLES - 1}))::bigint as walk_step,
                case
                    when u(i, 8) < 0.15 then case when u(i, 13) < 0.7 then 'wholesale' else 'retail' end
                    when u(i, 13) < 0.05 then 'vip'
                    when u(i, 13) < 0.07 then 'staff'
                    else 'retail'
                end as customer_group
            from counted as c
            join geo_slot as s on c.slot = s.slot
            join geo as g on s.geo_id = g.geo_id
            order by c.i""",
        # --- orders (one row per order; a view, recomputed by each output) ------------------------
        f"""create or replace view ord_base as
            select
                c.i, c.is_guest, c.archetype, c.customer_group, c.is_high_volume, c.fav_consumable,
                c.walk_start, c.walk_step, c.first_day, c.last_day, c.window_days, c.repeat_days,
                c.n_orders,
                unnest(range(c.n_orders)) as seq
            from cust as c
            where c.n_orders > 0
            union all
            -- the campaign's responders (CAMPAIGN_SEGMENT): retail, consenting (accepts_marketing
            -- as drawn in customers_query), registered before the export, in the treatment group
            select
                c.i, c.is_guest, c.archetype, c.customer_group, c.is_high_volume, c.fav_consumable,
                c.walk_start, c.walk_step, c.first_day, c.last_day, c.window_days, c.repeat_days,
                c.n_orders,
                {CAMPAIGN_SEQ} as seq
            from cust as c
            where not c.is_guest
                and c.customer_group = 'retail'
                and u(c.i, 60) >= 0.05 and u(c.i, 61) < 0.6
                and c.registered_date < getvariable('campaign_as_of')
                and holdout_unit({sql_text(CAMPAIGN_SEGMENT)}, {sql_text(CAMPAIGN_SALT)}, cust_id(c.i))
                    >= {CAMPAIGN_HOLDOUT_SHARE}
                and u(c.i, 90) < {CAMPAIGN_RESPONSE_RATE}""",
        f"""create or replace view ord_dated as
            select
                *,
                i * 100 + seq as order_num,
                case
                    when seq = {CAMPAIGN_SEQ}
                        then getvariable('campaign_as_of') + 1
                            + floor(u(i * 100 + seq, 20) * {CAMPAIGN_ORDER_DAYS})::integer
                    when archetype in ('one_time', 'guest')
                        then first_day + floor(u(i * 100 + seq, 20) * (window_days + 1))::integer
                    when archetype = 'consumable'
                        then least(last_day, first_day + (seq * repeat_days
                            + greatest(0, floor(u(i * 100 + seq, 20) * 7) - 3))::integer)
                    else first_day + floor(window_days * (seq + u(i * 100 + seq, 20)) / n_orders)::integer
                end as day0
            from ord_base""",
        """create or replace view ord as
            select
                *,
                -- Black Friday pulls orders from the surrounding weeks onto the day itself.
                case
                    when day0 between date '2024-11-29' and date '2024-12-10'
                        and first_day <= date '2024-11-29' and u(order_num, 21) < 0.4 then date '2024-11-29'
                    when day0 between date '2025-11-28' and date '2025-12-09'
                        and first_day <= date '2025-11-28' and u(order_num, 21) < 0.4 then date '2025-11-28'
                    else day0
                end as order_day,
                case when is_high_volume then 2 + floor(u(order_num, 22) * 4)
                    when u(order_num, 22) < 0.62 then 1 else 2 end::integer as n_lines
            from ord_dated""",
        # sku index and quantity of line l of an order, used by both the orders and the lines output.
        f"""create or replace macro line_sku(archetype, fav, wstart, wstep, seq, onum, l) as case
                when archetype = 'consumable' and l = 0 then fav
                when u(onum * 10 + l, 30) < 0.005 then floor(u(onum * 10 + l, 31) * {N_CONSUMABLES})::bigint
                else {N_CONSUMABLES} + (wstart + wstep * (seq * 5 + l)) % {N_DURABLES}
            end""",
        """create or replace macro line_qty(hv, onum, l) as case
                when hv then 1 + floor(u(onum * 10 + l, 32) * u(onum * 10 + l, 33) * 4)
                when u(onum * 10 + l, 32) < 0.9 then 1 else 2 end::integer""",
        """create or replace macro line_price(sku_idx, onum, l) as case
                when u(onum * 10 + l, 34) < 0.1
                    then round(getvariable('prices')[sku_idx + 1] * 0.8, 2)
                else getvariable('prices')[sku_idx + 1] end::decimal(18, 2)""",
        """create or replace view ord_priced as
            select
                *,
                list_sum(list_transform(range(n_lines), lambda l: line_qty(is_high_volume, order_num, l)
                    * line_price(
                        line_sku(archetype, fav_consumable, walk_start, walk_step, seq, order_num, l),
                        order_num, l
                    )))::decimal(18, 2) as subtotal,
                (end_date_days - (order_day - date '1970-01-01'))::integer as age_days,
                order_day + to_seconds((8 * 3600 + floor(u(order_num, 23) * 15 * 3600))::bigint)
                    as ordered_ts
            from (select *, (getvariable('end_date') - date '1970-01-01') as end_date_days from ord)""",
        """create or replace view ord_final as
            select
                *,
                case
                    when customer_group = 'staff' then 'STAFF30'
                    when order_day between date '2024-11-29' and date '2024-12-02'
                        and u(order_num, 40) < 0.6 then 'BF2024'
                    when order_day between date '2025-11-28' and date '2025-12-01'
                        and u(order_num, 40) < 0.6 then 'BF2025'
                    when order_day between date '2024-06-01' and date '2024-08-31'
                        and u(order_num, 40) < 0.15 then 'SUMMER24'
                    when seq = 0 and not is_guest and u(order_num, 40) < 0.3 then 'WELCOME10'
                    when customer_group = 'vip' and u(order_num, 40) < 0.3 then 'VIP15'
                end as offer_code
            from ord_priced""",
    ]


def orders_query(p: Params) -> str:
    """The orders output (all columns text)."""
    width = p.id_width
    bad = ""
    if p.bad_rows:
        c1 = f"'C{1:0{width}d}'"
        x = (p.customers + p.guests + 1) * 100
        bad = f"""
            union all
            select 1, 0, order_id({x}), {c1}, '2025-03-14 10:12:00', 'completed', 'EUR', 'EUR 49.90',
                '0.00', null, 'web', '0.00'
            union all
            select 1, 1, order_id({x + 1}), {c1}, '31/02/2025 14:00', 'completed', 'EUR', '59.90',
                '0.00', null, 'web', '0.00'
            union all
            select 1, 2, order_id({x + 2}), {c1}, '2025-04-02 09:30:00', 'completed', 'EUR', '59.90',
                '0.00', null, 'app', '0.00'
            union all
            select 1, 3, order_id({x + 2}), {c1}, '2025-04-02 09:30:00', 'completed', 'EUR', '64.90',
                '0.00', null, 'app', '0.00'"""
    return f"""
        select
            order_id, customer_id, ordered_at, status, currency, order_total, discount_total,
            offer_code, sales_channel, shipping_total
        from (
            select
                0 as bad, order_num as k,
                order_id(order_num) as order_id,
                case when is_guest then null else cust_id(i) end as customer_id,
                ts_text(ordered_ts, u(order_num, 41)) as ordered_at,
                case
                    when age_days <= 2
                        then case when u(order_num, 42) < 0.5 then 'pending' else 'processing' end
                    when age_days <= 9 then case when u(order_num, 42) < 0.2 then 'processing'
                        when u(order_num, 42) < 0.95 then 'shipped' else 'cancelled' end
                    when u(order_num, 42) < 0.04 then 'cancelled'
                    when u(order_num, 42) < 0.07 then 'refunded'
                    when u(order_num, 42) < 0.08 then 'failed'
                    when u(order_num, 42) < 0.09 then 'Completed'
                    else 'completed'
                end as status,
                case when u(order_num, 43) < 0.03 then 'eur' else 'EUR' end as currency,
                amount(subtotal - discount) as order_total,
                amount(discount) as discount_total,
                offer_code,
                case
                    when u(order_num, 44) < 0.58 then 'web'
                    when u(order_num, 44) < 0.60 then 'Web'
                    when u(order_num, 44) < 0.88 then 'app'
                    when u(order_num, 44) < 0.89 then 'APP'
                    else 'pos'
                end as sales_channel,
                -- free shipping from 50 paid, else a flat 4.95 (no random draw: the rest of the
                -- demo stays as it was)
                amount(case when subtotal - discount >= 50 then 0 else 4.95 end) as shipping_total
            from (
                select
                    *,
                    round(subtotal * case offer_code
                        when 'STAFF30' then 0.30 when 'BF2024' then 0.20 when 'BF2025' then 0.20
                        when 'SUMMER24' then 0.15 when 'VIP15' then 0.15 when 'WELCOME10' then 0.10
                        else 0 end, 2)::decimal(18, 2) as discount
                from ord_final
            ){bad}
        )"""


FIRST_BUYER = "(select min(i) from cust where n_orders > 0)"  # guests always have an order


def _lines_select(source: str) -> str:
    return f"""
            select
                0 as bad, order_num * 10 + l as k,
                line_id(order_num * 10 + l) as order_line_id,
                order_id(order_num) as order_id,
                getvariable('skus')[sku_idx + 1] as sku,
                line_qty(is_high_volume, order_num, l)::varchar as quantity,
                amount(line_price(sku_idx, order_num, l)) as unit_price
            from (
                select
                    *,
                    line_sku(archetype, fav_consumable, walk_start, walk_step, seq, order_num, l) as sku_idx
                from (select *, unnest(range(n_lines)) as l from {source})
            )"""


def order_lines_query(p: Params) -> str:
    bad = ""
    if p.bad_rows:
        unknown = (p.customers + p.guests + 1) * 100 + 50
        first_order = f"(select * from ord where i = {FIRST_BUYER} and seq = 0)"
        bad = f"""
            union all
            -- an exact duplicate of the first line of the first order
            select 1, 0, order_line_id, order_id, sku, quantity, unit_price
            from ({_lines_select(first_order)}) where k % 10 = 0
            union all
            -- quantity 0 on the first order
            select 1, 1, line_id({FIRST_BUYER} * 1000 + 9), order_id({FIRST_BUYER} * 100),
                getvariable('skus')[{N_CONSUMABLES + 1}], '0',
                amount(getvariable('prices')[{N_CONSUMABLES + 1}])
            union all
            -- a line of an order that does not exist
            select 1, 2, line_id({unknown * 10}), order_id({unknown}), getvariable('skus')[1], '1',
                amount(getvariable('prices')[1])"""
    return f"""
        select order_line_id, order_id, sku, quantity, unit_price
        from ({_lines_select("ord")}{bad}
        )"""


def customers_query(p: Params) -> str:
    bad = ""
    if p.bad_rows:
        bad = """
            union all
            select 1, 0, null, ' Missing.Id@Example.com ', 'Nora', 'Nobody', null, 'private', 'retail', 'DK',
                'Hovedstaden', 'København', '2100', '2025-01-15 12:00:00', 'yes', 'email', null"""
    return f"""
        select customer_id, email, first_name, last_name, phone, customer_type, customer_group,
            country_code, region, city, postal_code, registered_at, accepts_marketing, marketing_channel, tags
        from (
            select
                0 as bad, i as k,
                cust_id(i) as customer_id,
                case
                    when u(i, 50) < 0.03 then null
                    when u(i, 50) < 0.08 then upper(email_local[1]) || email_local[2:] || '@'
                        || upper(domain[1]) || domain[2:]
                    when u(i, 50) < 0.12 then '  ' || email_local || '@' || domain || ' '
                    else email_local || '@' || domain
                end as email,
                first_name,
                last_name,
                case when u(i, 51) < 0.1 then null
                    else '+' || dial || case when u(i, 52) < 0.5 then ' ' else '' end
                        || (2 + hash(i, 53, 7) % 8)::varchar
                        || lpad((hash(i, 54, 7) % (10 ** (phone_digits - 1))::ubigint)::varchar,
                            phone_digits::integer - 1, '0')
                end as phone,
                case when is_business then 'business' else 'private' end as customer_type,
                customer_group,
                case when u(i, 72) < 0.02 then lower(country_code) else country_code end as country_code,
                region,
                city,
                case
                    when country_code = 'GB' then pc_base || ' ' || (1 + floor(u(i, 55) * 9))::bigint::varchar
                        || pick(['A', 'B', 'D', 'E', 'F', 'G', 'H', 'J', 'L', 'N', 'P', 'R', 'S', 'T'], i, 56)
                        || pick(['A', 'B', 'D', 'E', 'F', 'G', 'H', 'J', 'L', 'N', 'P', 'R', 'S', 'T'], i, 57)
                    when country_code = 'NL'
                        then (pc_base::integer + floor(u(i, 55) * pc_span))::bigint::varchar
                            || ' ' || pick(['AB', 'CD', 'EK', 'GH', 'JL', 'MP', 'RS', 'TV'], i, 56)
                    when country_code = 'SE' then substr(pc, 1, 3) || ' ' || substr(pc, 4, 2)
                    else pc
                end as postal_code,
                case when u(i, 58) < 0.07 then strftime(registered_ts, '%Y-%m-%d')
                    else ts_text(registered_ts, u(i, 59)) end as registered_at,
                case
                    when u(i, 60) < 0.05 then null
                    when u(i, 61) < 0.6 then pick(['true', 'TRUE', 'True', 'yes', 'Yes', 'YES', '1'], i, 62)
                    else pick(['false', 'FALSE', 'False', 'no', 'No', 'NO', '0'], i, 62)
                end as accepts_marketing,
                case
                    when u(i, 63) < 0.05 then null
                    else pick(['email', 'email', 'email', 'email', 'email', 'Email', 'sms', 'sms', 'SMS',
                        'messenger', 'viber'], i, 64)
                end as marketing_channel,
                case when len(tag_list) = 0 then null
                    when u(i, 65) < 0.05 then array_to_string(tag_list, ' | ')
                    else array_to_string(tag_list, '|') end as tags
            from (
                select
                    *,
                    lpad(
                        (try_cast(pc_base as integer) + floor(u(i, 55) * pc_span))::bigint::varchar,
                        length(pc_base)::integer, '0'
                    ) as pc,
                    registered_date + to_seconds(floor(u(i, 66) * 86400)::bigint) as registered_ts,
                    regexp_replace(replace(replace(replace(lower(strip_accents(first_name)), 'ø', 'o'),
                        'æ', 'ae'), 'ß', 'ss'), '[^a-z]', '', 'g')
                        || '.' || regexp_replace(replace(replace(lower(strip_accents(last_name)), 'ø', 'o'),
                        'æ', 'ae'), '[^a-z]', '', 'g') || i::varchar as email_local,
                    pick({sql_list(EMAIL_DOMAINS)}, i, 67) as domain,
                    (case when is_business then ['b2b'] else [] end) || list_transform(
                        range(case when u(i, 68) < 0.35 then 0 when u(i, 68) < 0.7 then 1
                            when u(i, 68) < 0.9 then 2 else 3 end),
                        lambda j: pick({sql_list(CUSTOMER_TAGS)}, i * 10 + j, 69)) as tag_list
                from (
                    select
                        *,
                        pick({sql_list(FIRST_NAMES)}, i, 70) as first_name,
                        pick({sql_list(LAST_NAMES)}, i, 71) as last_name
                    from cust
                    where not is_guest
                )
            ){bad}
        )"""


def products_query(p: Params) -> str:
    bad = ""
    if p.bad_rows:
        bad = """
            union all
            select 1, 0, null, 'Gift Card 50', 'Shop', 'gift cards', null"""
    return f"""
        select sku, product_name, brand, category, tags
        from (
            select 0 as bad, idx as k, sku, product_name, brand, category, tags from products_t{bad}
        )"""


def abandoned_carts_query(p: Params) -> str:
    bad = ""
    if p.bad_rows:
        bad = f"""
            union all
            select 1, 0, null, 'C{1:0{p.id_width}d}', '2026-06-01 20:15:00', '89.00'"""
    return f"""
        select cart_id, customer_id, abandoned_at, cart_total
        from (
            select
                0 as bad, i * 10 + j as k,
                cart_id(i * 10 + j) as cart_id,
                cust_id(i) as customer_id,
                ts_text(
                    (case when u(i * 10 + j, 80) < 0.6
                        then getvariable('end_date') - floor(u(i * 10 + j, 81) * 90)::integer
                        else getvariable('start_date') + floor(
                            u(i * 10 + j, 81) * (getvariable('end_date') - getvariable('start_date'))
                        )::integer
                    end) + to_seconds((7 * 3600 + floor(u(i * 10 + j, 82) * 16 * 3600))::bigint),
                    u(i * 10 + j, 83)
                ) as abandoned_at,
                amount(round(15 + u(i * 10 + j, 84) * u(i * 10 + j, 85) * 400, 1) - 0.05) as cart_total
            from (
                select i, unnest(range(1 + floor(u(i, 86) * 3)::integer)) as j
                from cust
                where not is_guest and u(i, 87) < 0.25
            ){bad}
        )"""


def customer_attributes_query(p: Params) -> str:
    bad = ""
    if p.bad_rows:
        bad = """
            union all
            select 1, 0, 0, null, 'shoe_size', '42'"""
    return f"""
        select customer_id, attribute, value
        from (
            select 0 as bad, i as k, a as k2, cust_id(i) as customer_id,
                {sql_list(["shoe_size", "favourite_store", "birthday_month", "clothing_size"])}[a + 1]
                    as attribute,
                case a
                    when 0 then pick(
                        ['36', '37', '38', '39', '40', '41', '42', '42.5', '43', '44', '45', '46', '47'],
                        i, 90
                    )
                    when 1 then pick({sql_list(STORES)}, i, 91)
                    when 2 then (1 + floor(u(i, 92) * 12))::bigint::varchar
                    else pick(['XS', 'S', 'M', 'L', 'XL', 'XXL'], i, 93)
                end as value
            from (select i, unnest(range(4)) as a from cust where not is_guest)
            where u(i * 10 + a, 94) < [0.35, 0.25, 0.3, 0.2][a + 1]{bad}
        )"""


QUERIES = {
    "customers": customers_query,
    "orders": orders_query,
    "order_lines": order_lines_query,
    "products": products_query,
    "abandoned_carts": abandoned_carts_query,
    "customer_attributes": customer_attributes_query,
}


def table_query(table: str, p: Params, ordered: bool) -> str:
    """The SQL for one output table; `ordered` adds a stable ORDER BY (bad rows last)."""
    sql = QUERIES[table](p)
    if not ordered:
        return sql
    keys = "bad, k, k2" if table == "customer_attributes" else "bad, k"
    return f"{sql}\n        order by {keys}"


def connect(threads: int | None = None, memory_limit: str | None = None, temp_dir: str | None = None):
    con = duckdb.connect()
    if threads:
        con.execute(f"set threads = {int(threads)}")
    if memory_limit:
        con.execute("set memory_limit = " + sql_text(memory_limit))
    if temp_dir:
        con.execute("set temp_directory = " + sql_text(temp_dir))
    con.execute("set preserve_insertion_order = true")
    return con


def prepare(con: duckdb.DuckDBPyConnection, p: Params) -> None:
    """Create the macros, lookup tables and the customer table in `con`."""
    for statement in setup_sql(p):
        con.execute(statement)


def generate(
    out_dir: Path,
    p: Params = Params(),
    fmt: str = "csv",
    tables: list[str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    log=None,
) -> dict[str, int]:
    """Write the six tables into `out_dir` as <table>.csv or <table>.parquet; return row counts."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    con = con or connect()
    started = time.perf_counter()
    prepare(con, p)
    if log:
        log(
            f"setup: {con.execute('select count(*) from cust').fetchone()[0]} customer rows (incl. guests) "
            f"in {time.perf_counter() - started:.1f}s"
        )
    counts: dict[str, int] = {}
    for table in tables or TABLES:
        t0 = time.perf_counter()
        target = out_dir / f"{table}.{fmt}"
        # CSV is always written in a stable order (byte-identical files); Parquet keeps the
        # generation order (deterministic, no global sort of ten million rows).
        sql = table_query(table, p, ordered=(fmt == "csv"))
        columns = [column[0] for column in con.execute(f"select * from ({sql}) limit 0").description]
        if columns != CONTRACT[table]:
            raise ValueError(
                f"{table}: the query writes {columns}, the contract (sources YAML) has {CONTRACT[table]}"
            )
        options = "format csv, header true" if fmt == "csv" else "format parquet, compression zstd"
        counts[table] = con.execute(f"copy ({sql}) to {sql_text(str(target))} ({options})").fetchone()[0]
        if log:
            log(f"{table}: {counts[table]} rows in {time.perf_counter() - t0:.1f}s")
    if log:
        log(f"total: {time.perf_counter() - started:.1f}s")
    return counts


def check_demo(p: Params, demo_dir: Path = DEMO_DIR) -> list[str]:
    """Regenerate the demo into a temp folder; return the tables whose CSV differs from demo_dir."""
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), p, "csv")
        return [
            t
            for t in TABLES
            if not (demo_dir / f"{t}.csv").exists()
            or not filecmp.cmp(Path(tmp) / f"{t}.csv", demo_dir / f"{t}.csv", shallow=False)
        ]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Generate the demo shop (default: CSV seeds in seeds/demo/) or a large synthetic "
        "shop (--customers N --out DIR, Parquet) in the raw input contract."
    )
    parser.add_argument(
        "--customers", type=int, default=DEMO_CUSTOMERS,
        help=f"number of customers (default {DEMO_CUSTOMERS}: the demo shop); ~10 orders each",
    )  # fmt: skip
    parser.add_argument(
        "--out", type=Path, default=DEMO_DIR,
        help="output folder (default: seeds/demo, the committed demo seeds)",
    )  # fmt: skip
    parser.add_argument(
        "--format", choices=["csv", "parquet"], default=None,
        help="file format (default: csv for seeds/demo, parquet for any other --out)",
    )  # fmt: skip
    parser.add_argument(
        "--end-date", type=dt.date.fromisoformat, default=DEFAULT_END_DATE,
        help="last day with data, YYYY-MM-DD (default 2026-06-30); orders cover the three years before",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed (default {DEFAULT_SEED})")
    parser.add_argument(
        "--no-bad-rows", action="store_true",
        help="leave out the deliberately broken rows (see docs/demo-data.md)",
    )  # fmt: skip
    parser.add_argument(
        "--check", action="store_true",
        help="do not write: regenerate the demo and exit 1 if seeds/demo differs from it",
    )  # fmt: skip
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
    parser.add_argument("--memory-limit", default="2GB", help="DuckDB memory limit, e.g. 2GB (default 2GB)")
    args = parser.parse_args(argv)
    if args.customers < 1:
        parser.error("--customers must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    params = Params(
        customers=args.customers, end_date=args.end_date, seed=args.seed, bad_rows=not args.no_bad_rows
    )

    def log(message: str) -> None:
        print(message, file=sys.stderr)

    try:
        if args.check:
            drift = check_demo(params, args.out)
            if drift:
                log(
                    f"demo seeds differ from a fresh run: {', '.join(drift)}; "
                    "run scripts/generate_demo_data.py"
                )
                return 1
            log("demo seeds are up to date")
            return 0
        fmt = args.format or ("csv" if args.out.resolve() == DEMO_DIR.resolve() else "parquet")
        with tempfile.TemporaryDirectory(prefix="generate_demo_data_") as spill:
            con = connect(args.threads, args.memory_limit, spill)
            generate(args.out, params, fmt, con=con, log=log)
            con.close()
    except (duckdb.Error, OSError, ValueError) as exc:
        log(f"generation failed: {str(exc).splitlines()[0]}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
