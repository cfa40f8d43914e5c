"""Customer predictions (BG/NBD + Gamma-Gamma, docs/metrics.md), end to end through dbt.

- cdnow: the CDNOW sample of the papers (2,357 customers who first bought in Q1 1997). Its file
  ships in the `lifetimes` wheel on the package registry (lifetimes/datasets/CDNOW_sample.txt:
  customer id, id, date YYYYMMDD, CDs, dollars); the test pip-downloads the wheel into a tmp
  folder (nothing vendored), converts the file to the raw input contract (a raw_path folder of
  customers / orders / order_lines CSVs, one order per record) and builds the prediction models
  at as_of 1997-09-30, the end of the 39-week calibration period. The fitted parameters must
  equal the published ones to 3 significant digits, and every customer's predictions must equal
  the closed-form formulas, recomputed here independently (math.lgamma, a plain hypergeometric
  series).
- tiny: three customers, too few repeat buyers: the build passes with a warning, the parameter
  rows say not converged and every prediction is null.
"""

from __future__ import annotations

import csv
import math
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import DbtProject

pytestmark = pytest.mark.dbt

SELECT = ["--select", "+customer_predictions +customer_prediction_models", "--indirect-selection", "cautious"]
BUILD = ["build", *SELECT, "--exclude", "test_type:unit"]

# Fader, Hardie & Lee (2005), CDNOW sample, 39-week calibration period.
PUBLISHED_BG_NBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_BG_NBD_LOG_LIKELIHOOD = -9582.4
PUBLISHED_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "v": 15.44}


def as_published(value: float, published: float) -> float:
    """value rounded to the decimals the paper prints (3 or more significant digits)."""
    decimals = len(repr(published).split(".")[1])
    return round(value, decimals)


