"""Lineage targets of the simplification (issue 13), computed from the manifest of `dbt parse`:
how long the longest chain of models from a raw source to dim_customers is, and which layer
reads which.
"""

from __future__ import annotations

import functools
import json

import pytest
from conftest import DbtProject

DIM_CUSTOMERS = "model.shop_segments.dim_customers"
MAX_MODELS_SOURCE_TO_DIM_CUSTOMERS = 6


@pytest.fixture(scope="module")
def parent_map(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    project = DbtProject(tmp_path_factory.mktemp("lineage"))
    project.run(["parse"], vars={"as_of_date": "2026-06-30"})
    manifest = json.loads((project.target_path / "manifest.json").read_text())
    return manifest["parent_map"]


def longest_model_path(parent_map: dict[str, list[str]], node: str) -> list[str]:
    """The longest chain source -> model -> ... -> node, as the list of its models (node last);
    empty when no source reaches node."""

    @functools.cache
    def chain(current: str) -> tuple[str, ...] | None:
        best: tuple[str, ...] | None = None
        for parent in parent_map.get(current, []):
            if parent.startswith("source."):
                candidate: tuple[str, ...] | None = ()
            elif parent.startswith("model."):
                candidate = chain(parent)
            else:
                continue
            if candidate is not None and (best is None or len(candidate) > len(best)):
                best = candidate
        return None if best is None else (*best, current)

    return list(chain(node) or ())


def test_longest_path_counts_models_only() -> None:
    parents = {
        "model.p.c": ["model.p.b", "seed.p.s"],
        "model.p.b": ["model.p.a", "source.p.x.t"],
        "model.p.a": ["source.p.x.t"],
        "model.p.z": ["seed.p.s"],
    }
    assert longest_model_path(parents, "model.p.c") == ["model.p.a", "model.p.b", "model.p.c"]
    assert longest_model_path(parents, "model.p.z") == []


def test_longest_path_from_a_source_to_dim_customers(parent_map: dict[str, list[str]]) -> None:
    path = longest_model_path(parent_map, DIM_CUSTOMERS)
    names = " -> ".join(node.split(".")[-1] for node in path)
    assert path, "no source reaches dim_customers"
    assert len(path) <= MAX_MODELS_SOURCE_TO_DIM_CUSTOMERS, f"{len(path)} models: {names}"


MAX_MODELS_AFTER_STAGING_TO_DIM_CUSTOMERS = MAX_MODELS_SOURCE_TO_DIM_CUSTOMERS - 1
STAGING_PREFIXES = ("stg_",)


def test_longest_path_after_staging_to_dim_customers(parent_map: dict[str, list[str]]) -> None:
    """The intermediate and mart part of the chain: at most 5 models after staging, whatever
    staging looks like (its models count as the source here), so with one staging model per
    table the whole chain is at most 6."""
    after_staging = {
        node: [
            "source." + parent if parent.split(".")[-1].startswith(STAGING_PREFIXES) else parent
            for parent in parents
        ]
        for node, parents in parent_map.items()
        if not node.split(".")[-1].startswith(STAGING_PREFIXES)
    }
    path = longest_model_path(after_staging, DIM_CUSTOMERS)
    names = " -> ".join(node.split(".")[-1] for node in path)
    assert path, "no staging model reaches dim_customers"
    assert len(path) <= MAX_MODELS_AFTER_STAGING_TO_DIM_CUSTOMERS, f"{len(path)} models: {names}"


def test_no_staging_model_reads_another_tables_staging(parent_map: dict[str, list[str]]) -> None:
    """A staging model reads its own raw table only (one model per raw table: parse, classify, keep);
    the tag models read their own table's staging model."""
    staging = [
        node
        for node in parent_map
        if node.startswith("model.") and node.split(".")[-1].startswith("stg_shop__")
    ]
    assert len(staging) == 8, staging
    for node in staging:
        name = node.split(".")[-1]
        model_parents = [p.split(".")[-1] for p in parent_map[node] if p.startswith("model.")]
        sources = [p.split(".")[-1] for p in parent_map[node] if p.startswith("source.")]
        table = name.removeprefix("stg_shop__")
        if table in {"customer_tags", "product_tags"}:
            assert model_parents == [f"stg_shop__{table.removesuffix('_tags')}s"], (name, model_parents)
            assert not sources, (name, sources)
        else:
            assert model_parents == [], (name, model_parents)
            assert sources == [table], (name, sources)


def test_no_intermediate_model_reads_a_mart(parent_map: dict[str, list[str]]) -> None:
    """Intermediate models read staging and other intermediate models only."""
    for node, parents in parent_map.items():
        if not node.startswith("model.shop_segments.int_"):
            continue
        model_parents = [p.split(".")[-1] for p in parents if p.startswith("model.")]
        assert all(parent.startswith(("int_", "stg_")) for parent in model_parents), (node, model_parents)
