"""Shared pytest fixtures: run dbt against throw-away DuckDB files, never the real warehouse."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DBT = BIN / "dbt"
SCRIPTS = REPO / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))


@dataclass
class DbtRun:
    """The result of one dbt invocation."""

    returncode: int
    stdout: str
    stderr: str
    target_path: Path

    def results(self) -> dict[str, str]:
        """unique_id -> status from run_results.json."""
        data = json.loads((self.target_path / "run_results.json").read_text())
        return {r["unique_id"]: r["status"] for r in data["results"]}


class DbtProject:
    """dbt bound to one DuckDB file and one target folder under a pytest tmp dir."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.db_path = workdir / "warehouse.duckdb"
        self.target_path = workdir / "target"
        self.env = {
            **os.environ,
            "DUCKDB_PATH": str(self.db_path),
            "DUCKDB_TEMP_DIR": str(workdir / "duckdb_tmp"),
            "DBT_PROFILES_DIR": str(REPO),
            "SHOP_SEGMENTS_HOME": str(REPO),
            "DBT_LOG_PATH": str(workdir / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }

    def run(self, args: Sequence[str], vars: dict | None = None, check: bool = True) -> DbtRun:
        cmd = [str(DBT), *args, "--project-dir", str(REPO), "--target-path", str(self.target_path)]
        if vars:
            cmd += ["--vars", json.dumps(vars)]
        proc = subprocess.run(cmd, cwd=REPO, env=self.env, capture_output=True, text=True, check=False)
        result = DbtRun(proc.returncode, proc.stdout, proc.stderr, self.target_path)
        if check and proc.returncode != 0:
            tail = "\n".join(proc.stdout.splitlines()[-60:])
            command = " ".join(args)
            raise AssertionError(f"dbt {command} failed ({proc.returncode}):\n{tail}\n{proc.stderr[-2000:]}")
        return result

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return con.sql(sql).fetchall()


@pytest.fixture
def dbt_project(tmp_path: Path) -> DbtProject:
    """A fresh, empty warehouse for one test."""
    return DbtProject(tmp_path)


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """The demo shop built once per pytest session (as_of 2026-06-30), shared read-only by tests."""
    project = DbtProject(tmp_path_factory.mktemp("demo"))
    project.run(["build"], vars={"as_of_date": "2026-06-30"})
    return project


@functools.cache
def export_fields_sql() -> str:
    """The select of the dbt model customer_export_fields, compiled once, reading marts.dim_customers.

    Hand-made export warehouses create the real model's view from it (create_export_fields_view),
    so export tests exercise the formatting dbt does, without a dbt build per test."""
    target = Path(tempfile.mkdtemp(prefix="export_fields_"))
    env = {**os.environ, "DBT_PROFILES_DIR": str(REPO), "SHOP_SEGMENTS_HOME": str(REPO)}
    env["DUCKDB_PATH"] = str(target / "compile.duckdb")
    cmd = [str(DBT), "compile", "-q", "-s", "customer_export_fields", "--project-dir", str(REPO)]
    subprocess.run([*cmd, "--target-path", str(target)], cwd=REPO, env=env, check=True, capture_output=True)
    (compiled,) = target.glob("compiled/**/customer_export_fields.sql")
    return re.sub(r'"[^"]+"\."marts"\."dim_customers"', "marts.dim_customers", compiled.read_text())


def create_export_fields_view(con: duckdb.DuckDBPyConnection) -> None:
    """Create marts.customer_export_fields (the dbt model's SQL) over marts.dim_customers."""
    con.execute(f"create view marts.customer_export_fields as {export_fields_sql()}")
