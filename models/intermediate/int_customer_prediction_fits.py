"""Maximum-likelihood fit of the BG/NBD (purchase counts) and Gamma-Gamma (spend per purchase)
models on int_customer_purchase_summary: one row per model.

- BG/NBD: Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way".
- Gamma-Gamma: Fader, Hardie & Lee (2005), "RFM and CLV"; Fader & Hardie, "The Gamma-Gamma
  Model of Monetary Value".

Time is in weeks (days / 7), as in the papers. The likelihood is summed over the compressed
histogram of distinct (frequency, recency, T) cells (and (frequency, monetary value) for
Gamma-Gamma), each weighted by its number of customers, sorted: deterministic and independent
of row order. Terms of the frequency alone run once per distinct frequency; L-BFGS-B gets the
analytic gradient and starts from fixed values. bg_nbd_log_likelihood and
gamma_gamma_log_likelihood are the papers' per-customer formulas, the reference the compressed
objectives are tested against (tests/pytest/test_predictions.py).

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
GRADIENT_FLAT = 1e-6
NOT_FINITE = 1e100  # the objective's value where the likelihood is not a finite number


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


def _dot(weights, values):
    """sum(weights * values) without BLAS: numpy's dot goes to multi-threaded OpenBLAS, whose
    threads spin against a busy machine (measured 17-28 ms for 61k cells, einsum 0.03 ms)."""
    return np.einsum("i,i->", weights, values)


def _by_frequency(x, weights):
    """Distinct repeat-purchase counts and the total weight of each (terms that depend on x only
    are evaluated once per distinct x, not once per cell)."""
    unique_x, inverse = np.unique(x, return_inverse=True)
    return unique_x, np.bincount(inverse, weights=weights)


def _rising_sums(terms, ux):
    """For each distinct x, the sum of terms[k] for k < x (0 for x = 0)."""
    return np.concatenate(([0.0], np.cumsum(terms)))[ux]


def bg_nbd_objective(x, tx, big_t, weights):
    """The weighted BG/NBD log-likelihood and its gradient, as a function of the parameters.

    Returns f(params) -> (total log-likelihood, d total / d params). x is a whole number, so
    the log-gamma ratios are sums of logarithms (log G(r + x) - log G(r) = sum of log(r + k),
    k < x), evaluated once per distinct x; they stay exact where a and b grow large (a fit whose
    drop-out probability is the same for everyone), which differences of log-gamma values do not.
    Per cell only logarithms are left."""
    ux_float, nx = _by_frequency(x, weights)
    ux = ux_float.astype(np.int64)
    steps = np.arange(int(ux.max()) if len(ux) else 0, dtype=float)
    total = float(weights.sum())
    repeat = x > 0
    x_safe = np.maximum(x, 1)

    def evaluate(params):
        r, alpha, a, b = params
        # log G(r + x) / G(r) and log [G(b + x) G(a + b)] / [G(b) G(a + b + x)], with derivatives
        value = _dot(nx, _rising_sums(np.log(r + steps), ux)) + total * r * np.log(alpha)
        value -= _dot(nx, _rising_sums(np.log1p(a / (b + steps)), ux))
        grad_r = _dot(nx, _rising_sums(1.0 / (r + steps), ux)) + total * np.log(alpha)
        grad_alpha = total * r / alpha
        grad_a = -_dot(nx, _rising_sums(1.0 / (a + b + steps), ux))
        grad_b = _dot(nx, _rising_sums(a / ((b + steps) * (a + b + steps)), ux))
        log_alpha_t = np.log(alpha + big_t)
        log_alpha_tx = np.log(alpha + tx)
        a3 = -(r + x) * log_alpha_t
        with np.errstate(divide="ignore"):
            a4 = np.where(repeat, np.log(a) - np.log(b + x_safe - 1) - (r + x) * log_alpha_tx, -np.inf)
        last = np.logaddexp(a3, a4)
        share4 = np.exp(a4 - last)  # weight of the "dropped out after the last purchase" branch
        share3 = 1.0 - share4
        value += _dot(weights, last)
        grad_r -= _dot(weights, share3 * log_alpha_t + share4 * log_alpha_tx)
        grad_alpha -= _dot(weights, (r + x) * (share3 / (alpha + big_t) + share4 / (alpha + tx)))
        grad_a += _dot(weights, share4) / a
        grad_b -= _dot(weights, share4 / (b + x_safe - 1))
        return float(value), np.array([grad_r, grad_alpha, grad_a, grad_b])

    return evaluate


def gamma_gamma_objective(x, m, weights):
    """The weighted Gamma-Gamma log-likelihood and its gradient, as a function of the parameters.

    Returns f(params) -> (total log-likelihood, d total / d params). Terms linear in p or q are
    summed once; per cell only log(x m + v) is left."""
    ux, nx = _by_frequency(x, weights)
    total = float(weights.sum())
    log_m = np.log(m)
    # sum over cells of (p x - 1) log m + p x log x = p * linear_p - constant
    linear_p = float(_dot(weights, x * (log_m + np.log(x))))
    constant = float(_dot(weights, log_m))
    xm = x * m
    weighted_x = weights * x

    def evaluate(params):
        p, q, v = params
        pux = p * ux
        log_xm_v = np.log(xm + v)
        value = (
            _dot(nx, special.gammaln(pux + q) - special.gammaln(pux))
            - total * special.gammaln(q)
            + total * q * np.log(v)
            + p * linear_p
            - constant
            - p * _dot(weighted_x, log_xm_v)
            - q * _dot(weights, log_xm_v)
        )
        grad_p = (
            _dot(nx * ux, special.digamma(pux + q) - special.digamma(pux))
            + linear_p
            - _dot(weighted_x, log_xm_v)
        )
        grad_q = (
            _dot(nx, special.digamma(pux + q))
            - total * special.digamma(q)
            + total * np.log(v)
            - _dot(weights, log_xm_v)
        )
        grad_v = total * q / v - _dot(weights, (p * x + q) / (xm + v))
        return float(value), np.array([grad_p, grad_q, grad_v])

    return evaluate


def fit(objective_of, n_params, total):
    """Maximise a weighted log-likelihood over log-parameters from a fixed start.

    objective_of(params) -> (total log-likelihood, gradient). Returns (parameters, total
    log-likelihood, converged)."""

    def objective(log_params):
        params = np.exp(log_params)
        with np.errstate(all="ignore"):
            value, gradient = objective_of(params)
        if not (math.isfinite(value) and np.all(np.isfinite(gradient))):
            return NOT_FINITE, np.zeros(n_params)
        # mean negative log-likelihood and its gradient in log-parameters (chain rule: * params)
        return -value / total, -gradient * params / total

    # Quasi-Newton with the analytic gradient (one evaluation per step, no finite differences).
    # Its line search can stop ("ABNORMAL") where rounding hides any further decrease: that is
    # converged when the gradient there is flat (every component of the mean's gradient below
    # GRADIENT_FLAT). Otherwise a Nelder-Mead run from its end point; the better is kept.
    first = optimize.minimize(
        objective,
        np.zeros(n_params),
        jac=True,
        method="L-BFGS-B",
        options={"ftol": 1e-13, "gtol": 1e-8, "maxiter": 2000},
    )
    first_ok = first.fun < NOT_FINITE and (
        bool(first.success) or bool(np.max(np.abs(first.jac)) < GRADIENT_FLAT)
    )
    second = first
    if not first_ok:
        second = optimize.minimize(
            lambda log_params: objective(log_params)[0],
            first.x,
            method="Nelder-Mead",
            options={"xatol": 1e-8, "fatol": 1e-12, "maxfev": 2000},
        )
    best = second if second.fun < first.fun else first
    params = np.exp(best.x)
    log_likelihood_total = -best.fun * total
    converged = (
        (first_ok or bool(second.success))
        and best.fun < NOT_FINITE
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
    for model, data, weights, objective in (
        ("bg_nbd", (x, tx, big_t), n, bg_nbd_objective),
        ("gamma_gamma", (gg_x, gg_m), gg_n, gamma_gamma_objective),
    ):
        names = PARAMETERS[model]
        row = dict.fromkeys(COLUMNS)
        row.update(model=model, customers_used=int(weights.sum()), log_likelihood=None)
        if repeat_buyers < min_repeat_buyers:
            row.update(
                is_converged=False, note=f"too few repeat buyers ({repeat_buyers} < {min_repeat_buyers})"
            )
        else:
            try:
                params, total, converged = fit(objective(*data, weights), len(names), float(weights.sum()))
            except (ValueError, FloatingPointError, ArithmeticError) as error:
                params, total, converged = None, None, False
                row["note"] = f"optimiser failed: {type(error).__name__}"
            if converged:
                row.update(dict(zip(names, (float(value) for value in params), strict=True)))
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
