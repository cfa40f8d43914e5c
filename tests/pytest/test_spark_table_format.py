"""What var spark_table_format switches on Spark, checked from dbt's parsed project (`dbt ls`
starts no SparkSession, so this needs no Java): plain Parquet disables the snapshots and the
history models that read them and builds the incremental facts as tables; Delta turns them all on
with the merge strategy. DuckDB is unaffected by the var."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import DBT, REPO

pytestmark = pytest.mark.dbt

SNAPSHOTS = {
    "segment_memberships_snapshot",
    "segment_history_builds_snapshot",
}
HISTORY_MODELS = {"segment_membership_history", "segment_membership_events", "segment_size_history"}
HISTORY_MATERIALIZED = {
    "segment_membership_history": "view",
    "segment_membership_events": "view",
    "segment_size_history": "table",
}
# The fitted prediction parameters and their history: off on Spark whatever the table format
# (the dbt Python models they read run on DuckDB only), on with DuckDB.
PREDICTION_HISTORY = {"customer_prediction_models_snapshot", "customer_prediction_model_history"}
FACTS = {
    "fct_orders",
    "fct_order_lines",
    "stg_shop__orders",
    "stg_shop__order_lines",
    "customer_product_purchases",
}


def _nodes(tmp_path: Path, target: str, table_format: str | None) -> dict[str, dict]:
    """name -> {resource_type, config} of every enabled model and snapshot."""
    cmd = [
        str(DBT),
        "ls",
        "--target",
        target,
        "--resource-types",
        "model",
        "snapshot",
        "--output",
        "json",
        "--output-keys",
        "name",
        "resource_type",
        "config",
        "--project-dir",
        str(REPO),
        "--target-path",
        str(tmp_path / "target"),
        "--quiet",
    ]
    if table_format:
        cmd += ["--vars", json.dumps({"spark_table_format": table_format})]
    env = {
        **os.environ,
        "SHOP_SEGMENTS_HOME": str(REPO),
        "DBT_PROFILES_DIR": str(REPO),
        "DUCKDB_PATH": str(tmp_path / "ls.duckdb"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    nodes = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            node = json.loads(line)
            nodes[node["name"]] = node
    assert "customer_order_metrics" in nodes
    return nodes


def test_parquet_disables_what_needs_merge(tmp_path: Path) -> None:
    nodes = _nodes(tmp_path, "spark", None)
    assert not SNAPSHOTS & set(nodes)
    assert not HISTORY_MODELS & set(nodes)
    assert not PREDICTION_HISTORY & set(nodes)
    for fact in FACTS:
        assert nodes[fact]["config"]["materialized"] == "table"
        assert nodes[fact]["config"]["file_format"] == "parquet"
    # everything else still runs: the segment marts and the tables that feed the snapshots
    still_built = {
        "segment_memberships",
        "segment_summary",
        "customer_export_fields",
        "segment_history_build",
    }
    assert still_built <= set(nodes)


def test_delta_enables_snapshots_and_merge(tmp_path: Path) -> None:
    nodes = _nodes(tmp_path, "spark", "delta")
    assert SNAPSHOTS <= set(nodes)
    assert HISTORY_MODELS <= set(nodes)
    assert not PREDICTION_HISTORY & set(nodes)
    for fact in FACTS:
        assert nodes[fact]["config"]["materialized"] == "table"  # plain tables on every engine
        assert nodes[fact]["config"]["file_format"] == "delta"
    assert nodes["segment_memberships_snapshot"]["config"]["file_format"] == "delta"
    # on every engine: stays and events are views over the snapshot, the size trend a table
    for model in HISTORY_MODELS:
        assert nodes[model]["config"]["materialized"] == HISTORY_MATERIALIZED[model]


def test_duckdb_ignores_the_spark_table_format(tmp_path: Path) -> None:
    nodes = _nodes(tmp_path, "duckdb", None)
    assert SNAPSHOTS <= set(nodes)
    assert HISTORY_MODELS <= set(nodes)
    assert PREDICTION_HISTORY <= set(nodes)
    for fact in FACTS:
        assert nodes[fact]["config"]["materialized"] == "table"
    for model in HISTORY_MODELS:
        assert nodes[model]["config"]["materialized"] == HISTORY_MATERIALIZED[model]
