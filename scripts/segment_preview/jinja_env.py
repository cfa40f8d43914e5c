"""Render the project's macros and models the way dbt does, without starting dbt.

`dbt compile` needs a full parse of the project (10-25 s); a preview needs one model rendered.
This module rebuilds, on plain jinja2, the small part of dbt's Jinja machinery that rendering
needs (the same as dbt_common.clients.jinja, whose import alone costs half a second: it pulls in
dbt's whole exception and schema machinery): the sandboxed environment with the `do` and
`loopcontrols` extensions, macros renamed `dbt_macro__<name>` so a name inside a macro body
resolves through the context (dbt's MacroFuzzParser), one template per `{% macro %}` block, and
`return()` as an exception caught by the macro's caller (dbt's MacroGenerator). Macros come from
the project's `macros/` and from dbt-duckdb's and the global project's macro files in
site-packages (root project over adapter over global project). What dbt's context adds is
stubbed with dbt's behaviour for what the segment macros use: `var`, `ref` (a relation resolved
by the caller), `adapter.dispatch` (`duckdb__` then `default__` in one flat namespace), the `dbt`
namespace, `api.Column.translate_type`, `modules`, `exceptions.raise_compiler_error`, `execute`,
`target`, `project_name`. Anything else a macro reaches for is undefined. The preview test
compares the SQL rendered here with dbt's compiled SQL, so any drift is caught.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import jinja2
import jinja2.ext
import jinja2.nodes
import jinja2.parser
import jinja2.sandbox

PROJECT_NAME = "shop_segments"
ADAPTER_TYPE = "duckdb"
# dbt's adapter.dispatch tries these prefixes in order (dbt-duckdb has no parent adapter).
DISPATCH_PREFIXES = (ADAPTER_TYPE, "default")
MACRO_PREFIX = "dbt_macro__"  # dbt_common.utils.jinja.MACRO_PREFIX


class RenderError(Exception):
    """A macro or model could not be rendered (one-line message)."""


def _site_packages_include() -> Path:
    import dbt.include

    return Path(next(iter(dbt.include.__path__)))


_MACRO_NAME = re.compile(r"\{%-?\s*macro\s+(\w+)")
# One macro block: from its `{% macro %}` tag through the first `{% endmacro %}` (macros do not nest).
_MACRO_BLOCK = re.compile(r"\{%-?\s*macro\s+(\w+).*?\{%-?\s*endmacro\s*-?%\}", re.DOTALL)


@functools.cache
def _macro_locations(folder: Path) -> dict[str, Path]:
    """macro name -> the file defining it (a quick scan; blocks are extracted on first use)."""
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.sql")):
        for name in _MACRO_NAME.findall(path.read_text(encoding="utf-8")):
            found[name] = path
    return found


@functools.cache
def _file_macros(path: Path) -> dict[str, str]:
    """macro name -> its source (one `{% macro %}` block), as dbt's parser extracts them."""
    text = path.read_text(encoding="utf-8")
    return {m.group(1): m.group(0) for m in _MACRO_BLOCK.finditer(text)}


class MacroIndex:
    """The macros of some folders, later folders overriding earlier ones (dbt: the adapter's
    macros override the global project's), read lazily."""

    def __init__(self, folders: list[Path]) -> None:
        self._where: dict[str, Path] = {}
        for folder in folders:
            self._where.update(_macro_locations(folder))

    def __contains__(self, name: str) -> bool:
        return name in self._where

    def names(self) -> list[str]:
        return list(self._where)

    def get(self, name: str) -> str | None:
        path = self._where.get(name)
        return _file_macros(path).get(name) if path else None


class _Column:
    """api.Column: dbt's BaseColumn.translate_type (dbt-duckdb keeps its TYPE_LABELS)."""

    TYPE_LABELS: ClassVar[dict[str, str]] = {"STRING": "TEXT"}

    @classmethod
    def translate_type(cls, dtype: str) -> str:
        return cls.TYPE_LABELS.get(dtype.upper(), dtype)


class CompilationError(RenderError):
    """exceptions.raise_compiler_error() in a macro."""


