"""BG/NBD predictions for every distinct (frequency, recency, T) cell of
int_customer_purchase_summary, with the parameters of int_customer_prediction_fits: probability
alive and the expected number of purchases (purchase days) in the next 30, 90 and 365 days.

Customers in the same cell get the same predictions, so the formulas (one Gauss hypergeometric
function each) run once per cell, not per customer. No rows when the BG/NBD fit did not converge
(the mart's left join then gives nulls). Formulas: Fader, Hardie & Lee (2005), equations (11)
and (10); time in weeks (days / 7).
"""

import numpy as np
from scipy import special

DAYS_PER_WEEK = 7.0
HORIZONS_DAYS = (30, 90, 365)


def probability_alive(params, x, tx, big_t):
    """P(alive | x, tx, T); 1 for a customer without repeat purchases (the model's assumption)."""
    r, alpha, a, b = params
    odds = np.where(
        x > 0,
        a / (b + np.maximum(x, 1) - 1) * np.power((alpha + big_t) / (alpha + tx), r + x),
        0.0,
    )
    return 1.0 / (1.0 + odds)


def expected_purchases(params, t, x, tx, big_t):
    """E[Y(t) | x, tx, T]: expected purchases in the next t weeks."""
    r, alpha, a, b = params
    hyp_a, hyp_b, hyp_c = r + x, b + x, a + b + x - 1
    z = t / (alpha + big_t + t)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        log_hyp = np.log(special.hyp2f1(hyp_a, hyp_b, hyp_c, z))
        # Euler's transformation where the direct series overflows (z close to 1).
        log_hyp_alt = np.log(special.hyp2f1(hyp_c - hyp_a, hyp_c - hyp_b, hyp_c, z)) + (
            hyp_c - hyp_a - hyp_b
        ) * np.log1p(-z)
    log_hyp = np.where(np.isfinite(log_hyp), log_hyp, log_hyp_alt)
    numerator = (a + b + x - 1) / (a - 1) * (
        1 - np.exp(log_hyp + (r + x) * np.log((alpha + big_t) / (alpha + t + big_t)))
    )
    denominator = 1 + np.where(
        x > 0,
        a / (b + np.maximum(x, 1) - 1) * np.power((alpha + big_t) / (alpha + tx), r + x),
        0.0,
    )
    return numerator / denominator


def score_cells(params, cells):
    """Predictions per cell (dict of numpy arrays in, dict of numpy arrays out); cells whose
    prediction is not a finite number are left out (null in the mart)."""
    x = cells["frequency"].astype(float)
    tx = cells["recency"].astype(float) / DAYS_PER_WEEK
    big_t = cells["t"].astype(float) / DAYS_PER_WEEK
    out = {
        "frequency": cells["frequency"].astype(np.int64),
        "recency": cells["recency"].astype(np.int64),
        "t": cells["t"].astype(np.int64),
        "probability_alive": probability_alive(params, x, tx, big_t),
    }
    for days in HORIZONS_DAYS:
        out[f"expected_orders_{days}d"] = expected_purchases(params, days / DAYS_PER_WEEK, x, tx, big_t)
    finite = np.logical_and.reduce([np.isfinite(v) for k, v in out.items() if k not in cells])
    return {k: v[finite] for k, v in out.items()}


def model(dbt, session):
    dbt.config(materialized="table")
    fits = dbt.ref("int_customer_prediction_fits")
    fit = fits.query(
        "fits", "select r, alpha, a, b from fits where model = 'bg_nbd' and is_converged"
    ).fetchall()
    summary = dbt.ref("int_customer_purchase_summary")
    cells = summary.query(
        "summary", "select distinct frequency, recency, t from summary order by all"
    ).fetchnumpy()
    if fit:
        scores = score_cells(fit[0], cells)
    else:
        empty = np.array([], dtype=np.int64)
        scores = score_cells((1.0, 1.0, 2.0, 1.0), {"frequency": empty, "recency": empty, "t": empty})
    return session.sql(
        "select frequency, recency, t, "
        + ", ".join(
            f"cast({c} as double) as {c}"
            for c in ("probability_alive", *(f"expected_orders_{d}d" for d in HORIZONS_DAYS))
        )
        + " from scores"
    )
