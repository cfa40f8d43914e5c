"""Confidence intervals and p-values of the treatment-minus-control uplift, one row per export
snapshot x segment x window that has both groups (int_campaign_group_windows). The arithmetic of
rates and uplifts is in the SQL mart segment_campaign_results; only what needs the normal and t
distributions (scipy) is here.

- Conversion: two-proportion z-interval, diff +/- z(0.975) * sqrt(pt(1-pt)/nt + pc(1-pc)/nc)
  (unpooled); p-value of the two-sided two-proportion z-test with the pooled rate
  p = (xt + xc) / (nt + nc): z = diff / sqrt(p(1-p)(1/nt + 1/nc)).
- Revenue per member: Welch, diff +/- t(0.975, df) * sqrt(st^2/nt + sc^2/nc) with the sample
  variances of the members' window revenue (members without orders count as 0) and the
  Welch-Satterthwaite df; two-sided p-value from the t distribution with that df.

Undefined cases give nulls: a group with fewer than 2 members, a zero standard error (e.g. no
converter in either group). DuckDB only (dbt Python model); off on Spark, like the mart.
"""

import math

from scipy import stats

CONFIDENCE = 0.95
COLUMNS = (
    "conversion_uplift_ci_low",
    "conversion_uplift_ci_high",
    "conversion_uplift_p_value",
    "revenue_per_member_uplift_ci_low",
    "revenue_per_member_uplift_ci_high",
    "revenue_per_member_uplift_p_value",
    "revenue_per_member_welch_df",
)


def conversion_test(nt, xt, nc, xc, confidence=CONFIDENCE):
    """(ci_low, ci_high, p_value) of pt - pc; None where undefined."""
    if nt < 2 or nc < 2:
        return None, None, None
    pt, pc = xt / nt, xc / nc
    diff = pt - pc
    se = math.sqrt(pt * (1 - pt) / nt + pc * (1 - pc) / nc)
    z = stats.norm.ppf(0.5 + confidence / 2)
    low, high = (diff - z * se, diff + z * se) if se > 0 else (None, None)
    pooled = (xt + xc) / (nt + nc)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / nt + 1 / nc))
    p_value = float(2 * stats.norm.sf(abs(diff) / se0)) if se0 > 0 else None
    return low, high, p_value


def welch_test(nt, mean_t, var_t, nc, mean_c, var_c, confidence=CONFIDENCE):
    """(ci_low, ci_high, p_value, df) of mean_t - mean_c; None where undefined."""
    if nt < 2 or nc < 2 or var_t is None or var_c is None:
        return None, None, None, None
    at, ac = var_t / nt, var_c / nc
    se = math.sqrt(at + ac)
    if se == 0:
        return None, None, None, None
    df = (at + ac) ** 2 / (at**2 / (nt - 1) + ac**2 / (nc - 1))
    diff = mean_t - mean_c
    t = stats.t.ppf(0.5 + confidence / 2, df)
    p_value = float(2 * stats.t.sf(abs(diff) / se, df))
    return diff - t * se, diff + t * se, p_value, df


def _literal(value):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "null"
    return repr(float(value))


def _text(value):
    return "'" + str(value).replace("'", "''") + "'"


def model(dbt, session):
    dbt.config(materialized="table")
    groups = dbt.ref("int_campaign_group_windows")
    rows = groups.query(
        "groups",
        "select t.snapshot_id, t.segment_name, t.window_days,"
        " t.members, t.converters, cast(t.revenue as double), t.revenue_per_member_variance,"
        " c.members, c.converters, cast(c.revenue as double), c.revenue_per_member_variance"
        " from groups as t join groups as c"
        " on t.snapshot_id = c.snapshot_id and t.segment_name = c.segment_name"
        " and t.window_days = c.window_days"
        " where t.holdout_group = 'treatment' and c.holdout_group = 'control'"
        " order by 1, 2, 3",
    ).fetchall()
    values = []
    for snapshot_id, segment_name, window_days, nt, xt, rt, vt, nc, xc, rc, vc in rows:
        conversion = conversion_test(nt, xt, nc, xc)
        welch = welch_test(nt, rt / nt, vt, nc, rc / nc, vc)
        values.append(
            f"({_text(snapshot_id)}, {_text(segment_name)}, {int(window_days)}, "
            + ", ".join(_literal(v) for v in (*conversion, *welch))
            + ")"
        )
    keys = "cast(snapshot_id as varchar) as snapshot_id, cast(segment_name as varchar) as segment_name, "
    keys += "cast(window_days as integer) as window_days, "
    measures = ", ".join(f"cast({c} as double) as {c}" for c in COLUMNS)
    names = ", ".join(("snapshot_id", "segment_name", "window_days", *COLUMNS))
    if not values:
        nulls = ", ".join(["null"] * (3 + len(COLUMNS)))
        return session.sql(f"select {keys}{measures} from (values ({nulls})) as tests({names}) where false")
    return session.sql(f"select {keys}{measures} from (values {', '.join(values)}) as tests({names})")
