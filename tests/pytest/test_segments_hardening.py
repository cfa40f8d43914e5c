"""Hostile and careless segment definitions: every text is inert (never a dbt template), the
language is bounded, and any input gives a one-line error, never a traceback."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import generate_segments
import pytest
import yaml
from benchmark import copy_ignore
from conftest import DBT, REPO
from segment_lang.generate import canonical_json

v = importlib.import_module("segment_lang.validate")  # the package exports a function of that name
SECRET = "s3cr3t-value-from-the-environment"  # noqa: S105 - a marker to search for, not a password
HEADER = "segments:\n  - name: x\n    description: d\n"


def write(project: Path, text: str) -> Path:
    (project / "segments").mkdir(parents=True, exist_ok=True)
    (project / "models").mkdir(exist_ok=True)
    path = project / "segments" / "segments.yml"
    path.write_text(text)
    return path


def generate(project: Path, *args: str) -> subprocess.CompletedProcess:
    """The generator as a user runs it (a subprocess: a traceback would show in stderr)."""
    env = {**os.environ, "SOME_SECRET": SECRET}
    script = REPO / "scripts" / "generate_segments.py"
    return subprocess.run(
        [sys.executable, str(script), "--project-dir", str(project), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,  # a hang guard, not a timing test
        check=False,
    )


def assert_refused(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr, proc.stderr
    assert SECRET not in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (HEADER + "    where: {city: {eq: \"{{ env_var('SOME_SECRET', 'x') }}\"}}\n",
         "segments[0].where.city.eq"),
        ("segments:\n  - name: x\n    description: '50% off {{ sale'\n    where: {orders_count: {gt: 1}}\n",
         "segments[0].description"),
        ("segments:\n  - name: x\n    description: d\n    owner: '{% if true %}me{% endif %}'\n"
         "    where: {orders_count: {gt: 1}}\n", "segments[0].owner"),
        (HEADER + "    where: {has_tag: '{# comment'}\n", "segments[0].where.has_tag"),
        (HEADER + "    where: {attribute: {name: '{{ x }}', eq: a}}\n", "segments[0].where.attribute.name"),
        (HEADER + "    where: {'{{ k }}': {eq: 1}}\n", "segments[0].where.{{ k }}"),
    ],
)  # fmt: skip
def test_template_text_is_refused_with_its_key_path(tmp_path, text, path):
    write(tmp_path, text)
    proc = generate(tmp_path)
    assert_refused(proc, f"{path}: the ", "which dbt would read as a template")
    assert not (tmp_path / "models" / "segments").exists()  # nothing was written


def _nested_not(depth: int, block: bool) -> str:
    if not block:
        return HEADER + "    where: " + "{not: " * depth + "{orders_count: {gt: 1}}" + "}" * depth + "\n"
    lines = [HEADER + "    where:"]
    lines += ["  " * (3 + i) + "not:" for i in range(depth)]
    lines.append("  " * (3 + depth) + "orders_count: {gt: 1}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("block", [False, True])
def test_ten_thousand_nested_not_is_refused_with_path_and_limit(tmp_path, block):
    write(tmp_path, _nested_not(10_000 if not block else 1_000, block))
    proc = generate(tmp_path)
    assert_refused(
        proc, "segments[0].where.not(x", f"nested deeper than the limit of {v.MAX_YAML_DEPTH} levels"
    )


def test_condition_depth_limit(tmp_path):
    write(tmp_path, _nested_not(v.MAX_CONDITION_DEPTH + 1, block=False))
    assert_refused(generate(tmp_path), f"deeper than the limit of {v.MAX_CONDITION_DEPTH} (all / any / not)")
    write(tmp_path, _nested_not(v.MAX_CONDITION_DEPTH, block=False))
    proc = generate(tmp_path)
    assert proc.returncode == 0, proc.stderr


ALIAS_BOMB = """a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
"""


def test_alias_bomb_is_refused_by_its_expanded_size(tmp_path):
    write(
        tmp_path,
        ALIAS_BOMB + "segments:\n  - name: x\n    description: d\n    where: {country_code: {in: *f}}\n",
    )
    assert_refused(
        generate(tmp_path), f"expands (YAML aliases included) to more than the limit of {v.MAX_NODES:,}"
    )


def test_recursive_alias_is_refused(tmp_path):
    write(tmp_path, "segments: &s\n  - name: x\n    description: d\n    where: {all: *s}\n")
    assert_refused(generate(tmp_path), "nested deeper than the limit")


@pytest.mark.parametrize("number", [".nan", ".NaN", ".inf", "-.inf", ".Inf"])
def test_nan_and_infinity_are_refused(tmp_path, number):
    write(tmp_path, HEADER + f"    where: {{orders_count: {{gt: {number}}}}}\n")
    assert_refused(
        generate(tmp_path), "segments[0].where.orders_count.gt: expected a finite number", "(segment 'x')"
    )


def test_list_text_and_file_size_limits(tmp_path):
    values = ", ".join(f"'{i}'" for i in range(v.MAX_LIST_ITEMS + 1))
    write(tmp_path, HEADER + f"    where: {{postal_code: {{in: [{values}]}}}}\n")
    assert_refused(
        generate(tmp_path), "segments[0].where.postal_code.in: a list of 10,001 items; the limit is 10,000"
    )
    write(tmp_path, HEADER.replace("description: d", "description: " + "d" * (v.MAX_TEXT_LENGTH + 1)))
    assert_refused(generate(tmp_path), "segments[0].description: a value of 10,001 characters")
    write(tmp_path, "# " + "x" * v.MAX_FILE_BYTES + "\n")
    assert_refused(generate(tmp_path), "the file is larger than the limit of 2048 KiB")


@pytest.mark.parametrize(
    "text",
    [
        "segments: [",
        "\x00",
        "segments:\n  - !!python/object:os.system {}\n",
        "- - - -",
        "? [a]\n: b\n",
        "{{ x }}",
    ],
)
def test_broken_yaml_is_one_line_no_traceback(tmp_path, text):
    write(tmp_path, text)
    proc = generate(tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr


def _random_value(rng: random.Random, depth: int):
    pick = rng.random()
    if depth > 5 or pick < 0.35:
        return rng.choice(
            [None, True, 0, -1, 2.5, float("nan"), "", "x", "{{", "DK", "2026-02-30", "90 days", [], {},
             "eq", "all", "not", "orders_count", "purchased", 10**30]
        )  # fmt: skip
    if pick < 0.6:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    keys = ["all", "any", "not", "orders_count", "country_code", "purchased", "ordered", "attribute",
            "has_tag", "eq", "in", "between", "within", "name", "where", "description", "segments",
            "groups", 1, None, True]  # fmt: skip
    return {rng.choice(keys): _random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def test_fuzzed_documents_never_raise_anything_but_a_definition_error():
    columns = {"orders_count": "number", "country_code": "text", "tags": "list", "last_order_date": "date"}
    rng = random.Random(2026)  # noqa: S311 - test data
    for _ in range(3000):
        doc = {"segments": [{"name": "x", "description": "d", "where": _random_value(rng, 0)}]}
        if rng.random() < 0.3:
            doc = _random_value(rng, 0)
        try:
            v.validate(doc, columns)
        except v.SegmentDefinitionError:
            pass


# ---- through dbt: braces that are not Jinja stay plain text, and the hash holds ------------------

BRACES_SEGMENT = {
    "name": "braces_are_text",
    "description": "Sale {50%} }} %} #} {x} - plain text, not a template",
    "owner": "team {crm}",
    "where": {"any": [{"has_tag": "a}}b"}, {"city": {"eq": "{not jinja} %}"}}]},
}


def test_braces_build_as_text_and_definition_hash_is_sha256_of_stored_json(tmp_path):
    project = tmp_path / "project"
    ignore = copy_ignore(REPO)  # build output only at the top: models/marts/exports is a model folder
    shutil.copytree(REPO, project, ignore=ignore)
    definitions = project / "segments" / "segments.yml"
    doc = yaml.safe_load(definitions.read_text())
    doc["segments"].append(BRACES_SEGMENT)
    hostile = {
        "name": "leaks",
        "description": "d",
        "where": {"city": {"eq": "{{ env_var('SOME_SECRET', 'x') }}"}},
    }
    definitions.write_text(yaml.safe_dump({**doc, "segments": [*doc["segments"], hostile]}, sort_keys=False))
    assert_refused(generate(project), "which dbt would read as a template")
    definitions.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    assert generate(project).returncode == 0

    env = {
        **os.environ,
        "SOME_SECRET": SECRET,
        "DUCKDB_PATH": str(tmp_path / "w.duckdb"),
        "DUCKDB_TEMP_DIR": str(tmp_path / "duckdb_tmp"),
        "DBT_PROFILES_DIR": str(REPO),
        "SHOP_SEGMENTS_HOME": str(project),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    target = tmp_path / "target"
    proc = subprocess.run(
        [str(DBT), "run", "-s", "segment_definitions", "--project-dir", str(project),
         "--target-path", str(target)],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:]
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select segment_name, description, owner, definition_json, definition_hash "
            "from segments.segment_definitions"
        ).fetchall()
    assert len(rows) == len(doc["segments"])
    for name, _, _, text, digest in rows:
        assert digest == hashlib.sha256(text.encode("utf-8")).hexdigest(), name
    name, description, owner, text, _ = next(r for r in rows if r[0] == "braces_are_text")
    assert description == BRACES_SEGMENT["description"]
    assert owner == BRACES_SEGMENT["owner"]
    assert json.loads(text)["where"] == BRACES_SEGMENT["where"]
    assert text == canonical_json(json.loads(text))
    manifest = (target / "manifest.json").read_text()
    assert "a}}b" in manifest  # the plain text reached dbt unchanged
    for path in [*target.rglob("*"), tmp_path / "w.duckdb"]:
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_main_never_prints_a_traceback_for_an_unexpected_error(tmp_path, monkeypatch, capsys):
    write(tmp_path, HEADER + "    where: {orders_count: {gt: 1}}\n")

    def boom(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(generate_segments, "expected_files", boom)
    assert generate_segments.main(["--project-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "unexpected RuntimeError" in err
    assert "Traceback" not in err
