"""Export a graph as GraphML, GEXF, ``neo4j-admin import`` CSV files or JSON lines.

Every format carries the properties of :mod:`kg.cypher.rows` (never the papers'
internal ``extraction``):

* ``graphml`` / ``gexf`` — one file; list properties and ``evidence`` are JSON text,
  ``labels`` is the colon-joined label list (``Model:Entity``); networkx reads both back.
* ``csv`` — a directory in the layout ``neo4j-admin database import full`` reads: one
  ``nodes_<Label>.csv`` per label set with ``key:ID`` and ``:LABEL`` columns, one
  ``rels_<TYPE>.csv`` per relationship type with ``:START_ID``, ``:END_ID`` and
  ``:TYPE``; integers are ``:long``, lists ``:string[]`` with ``;`` between items.
  Import with ``neo4j-admin database import full --nodes=nodes_Paper.csv ...``
  (``import.sh`` in the directory spells it out).
* ``jsonl`` — one file, a JSON object a line: ``{"kind": "node", "labels", "properties"}``
  then ``{"kind": "relationship", "type", "start", "end", "properties"}``.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import networkx as nx

from ..errors import GraphFileError, KGError
from .rows import REL_PROPERTIES, graph_rows, properties_for

FORMATS = ("graphml", "gexf", "csv", "jsonl")
_NEO4J_TYPES = {"STRING": "string", "INT64": "long", "STRING[]": "string[]"}


def _flat(value):
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes (what GraphML and GEXF can hold).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("model:bert", key="model:bert", label="Model", labels=["Model", "Entity"],
    ...            name="BERT", aliases=["bert"], paper_count=1)
    >>> flat_graph(g).nodes["model:bert"]["aliases"], flat_graph(g).nodes["model:bert"]["labels"]
    ('["bert"]', 'Model:Entity')
    """
    rows = graph_rows(graph)
    out = nx.MultiDiGraph()
    for labels, node_rows in rows.nodes.items():
        for props in node_rows:
            attrs = {k: _flat(v) for k, v in props.items() if v is not None}
            out.add_node(props["key"], labels=":".join(labels), **attrs)
    for (rel_type, _src, _dst), rel_rows in rows.rels.items():
        for r in rel_rows:
            attrs = {k: _flat(v) for k, v in r["props"].items() if v is not None}
            out.add_edge(r["src"], r["dst"], key=rel_type, **attrs)
    return out


def _csv_cell(value, kind: str):
    if value is None:
        return ""
    if kind == "STRING[]":
        return ";".join(str(v) for v in value)
    return value


def export_csv(graph: nx.MultiDiGraph, directory: Path) -> list[Path]:
    """Write ``neo4j-admin`` import CSV files into ``directory``; the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = graph_rows(graph)
    written = []
    args = []
    for labels, node_rows in sorted(rows.nodes.items()):
        columns = properties_for(labels[0])
        path = directory / f"nodes_{'_'.join(labels)}.csv"
        header = ["key:ID", ":LABEL"] + [
            f"{c}:{_NEO4J_TYPES[k]}" for c, k in columns.items() if c != "key"
        ]
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for props in node_rows:
                writer.writerow(
                    [props["key"], ";".join(labels)]
                    + [_csv_cell(props.get(c), k) for c, k in columns.items() if c != "key"]
                )
        written.append(path)
        args.append(f"--nodes={path.name}")
    by_type: dict[str, list] = defaultdict(list)
    for (rel_type, _s, _d), rel_rows in rows.rels.items():
        by_type[rel_type].extend(rel_rows)
    for rel_type, rel_rows in sorted(by_type.items()):
        path = directory / f"rels_{rel_type}.csv"
        props = {c: k for c, k in REL_PROPERTIES.items() if c != "type"}
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(
                [":START_ID", ":END_ID", ":TYPE"]
                + [f"{c}:{_NEO4J_TYPES[k]}" for c, k in props.items()]
            )
            for r in sorted(rel_rows, key=lambda r: (r["src"], r["dst"])):
                writer.writerow(
                    [r["src"], r["dst"], rel_type]
                    + [_csv_cell(r["props"].get(c), k) for c, k in props.items()]
                )
        written.append(path)
        args.append(f"--relationships={path.name}")
    script = directory / "import.sh"
    script.write_text(
        "#!/bin/sh\n# run inside this directory, with the Neo4j server stopped\n"
        "neo4j-admin database import full --overwrite-destination=true "
        + " ".join(args)
        + ' "${1:-neo4j}"\n',
        encoding="utf-8",
    )
    return [*written, script]


def export_jsonl(graph: nx.MultiDiGraph, path: Path) -> None:
    rows = graph_rows(graph)
    with open(path, "w", encoding="utf-8") as fh:
        for labels, node_rows in sorted(rows.nodes.items()):
            for props in node_rows:
                line = {"kind": "node", "labels": list(labels), "properties": props}
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        for (rel_type, _s, _d), rel_rows in sorted(rows.rels.items()):
            for r in rel_rows:
                line = {
                    "kind": "relationship",
                    "type": rel_type,
                    "start": r["src"],
                    "end": r["dst"],
                    "properties": r["props"],
                }
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def export_graph(graph: nx.MultiDiGraph, fmt: str, out: str | Path) -> list[Path]:
    """Write ``graph`` in ``fmt`` (see the module docstring); the paths written."""
    out = Path(out)
    if fmt not in FORMATS:
        raise KGError(f"unknown export format {fmt!r} (use one of {', '.join(FORMATS)})")
    try:
        if fmt == "csv":
            return export_csv(graph, out)
        if fmt == "jsonl":
            export_jsonl(graph, out)
        elif fmt == "graphml":
            nx.write_graphml(flat_graph(graph), out)
        else:
            nx.write_gexf(flat_graph(graph), out)
    except OSError as exc:
        raise GraphFileError(f"{out}: cannot write ({exc.strerror or exc})") from None
    return [out]