class MacroReturn(Exception):
    """return(value) in a macro: raised, caught by the macro's caller (as dbt does)."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


def _raise_compiler_error(msg: str, node: Any = None) -> None:
    raise CompilationError(msg)


def _return(value: Any) -> None:
    raise MacroReturn(value)


class _MacroParser(jinja2.parser.Parser):
    """dbt's MacroFuzzParser: `{% macro x %}` defines dbt_macro__x, so `x(...)` inside any macro
    body (even its own) is looked up in the context, where the callable wrapper lives."""

    def parse_macro(self) -> jinja2.nodes.Macro:
        node = jinja2.nodes.Macro(lineno=next(self.stream).lineno)
        node.name = MACRO_PREFIX + self.parse_assign_target(name_only=True).name
        self.parse_signature(node)
        node.body = self.parse_statements(("name:endmacro",), drop_needle=True)
        return node


class _Environment(jinja2.sandbox.SandboxedEnvironment):
    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        return _MacroParser(self, source, name, filename).parse()


@functools.cache
def _environment() -> _Environment:
    env = _Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    # dbt's text-mode filters (dbt_common.clients.jinja.TEXT_FILTERS)
    env.filters.update(
        as_text=lambda x: x,
        as_bool=lambda x: x,
        as_native=lambda x: x,
        as_number=lambda x: x,
        is_list=lambda x: isinstance(x, list),
    )
    return env


@functools.cache
def _compiled(source: str) -> jinja2.Template:
    return _environment().from_string(source)


class _MacroGenerator:
    """One macro callable as dbt calls it: a module of its template made with the context, and
    its return() value (else its rendered text) as the result."""

    def __init__(self, name: str, source: str, context: dict[str, Any]) -> None:
        self.name = name
        self.source = source
        self.context = context

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        module = _compiled(self.source).make_module(vars=self.context)
        try:
            return getattr(module, MACRO_PREFIX + self.name)(*args, **kwargs)
        except MacroReturn as ret:
            return ret.value


class _Namespace:
    """Attribute access to macros by name (the `dbt` namespace)."""

    def __init__(self, lookup: Callable[[str], Any]) -> None:
        self._lookup = lookup

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._lookup(name)


class _LazyMacro:
    """A macro in the context, looked up (and compiled) on its first call."""

    def __init__(self, lookup: Callable[[str], Any], name: str) -> None:
        self._lookup = lookup
        self._name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._lookup(self._name)(*args, **kwargs)


class DbtJinja:
    """A dbt-like rendering context over the project's macros (see the module docstring).

    `ref(name)` is answered by `resolve_ref(name) -> relation text`; `variables` are var()'s values.
    """

    def __init__(
        self,
        project_dir: Path,
        variables: dict[str, Any],
        resolve_ref: Callable[[str], str],
        run_started_at: dt.datetime | None = None,
    ) -> None:
        include = _site_packages_include()
        self._internal = MacroIndex(
            [include / "global_project" / "macros", include / ADAPTER_TYPE / "macros"]
        )
        self._project = MacroIndex([project_dir / "macros"])
        self.variables = dict(variables)
        self._resolve_ref = resolve_ref
        self._generators: dict[tuple[str, str], _MacroGenerator] = {}
        self.context: dict[str, Any] = {
            "var": self._var,
            "ref": self._ref,
            "return": _return,
            "execute": True,
            "project_name": PROJECT_NAME,
            "target": SimpleNamespace(type=ADAPTER_TYPE, name=ADAPTER_TYPE),
            "run_started_at": run_started_at or dt.datetime.now(dt.UTC),
            "modules": SimpleNamespace(re=re, datetime=dt),
            "exceptions": SimpleNamespace(raise_compiler_error=_raise_compiler_error),
            "adapter": SimpleNamespace(dispatch=self._dispatch),
            "api": SimpleNamespace(Column=_Column),
            "dbt": _Namespace(lambda name: self._macro(name, internal_only=True)),
        }
        # Every macro callable by its plain name, as in dbt's context (root project overrides);
        # a macro's source is read and compiled only when it is first called.
        for name in {*self._internal.names(), *self._project.names()}:
            self.context[name] = _LazyMacro(self._macro, name)

    # ---- the dbt context ------------------------------------------------------------------
    def _var(self, name: str, default: Any = None) -> Any:
        return self.variables.get(name, default)

    def _ref(self, *names: str, **_: Any) -> str:
        return self._resolve_ref(names[-1])

    def _macro(self, name: str, internal_only: bool = False) -> _MacroGenerator:
        source = None if internal_only else self._project.get(name)
        package = PROJECT_NAME
        if source is None:
            source, package = self._internal.get(name), "dbt"
        if source is None:
            raise RenderError(f"macro '{name}' not found in the project or dbt's macros")
        key = (package, name)
        if key not in self._generators:
            self._generators[key] = _MacroGenerator(name, source, self.context)
        return self._generators[key]

    def _dispatch(self, macro_name: str, macro_namespace: str | None = None) -> _MacroGenerator:
        # dbt: without a dispatch config, every namespace searches the one flat macro namespace.
        for prefix in DISPATCH_PREFIXES:
            name = f"{prefix}__{macro_name}"
            if name in self._project or name in self._internal:
                return self._macro(name)
        raise RenderError(f"adapter.dispatch: no macro '{macro_name}' for {ADAPTER_TYPE} or default")

    # ---- rendering --------------------------------------------------------------------------
    def call(self, macro_name: str, *args: Any, **kwargs: Any) -> Any:
        """Call one macro as dbt would (its return() value, else its rendered text)."""
        return self._macro(macro_name)(*args, **kwargs)

    def render(self, text: str) -> str:
        """Render a model's SQL text in this context (what dbt writes to target/compiled)."""
        return _environment().from_string(text, globals=self.context).render()
