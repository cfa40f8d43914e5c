"""Maximum-likelihood fit of the BG/NBD (purchase counts) and Gamma-Gamma (spend per purchase)
models on int_customer_purchase_summary: one row per model.

- BG/NBD: Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way".
- Gamma-Gamma: Fader, Hardie & Lee (2005), "RFM and CLV"; Fader & Hardie, "The Gamma-Gamma
  Model of Monetary Value".

Time is in weeks (days / 7), as in the papers. The likelihood is summed over the compressed
histogram of distinct (frequency, recency, T) cells (and (frequency, monetary value) for
Gamma-Gamma), each weighted by its number of customers, sorted: cheap at a million customers,
deterministic and independent of row order. The optimiser starts from fixed values.

A shop with fewer repeat buyers than the model config `min_repeat_buyers`, or an optimiser that
does not converge, gives a row with is_converged false, null parameters and a note; the build
goes on (a warn-severity data test reports it) and the predictions are null.
"""

import math

import numpy as np
from scipy import optimize, special

DAYS_PER_WEEK = 7.0
PARAMETERS = {"bg_nbd": ("r", "alpha", "a", "b"), "gamma_gamma": ("p", "q", "v")}
COLUMNS = ("r", "alpha", "a", "b", "p", "q", "v")


def bg_nbd_log_likelihood(params, x, tx, big_t):
    """Per-customer BG/NBD log-likelihood; x repeat purchases, tx recency and big_t age, weeks."""
    r, alpha, a, b = params
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.gammaln(a + b) + special.gammaln(b + x) - special.gammaln(b) - special.gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + big_t)
    with np.errstate(divide="ignore"):
        a4 = np.where(
            x > 0,
            np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + tx),
            -np.inf,
        )
    return a1 + a2 + np.logaddexp(a3, a4)


def gamma_gamma_log_likelihood(params, x, m):
    """Per-customer Gamma-Gamma log-likelihood; x repeat purchases, m their mean value (> 0)."""
    p, q, v = params
    px = p * x
    return (
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * np.log(v)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(x * m + v)
    )


def fit(log_likelihood, data, weights, n_params):
    """Maximise the weighted log-likelihood over log-parameters from a fixed start.

    Returns (parameters, total log-likelihood, converged)."""
    total = float(weights.sum())

    def objective(log_params):
        value = -np.dot(weights, log_likelihood(np.exp(log_params), *data)) / total
        return value if np.isfinite(value) else 1e100

    # Quasi-Newton (few evaluations, so cheap on a large histogram); a Nelder-Mead run from its
    # end point only when it did not converge. The better of the two is kept.
    first = optimize.minimize(
        objective, np.zeros(n_params), method="L-BFGS-B", options={"ftol": 1e-15, "gtol": 1e-9, "maxiter": 2000}
    )
    second = first
    if not first.success:
        second = optimize.minimize(
            objective,
            first.x,
            method="Nelder-Mead",
            options={"xatol": 1e-8, "fatol": 1e-12, "maxfev": 2000},
        )
    best = second if second.fun < first.fun else first
    params = np.exp(best.x)
    log_likelihood_total = -best.fun * total
    converged = (
        (bool(first.success) or bool(second.success))
        and bool(np.all(np.isfinite(params)))
        and math.isfinite(log_likelihood_total)
    )
    return params, log_likelihood_total, converged


def fit_models(bg_cells, gg_cells, min_repeat_buyers):
    """Both fits from the histograms (dicts of numpy arrays). Returns a list of row dicts."""
    x = bg_cells["frequency"].astype(float)
    tx = bg_cells["recency"].astype(float) / DAYS_PER_WEEK
    big_t = bg_cells["t"].astype(float) / DAYS_PER_WEEK
    n = bg_cells["customers"].astype(float)
    repeat_buyers = int(n[x > 0].sum())
    gg_x = gg_cells["frequency"].astype(float)
    gg_m = gg_cells["monetary_value"].astype(float)
    gg_n = gg_cells["customers"].astype(float)
    rows = []
    for model, data, weights, log_likelihood in (
        ("bg_nbd", (x, tx, big_t), n, bg_nbd_log_likelihood),
        ("gamma_gamma", (gg_x, gg_m), gg_n, gamma_gamma_log_likelihood),
    ):
        names = PARAMETERS[model]
        row = dict.fromkeys(COLUMNS)
        row.update(model=model, customers_used=int(weights.sum()), log_likelihood=None)
        if repeat_buyers < min_repeat_buyers:
            row.update(is_converged=False, note=f"too few repeat buyers ({repeat_buyers} < {min_repeat_buyers})")
        else:
            try:
                params, total, converged = fit(log_likelihood, data, weights, len(names))
            except (ValueError, FloatingPointError, ArithmeticError) as error:
                params, total, converged = None, None, False
                row["note"] = f"optimiser failed: {type(error).__name__}"
            if converged:
                row.update(dict(zip(names, (float(value) for value in params))))
                row.update(log_likelihood=float(total), is_converged=True, note=None)
            else:
                row.update(is_converged=False, note=row.get("note") or "optimiser did not converge")
        rows.append(row)
    return rows


def _literal(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def model(dbt, session):
    dbt.config(materialized="table")
    min_repeat_buyers = int(dbt.config.get("min_repeat_buyers"))
    summary = dbt.ref("int_customer_purchase_summary")
    bg_cells = summary.query(
        "summary",
        "select frequency, recency, t, count(*) as customers from summary group by all order by all",
    ).fetchnumpy()
    gg_cells = summary.query(
        "summary",
        "select frequency, monetary_value, count(*) as customers from summary"
        " where frequency > 0 and monetary_value > 0 group by all order by all",
    ).fetchnumpy()
    rows = fit_models(bg_cells, gg_cells, min_repeat_buyers)
    columns = ("model", *COLUMNS, "log_likelihood", "customers_used", "is_converged", "note")
    values = ",\n".join("(" + ", ".join(_literal(row[c]) for c in columns) + ")" for row in rows)
    return session.sql(
        "select model, "
        + ", ".join(f"cast({c} as double) as {c}" for c in (*COLUMNS, "log_likelihood"))
        + ", cast(customers_used as bigint) as customers_used, cast(is_converged as boolean) as is_converged,"
        + " cast(note as varchar) as note"
        + f" from (values {values}) as fits({', '.join(columns)})"
    )
