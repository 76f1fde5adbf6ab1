"""The query library: named, parameterised Cypher queries, one ``.cypher`` file each.

Each file opens with a comment block::

    // name: methods_for_task
    // description: Methods and models applied to a task (APPLIED_TO), best supported first.
    // params:
    //   task (string, example "image classification"): task name (any case) or key
    //   limit (int, default 25, example 10): at most this many rows

Types are ``string``, ``int``, ``float``, ``bool`` and ``list``; defaults and examples
are JSON values. The queries use only Cypher that LadybugDB (through
:func:`kg.cypher.dialect.to_ladybug`), Neo4j 5 and FalkorDB all run, and order their rows
completely (ties broken by name, then key).

Examples
--------
>>> q = get("top_entities")
>>> [p.name for p in q.params]
['label', 'limit']
>>> q.bind({"label": "Model"})
{'label': 'Model', 'limit': 20}
>>> len(names()) >= 12
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from kg.errors import QueryError

TYPES = {"string": str, "int": int, "float": float, "bool": bool, "list": list}
_PARAM = re.compile(
    r"^(?P<name>\w+) \((?P<type>\w+)(?:, default (?P<default>.+?))?, example (?P<example>.+?)\):"
    r" (?P<doc>.+)$"
)
_MISSING = object()


@dataclass(frozen=True)
class Param:
    """One parameter of a library query."""

    name: str
    type: str
    description: str
    example: Any
    default: Any = _MISSING

    @property
    def required(self) -> bool:
        return self.default is _MISSING

    def describe(self) -> str:
        """One line for ``kg queries``."""
        extra = f"example {json.dumps(self.example)}"
        if not self.required:
            extra = f"default {json.dumps(self.default)}, {extra}"
        return f"${self.name} ({self.type}, {extra}): {self.description}"


@dataclass(frozen=True)
class Query:
    """A named query: its text, description and parameters."""

    name: str
    description: str
    text: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    def bind(self, given: dict | None = None) -> dict:
        """Parameters for a run: defaults filled in, unknown or missing ones refused.

        Values of the wrong type are converted when that is lossless (``"5"`` for an int).
        """
        given = dict(given or {})
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join('$' + u for u in unknown)} "
                f"(it takes {', '.join('$' + p for p in known) or 'none'})"
            )
        out = {}
        for p in self.params:
            if p.name in given:
                out[p.name] = _coerce(self.name, p, given[p.name])
            elif p.required:
                raise QueryError(
                    f"query {self.name!r} needs parameter ${p.name} ({p.type}), "
                    f"e.g. --param {p.name}={_cli_value(p.example)}"
                )
            else:
                out[p.name] = p.default
        return out

    def examples(self) -> dict:
        """Every parameter's example value."""
        return {p.name: p.example for p in self.params}


def _cli_value(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value) if " " in value else value
    return json.dumps(value)


def _coerce(query: str, param: Param, value: Any) -> Any:
    wanted = TYPES[param.type]
    if (
        value is None
        or isinstance(value, wanted)
        and not (wanted is int and isinstance(value, bool))
    ):
        return value
    try:
        if wanted is str:
            return str(value)
        if wanted is int and isinstance(value, str | float) and float(value) == int(float(value)):
            return int(float(value))
        if wanted is float and isinstance(value, int | str) and not isinstance(value, bool):
            return float(value)
    except ValueError:
        pass
    raise QueryError(
        f"query {query!r}: parameter ${param.name} must be {param.type}, not {value!r}"
    )


def parse(text: str, source: str = "<query>") -> Query:
    """Read a query file's header and text.

    Examples
    --------
    >>> q = parse('''// name: demo
    ... // description: Counts
    ... //   things.
    ... // params:
    ... //   n (int, default 3, example 5): how many
    ... RETURN $n AS n''')
    >>> q.name, q.description, q.params[0].default, q.text
    ('demo', 'Counts things.', 3, 'RETURN $n AS n')
    """
    header: dict[str, str] = {}
    params: list[Param] = []
    body: list[str] = []
    section = None
    for line in text.splitlines():
        stripped = line.strip()
        if body or not stripped.startswith("//"):
            if stripped or body:
                body.append(line)
            continue
        content = stripped[2:].strip()
        key, sep, value = content.partition(":")
        if sep and key in ("name", "description", "params") and not line.startswith("//   "):
            section = key
            if key != "params":
                header[key] = value.strip()
            continue
        if section == "params" and content:
            m = _PARAM.match(content)
            if m is None:
                raise QueryError(f"{source}: cannot read parameter line {content!r}")
            try:
                default = _MISSING if m["default"] is None else json.loads(m["default"])
                example = json.loads(m["example"])
            except json.JSONDecodeError as exc:
                raise QueryError(f"{source}: parameter {m['name']}: {exc}") from None
            if m["type"] not in TYPES:
                raise QueryError(f"{source}: parameter {m['name']}: unknown type {m['type']}")
            params.append(Param(m["name"], m["type"], m["doc"], example, default))
        elif section == "description" and content:
            header["description"] = f"{header['description']} {content}".strip()
    if "name" not in header:
        raise QueryError(f"{source}: no '// name:' line in the header")
    return Query(
        name=header["name"],
        description=header.get("description", ""),
        text="\n".join(body).strip(),
        params=tuple(params),
    )


@cache
def load_all() -> dict[str, Query]:
    """Every query of the library, by name (read once)."""
    out = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            query = parse(entry.read_text(encoding="utf-8"), entry.name)
            out[query.name] = query
    return out


def names() -> list[str]:
    """Names of the library's queries, sorted."""
    return sorted(load_all())


def get(name: str) -> Query:
    """The query with this name.

    Raises
    ------
    QueryError
        For an unknown name (the message lists the known ones).
    """
    try:
        return load_all()[name]
    except KeyError:
        raise QueryError(
            f"no query named {name!r} in the library (known: {', '.join(names())})"
        ) from None