def write_csv(folder: Path, table: str, header: list[str], rows: list[list[str]]) -> None:
    with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def cdnow_records(tmp: Path) -> list[list[str]]:
    """The records of CDNOW_sample.txt from the lifetimes wheel (downloaded with pip)."""
    wheels = tmp / "wheel"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "lifetimes==0.11.3",
            "--no-deps",
            "--quiet",
            "-d",
            str(wheels),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    found = sorted(wheels.glob("*.whl")) if wheels.exists() else []
    if proc.returncode != 0 or not found:
        pytest.skip(f"could not download the lifetimes wheel for the CDNOW sample: {proc.stderr[-300:]}")
    with zipfile.ZipFile(found[0]) as wheel:
        text = wheel.read("lifetimes/datasets/CDNOW_sample.txt").decode("ascii")
    return [line.split() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def cdnow(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    workdir = tmp_path_factory.mktemp("cdnow")
    records = cdnow_records(workdir)
    folder = workdir / "raw"
    folder.mkdir()
    customers = sorted({record[0] for record in records})
    write_csv(folder, "customers", ["customer_id"], [[c] for c in customers])
    orders, lines = [], []
    for index, (customer, _, day, cds, dollars) in enumerate(records):
        order_id = f"o{index}"
        orders.append([order_id, customer, f"{day[:4]}-{day[4:6]}-{day[6:]}", dollars])
        lines.append([f"l{index}", order_id, cds])
    write_csv(folder, "orders", ["order_id", "customer_id", "ordered_at", "order_total"], orders)
    write_csv(folder, "order_lines", ["order_line_id", "order_id", "quantity"], lines)
    project = DbtProject(workdir)
    project.run(BUILD, vars={"as_of_date": "1997-09-30", "raw_path": str(folder)})
    return project


def fitted(project: DbtProject) -> dict[str, dict]:
    columns = [
        "model",
        "r",
        "alpha",
        "a",
        "b",
        "p",
        "q",
        "v",
        "log_likelihood",
        "customers_used",
        "is_converged",
    ]
    rows = project.query(f"select {', '.join(columns)} from marts.customer_prediction_models")
    return {row[0]: dict(zip(columns, row, strict=True)) for row in rows}


def test_cdnow_reproduces_the_published_parameters(cdnow: DbtProject) -> None:
    fits = fitted(cdnow)
    bg, gg = fits["bg_nbd"], fits["gamma_gamma"]
    assert bg["is_converged"]
    assert gg["is_converged"]
    assert bg["customers_used"] == 2357
    for name, published in PUBLISHED_BG_NBD.items():
        assert as_published(bg[name], published) == published, (name, bg[name])
    assert round(bg["log_likelihood"], 1) == PUBLISHED_BG_NBD_LOG_LIKELIHOOD
    for name, published in PUBLISHED_GAMMA_GAMMA.items():
        assert as_published(gg[name], published) == published, (name, gg[name])


# --- the closed-form formulas, written independently of the models --------------------------------
def hyp2f1(a: float, b: float, c: float, z: float) -> float:
    """Gauss hypergeometric function by its power series (|z| < 1)."""
    term, total, k = 1.0, 1.0, 0
    while abs(term) > 1e-15 * abs(total):
        term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
        total += term
        k += 1
    return total


def p_alive(r: float, alpha: float, a: float, b: float, x: int, tx: float, big_t: float) -> float:
    if x == 0:
        return 1.0
    return 1.0 / (1.0 + a / (b + x - 1) * ((alpha + big_t) / (alpha + tx)) ** (r + x))


def expected(r: float, alpha: float, a: float, b: float, t: float, x: int, tx: float, big_t: float) -> float:
    """Fader, Hardie & Lee (2005) eq. (10): E[Y(t) | x, tx, T]."""
    z = t / (alpha + big_t + t)
    body = 1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    odds = a / (b + x - 1) * ((alpha + big_t) / (alpha + tx)) ** (r + x) if x > 0 else 0.0
    return (a + b + x - 1) / (a - 1) * body / (1 + odds)


def test_formula_matches_the_papers_worked_example() -> None:
    # The paper's customer: x = 2, tx = 30.43, T = 38.86 weeks, 39 weeks ahead -> 1.226.
    r, alpha, a, b = PUBLISHED_BG_NBD.values()
    assert round(expected(r, alpha, a, b, 39, 2, 30.43, 38.86), 3) == pytest.approx(1.226, abs=0.002)


def test_cdnow_predictions_equal_the_closed_form(cdnow: DbtProject) -> None:
    fits = fitted(cdnow)
    r, alpha, a, b = (fits["bg_nbd"][k] for k in ("r", "alpha", "a", "b"))
    p, q, v = (fits["gamma_gamma"][k] for k in ("p", "q", "v"))
    rows = cdnow.query(
        "select frequency, recency, t, monetary_value, probability_alive, expected_orders_30d,"
        " expected_orders_90d, expected_orders_365d, expected_order_value, predicted_clv_365d, churn_risk"
        " from marts.customer_predictions order by customer_id"
    )
    assert len(rows) == 2357
    for x, recency, t_days, m, alive, e30, e90, e365, value, clv, risk in rows:
        tx, big_t = recency / 7, t_days / 7
        assert alive == pytest.approx(p_alive(r, alpha, a, b, x, tx, big_t), rel=1e-9)
        for days, got in ((30, e30), (90, e90), (365, e365)):
            assert got == pytest.approx(expected(r, alpha, a, b, days / 7, x, tx, big_t), rel=1e-7)
        if x > 0 and m is not None:
            want = p * (v + x * m) / (p * x + q - 1)
        else:
            want = p * v / (q - 1)
        assert value == pytest.approx(want, rel=1e-9)
        assert clv == pytest.approx(e365 * value, rel=1e-9)
        assert risk == ("high" if alive < 0.3 else "medium" if alive < 0.7 else "low")


def test_tiny_shop_is_not_fitted_and_predictions_are_null(dbt_project: DbtProject, tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    write_csv(folder, "customers", ["customer_id"], [["c1"], ["c2"], ["c3"]])
    orders = [
        ["o1", "c1", "2026-01-01", "10"],
        ["o2", "c1", "2026-02-01", "20"],
        ["o3", "c2", "2026-03-01", "5"],
    ]
    write_csv(folder, "orders", ["order_id", "customer_id", "ordered_at", "order_total"], orders)
    write_csv(folder, "order_lines", ["order_line_id", "order_id", "quantity"], [["l1", "o1", "1"]])
    run = dbt_project.run(BUILD, vars={"as_of_date": "2026-06-30", "raw_path": str(folder)})
    assert "WARN" in run.stdout
    fits = dbt_project.query(
        "select model, is_converged, r, p, note from marts.customer_prediction_models order by 1"
    )
    assert [(model, converged, r, p) for model, converged, r, p, _ in fits] == [
        ("bg_nbd", False, None, None),
        ("gamma_gamma", False, None, None),
    ]
    assert all("too few repeat buyers (1 < 100)" in note for *_, note in fits)
    rows = dbt_project.query(
        "select customer_id, frequency, probability_alive, expected_orders_365d, expected_order_value,"
        " predicted_clv_365d, churn_risk from marts.customer_predictions order by 1"
    )
    assert rows == [
        ("c1", 1, None, None, None, None, None),
        ("c2", 0, None, None, None, None, None),
        ("c3", None, None, None, None, None, None),
    ]


def fits_module():
    """The dbt Python model int_customer_prediction_fits as an importable module."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "models" / "intermediate" / "int_customer_prediction_fits.py"
    spec = importlib.util.spec_from_file_location("fits", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def random_cells(seed: int, size: int):
    """A random purchase summary: (frequency, recency, T) in days, monetary values, weights."""
    import numpy as np

    rng = np.random.default_rng(seed)
    x = rng.poisson(1.5, size).astype(float)
    big_t = rng.integers(60, 400, size).astype(float)
    tx = np.where(x > 0, (big_t * rng.random(size)).astype(int), 0).astype(float)
    m = np.where(x > 0, 20 + 30 * rng.random(size), np.nan)
    weights = rng.integers(1, 5, size).astype(float)
    return x, tx, big_t, m, weights


def assert_gradient(gradient, reference, params) -> None:
    """gradient equals the central differences of reference (a function of params)."""
    import numpy as np

    for k, param in enumerate(params):
        step = np.where(np.arange(len(params)) == k, 1e-6 * param, 0.0)
        numerical = (reference(params + step) - reference(params - step)) / (2e-6 * param)
        assert gradient[k] == pytest.approx(numerical, rel=1e-5), k


def test_fit_objectives_equal_the_per_customer_likelihoods_and_their_gradients() -> None:
    # The fit maximises compressed sums (terms of x alone once per distinct x, log-gamma ratios
    # as sums of logs) with analytic gradients; they must equal the weighted per-customer
    # log-likelihoods of the papers and their numerical derivatives.
    import numpy as np

    module = fits_module()
    x, tx, big_t, m, weights = random_cells(11, 300)
    tx, big_t = tx / 7, big_t / 7

    def bg_reference(params):
        return float(np.sum(weights * module.bg_nbd_log_likelihood(params, x, tx, big_t)))

    bg = np.array([0.7, 4.0, 0.8, 2.5])
    value, gradient = module.bg_nbd_objective(x, tx, big_t, weights)(bg)
    assert value == pytest.approx(bg_reference(bg), rel=1e-12)
    assert_gradient(gradient, bg_reference, bg)
    repeat = x > 0
    x, m, weights = x[repeat], m[repeat], weights[repeat]

    def gg_reference(params):
        return float(np.sum(weights * module.gamma_gamma_log_likelihood(params, x, m)))

    gg = np.array([6.0, 3.7, 15.0])
    value, gradient = module.gamma_gamma_objective(x, m, weights)(gg)
    assert value == pytest.approx(gg_reference(gg), rel=1e-12)
    assert_gradient(gradient, gg_reference, gg)


def test_bg_nbd_objective_is_exact_where_a_and_b_grow_large() -> None:
    # A shop whose drop-out probability is the same for everyone drives a and b to infinity at a
    # fixed ratio; the likelihood tends to a limit. Differences of log-gamma values lose it
    # (about 1e-3 per customer at a = 1e11); the fit's sums of logarithms must not.
    import numpy as np

    module = fits_module()
    x, tx, big_t, _, weights = random_cells(5, 300)
    objective = module.bg_nbd_objective(x, tx / 7, big_t / 7, weights)
    values = [objective(np.array([0.7, 4.0, 0.02 * scale, scale]))[0] for scale in (1e8, 1e11, 1e13)]
    assert values[1] == pytest.approx(values[0], abs=1e-4)
    assert values[2] == pytest.approx(values[0], abs=1e-4)


def test_a_likelihood_that_is_nowhere_finite_is_not_converged() -> None:
    # The optimiser sees a huge value and a flat gradient where the likelihood is not a number;
    # that flat gradient must not pass for convergence.
    import numpy as np

    module = fits_module()
    _, _, converged = module.fit(lambda params: (float("nan"), np.zeros(len(params))), 3, 10.0)
    assert converged is False


def test_fit_is_deterministic_and_ignores_row_order() -> None:
    import numpy as np

    module = fits_module()
    rng = np.random.default_rng(7)
    x = rng.poisson(1.5, 400)
    big_t = rng.integers(60, 400, 400)
    tx = np.where(x > 0, (big_t * rng.random(400)).astype(int), 0)
    m = np.where(x > 0, 20 + 30 * rng.random(400), np.nan)
    cells = {"frequency": x, "recency": tx, "t": big_t, "customers": np.ones(400, dtype=int)}
    gg = {
        "frequency": x[x > 0],
        "monetary_value": m[x > 0],
        "customers": np.ones(int((x > 0).sum()), dtype=int),
    }
    first = module.fit_models(cells, gg, 100)
    again = module.fit_models(cells, gg, 100)
    assert first == again
    assert math.isfinite(first[0]["r"])
    assert first[0]["is_converged"]


def test_parameters_history_keeps_a_row_per_as_of_date_and_model(
    dbt_project: DbtProject, tmp_path: Path
) -> None:
    # customer_prediction_models holds the current build only; the snapshot keeps every as_of
    # date: two dates -> two rows per model, the same date again -> no new row (the first kept).
    folder = tmp_path / "raw"
    folder.mkdir()
    write_csv(folder, "customers", ["customer_id"], [["c1"], ["c2"], ["c3"]])
    orders = [
        ["o1", "c1", "2026-01-01", "10"],
        ["o2", "c1", "2026-02-01", "20"],
        ["o3", "c2", "2026-03-01", "5"],
        ["o4", "c3", "2026-05-01", "7"],
    ]
    write_csv(folder, "orders", ["order_id", "customer_id", "ordered_at", "order_total"], orders)
    write_csv(folder, "order_lines", ["order_line_id", "order_id", "quantity"], [["l1", "o1", "1"]])
    build = ["build", "--select", "+customer_prediction_model_history", *BUILD[3:]]
    history = (
        "select cast(as_of_date as varchar), model, customers_used, is_converged, loaded_at"
        " from marts.customer_prediction_model_history order by 1, 2"
    )
    for as_of in ("2026-03-31", "2026-06-30"):
        dbt_project.run(build, vars={"as_of_date": as_of, "raw_path": str(folder)})
    first = dbt_project.query(history)
    assert [row[:4] for row in first] == [
        ("2026-03-31", "bg_nbd", 2, False),
        ("2026-03-31", "gamma_gamma", 1, False),
        ("2026-06-30", "bg_nbd", 3, False),
        ("2026-06-30", "gamma_gamma", 1, False),
    ]
    assert first[0][4] < first[2][4]  # each as_of date stamped by the run that recorded it
    dbt_project.run(build, vars={"as_of_date": "2026-06-30", "raw_path": str(folder)})
    assert dbt_project.query(history) == first
    current = dbt_project.query("select count(*), max(loaded_at) from marts.customer_prediction_models")
    assert current[0][0] == 2
    assert current[0][1] > first[2][4]  # the current table is rewritten, the history row is not
