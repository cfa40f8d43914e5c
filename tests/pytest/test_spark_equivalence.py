"""The same project on Spark (dbt-spark, `session` method: a local SparkSession, no cluster).

One `dbt build --target spark` of the demo shop (seeds, every model, unit test and data test, in
one dbt process and so one SparkSession), then the marts are compared row by row with the DuckDB
build of the same shop (the session-wide `demo_warehouse`, built from the seeds). The Spark build
reads the shop through `raw_path`, from a folder holding half of the six raw tables as Parquet and
half as the seed CSV files, so Spark's raw-file reading is checked against DuckDB's seeds too.
Spark writes plain Parquet tables (the default spark_table_format), which DuckDB reads straight
from the Spark warehouse folder, so the comparison needs no second JVM.

Marked `spark`; skipped when Java or pyspark is missing (`make test` runs it where both are).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import DBT, REPO, DbtProject

pytestmark = [pytest.mark.spark, pytest.mark.dbt]

AS_OF = "2026-06-30"
# The marts the issue names, plus the customer dimension and the order facts they come from.
COMPARED = {
    "customer_order_metrics": ("marts", "customer_order_metrics"),
    "segment_memberships": ("segments", "segment_memberships"),
    "segment_summary": ("segments", "segment_summary"),
    "dim_customers": ("marts", "dim_customers"),
    "fct_orders": ("marts", "fct_orders"),
}
# Columns that legitimately differ between two builds: when the build ran; and the customer
# predictions, fitted by dbt Python models that run on DuckDB only (null on Spark, see
# docs/engines.md), with the example segments built on them (named predicted_*).
IGNORED_COLUMNS = {
    "loaded_at",
    "probability_alive",
    "expected_orders_30d",
    "expected_orders_90d",
    "expected_orders_365d",
    "expected_order_value",
    "predicted_clv_365d",
    "predicted_clv_score",
    "churn_risk",
}
PREDICTION_SEGMENTS = "starts_with(segment_name, 'predicted_')"


def _raw_folder(folder: Path) -> Path:
    """The demo shop's raw tables in `folder`: alternately as Parquet (text columns) and CSV."""
    folder.mkdir()
    seeds = sorted((REPO / "seeds" / "demo").glob("*.csv"))
    with duckdb.connect() as con:
        for index, csv in enumerate(seeds):
            if index % 2 == 0:
                target = folder / f"{csv.stem}.parquet"
                con.execute(
                    f"copy (select * from read_csv('{csv}', all_varchar = true, header = true))"
                    f" to '{target}' (format parquet)"
                )
            else:
                shutil.copy(csv, folder / csv.name)
    assert {p.suffix for p in folder.iterdir()} == {".parquet", ".csv"}
    return folder


def _java_available() -> bool:
    if shutil.which("java") is None:
        return False
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="session")
def spark_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build and test the demo shop on Spark local once; return the Spark warehouse folder."""
    if not _java_available():
        pytest.skip("Spark tests need Java (17+) and pyspark")
    workdir = tmp_path_factory.mktemp("spark")
    warehouse = workdir / "spark-warehouse"
    raw = _raw_folder(workdir / "raw")
    env = {
        **os.environ,
        "SHOP_SEGMENTS_HOME": str(REPO),
        "DBT_PROFILES_DIR": str(REPO),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "SPARK_WAREHOUSE_DIR": str(warehouse),
        "SPARK_METASTORE_DIR": str(workdir / "metastore"),
        "SPARK_DRIVER_MEMORY": "2g",
        # a machine whose hostname does not resolve still runs Spark local
        "SPARK_LOCAL_IP": "127.0.0.1",
    }
    cmd = [
        str(DBT),
        "build",
        "--target",
        "spark",
        "--project-dir",
        str(REPO),
        "--target-path",
        str(workdir / "target"),
        "--vars",
        json.dumps({"as_of_date": AS_OF, "raw_path": str(raw)}),
    ]
    proc = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, check=False)
    log = proc.stdout
    if proc.returncode != 0:
        problems = [line for line in log.splitlines() if "ERROR" in line or "FAIL" in line]
        raise AssertionError(
            "dbt build --target spark failed:\n" + "\n".join(problems[-40:]) + "\n" + log[-3000:]
        )
    assert "spark_table_format is 'parquet', which has no MERGE" in log, "the Parquet notice is missing"
    assert not (REPO / "derby.log").exists(), "the local metastore wrote derby.log into the repo"
    # staging read raw_path (external tables over the files), not the seeds
    debug_log = (workdir / "logs" / "dbt.log").read_text()
    for raw_file in sorted(raw.iterdir()):
        table = raw_file.name.replace(".", "_")
        fmt = raw_file.suffix.lstrip(".")
        assert f"create table raw_files.{table} using {fmt}" in debug_log, raw_file.name
    return warehouse


def _normalised(con: duckdb.DuckDBPyConnection, relation: str) -> str:
    """A select over `relation` with decimals to the cent and floating point to 1e-9."""
    columns = con.execute(f"describe select * from {relation}").fetchall()
    exprs = []
    for name, data_type, *_ in columns:
        if name in IGNORED_COLUMNS:
            continue
        if data_type.startswith("DECIMAL"):
            exprs.append(f"round({name}, 2) as {name}")
        elif data_type in ("DOUBLE", "FLOAT"):
            exprs.append(f"round({name}, 9) as {name}")
        else:
            exprs.append(name)
    names = [row[0] for row in columns]
    where = f" where not ({PREDICTION_SEGMENTS})" if "segment_name" in names else ""
    return f"select {', '.join(exprs)} from {relation}{where}"


def _column_names(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [row[0] for row in con.execute(f"describe select * from {relation}").fetchall()]


@pytest.mark.parametrize("model", list(COMPARED))
def test_spark_equals_duckdb(model: str, spark_build: Path, demo_warehouse: DbtProject) -> None:
    schema, table = COMPARED[model]
    files = spark_build / f"{schema}.db" / table
    assert any(files.glob("*.parquet")), f"Spark wrote no Parquet for {schema}.{table}"
    with duckdb.connect() as con:
        con.execute(f"attach '{demo_warehouse.db_path}' as duck (read_only)")
        con.execute(f"create view spark_side as select * from read_parquet('{files}/*.parquet')")
        con.execute(f"create view duck_side as select * from duck.{schema}.{table}")
        assert _column_names(con, "spark_side") == _column_names(con, "duck_side")
        duck_sql, spark_sql = _normalised(con, "duck_side"), _normalised(con, "spark_side")
        duck_rows = con.execute(f"select count(*) from ({duck_sql})").fetchone()[0]
        spark_rows = con.execute(f"select count(*) from ({spark_sql})").fetchone()[0]
        assert duck_rows > 0
        assert spark_rows == duck_rows
        only_duck = con.execute(f"{duck_sql} except all {spark_sql}").fetchmany(5)
        only_spark = con.execute(f"{spark_sql} except all {duck_sql}").fetchmany(5)
    assert not only_duck, f"{model}: rows only on DuckDB: {only_duck}\nonly on Spark: {only_spark}"
    assert not only_spark, f"{model}: rows only on Spark: {only_spark}"


def test_spark_build_left_no_files_in_the_repo(spark_build: Path) -> None:
    """Spark's local metastore and warehouse go where the profile says, not into the repo."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    strays = [line for line in status.splitlines() if "derby" in line or "metastore_db" in line]
    assert not strays, strays
