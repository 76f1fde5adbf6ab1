"""Engine values to plain Python: nodes and relationships become property dicts.

Each engine returns its own node, relationship and path objects; the project hands
back only ``None``, ``bool``, ``int``, ``float``, ``str``, lists and dicts. A node or
relationship becomes the dict of its properties (properties that are null are left out,
as Neo4j and FalkorDB never store them); a path becomes ``{"nodes": [...],
"relationships": [...]}``; dates and times become ISO strings.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import uuid
from typing import Any

_LADYBUG_INTERNAL = ("_ID", "_LABEL")


def plain(value: Any) -> Any:
    """Convert one value returned by any engine.

    Examples
    --------
    >>> plain({"_ID": {"offset": 0, "table": 1}, "_LABEL": "Model", "name": "BERT", "title": None})
    {'name': 'BERT'}
    >>> plain({"_nodes": [{"_ID": 1, "_LABEL": "Task", "name": "qa"}], "_rels": []})
    {'nodes': [{'name': 'qa'}], 'relationships': []}
    >>> plain((1, 2.5, _dt.date(2024, 1, 2)))
    [1, 2.5, '2024-01-02']
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        if "_nodes" in value and "_rels" in value:
            return {
                "nodes": [plain(n) for n in value["_nodes"]],
                "relationships": [plain(r) for r in value["_rels"]],
            }
        if all(k in value for k in _LADYBUG_INTERNAL):
            return {
                k: plain(v) for k, v in value.items() if not k.startswith("_") and v is not None
            }
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, _dt.date | _dt.datetime | _dt.time):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return _engine_object(value)


def _engine_object(value: Any) -> Any:
    """Neo4j and FalkorDB graph objects, recognised by their module and shape."""
    module = type(value).__module__ or ""
    name = type(value).__name__
    if module.startswith("neo4j"):
        if name == "Path":
            return {
                "nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships],
            }
        if hasattr(value, "items") and hasattr(value, "element_id"):
            return {k: plain(v) for k, v in value.items() if v is not None}
        if hasattr(value, "iso_format"):
            return value.iso_format()
    if module.startswith("falkordb"):
        if name == "Path":
            return {
                "nodes": [plain(n) for n in value.nodes()],
                "relationships": [plain(r) for r in value.edges()],
            }
        if hasattr(value, "properties"):
            return {k: plain(v) for k, v in value.properties.items() if v is not None}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def plain_rows(columns: list[str], records) -> list[dict]:
    """Rows as dicts in column order, every value converted with :func:`plain`."""
    return [dict(zip(columns, (plain(v) for v in record), strict=True)) for record in records]
