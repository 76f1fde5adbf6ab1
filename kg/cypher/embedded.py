"""Embedded Cypher over a graph file, with LadybugDB (the maintained fork of Kùzu).

The networkx graph stays the source of truth; its LadybugDB database is a read-only
cache built on demand next to the graph file (``graph.json`` -> ``graph.json.kgdb/``)
and rebuilt whenever the file's content hash changes.

Schema mapping
--------------
LadybugDB stores every node in exactly one typed *node table* and every relationship in
a typed *relationship table*; a node cannot carry two labels. The mapping is:

* one node table per main label: ``Paper``, ``Dataset``, ``Method``, ``Metric``,
  ``Model``, ``Task`` (plus any other label found in the graph), primary key ``key``,
  columns as in :mod:`kg.cypher.rows`;
* ``Entity`` is not a table: queries say ``(e:Entity)`` as on Neo4j and FalkorDB, and
  :func:`kg.cypher.dialect.to_ladybug` turns it into the label disjunction
  ``(e:Dataset:Method:Metric:Model:Task)`` (LadybugDB reads ``:A:B`` as *A or B*), so each
  entity is one node, reachable as ``:Model`` and as ``:Entity``;
* one relationship table per type (``USES``, ``APPLIED_TO``, ...) holding several
  ``FROM <label> TO <label>`` pairs: papers to every entity table for paper
  relationships, every entity table to every entity table for entity relationships,
  plus whatever pairs the graph holds;
* list properties are ``STRING[]``, ``evidence`` is a JSON ``STRING``.

Data are bulk loaded with ``COPY ... FROM (LOAD WITH HEADERS (...) FROM 'file.csv' ...)``
from temporary CSV files, one per node table and per relationship pair.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import GraphFileError, QueryError
from ..store import load_graph
from .dialect import ENTITY_LABELS, check_parameters, to_ladybug, write_clause
from .rows import (
    ENTITY_RELATIONSHIPS,
    PAPER_RELATIONSHIPS,
    REL_PROPERTIES,
    GraphRows,
    graph_rows,
    properties_for,
)
from .values import plain_rows

SCHEMA_VERSION = 3
DB_FILE = "graph.lbdb"
META_FILE = "meta.json"
_LIST_SEP = "\x1f"  # list items in CSV cells: a leading separator, then items joined by it
_STR_MARK = "\x1e"  # starts every non-null string cell, so that "" is not read as NULL


def cache_dir(graph_path: str | Path) -> Path:
    """Where the LadybugDB cache of a graph file lives.

    Examples
    --------
    >>> cache_dir("data/graph.json").as_posix()
    'data/graph.json.kgdb'
    """
    graph_path = Path(graph_path)
    return graph_path.with_name(graph_path.name + ".kgdb")


def file_hash(path: str | Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such graph file") from None
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot read graph file ({exc.strerror or exc})") from None
    return digest.hexdigest()


# --------------------------------------------------------------------------- schema


def _schema(rows: GraphRows) -> tuple[dict[str, dict[str, str]], dict[str, list[tuple]], list]:
    """Node tables, relationship tables with their FROM/TO pairs, and the entity labels."""
    entity_labels = set(ENTITY_LABELS)
    node_tables = {"Paper": properties_for("Paper")}
    for labels in rows.nodes:
        if "Entity" in labels:
            entity_labels.add(labels[0])
        node_tables.setdefault(labels[0], properties_for(labels[0]))
    for label in sorted(entity_labels):
        node_tables.setdefault(label, properties_for(label))
    entities = sorted(entity_labels)
    pairs: dict[str, set[tuple[str, str]]] = {}
    for rel in PAPER_RELATIONSHIPS:
        pairs[rel] = {("Paper", e) for e in entities}
    for rel in ENTITY_RELATIONSHIPS:
        pairs[rel] = {(a, b) for a in entities for b in entities}
    for rel_type, src, dst in rows.rels:
        pairs.setdefault(rel_type, set()).add((src, dst))
    return node_tables, {k: sorted(v) for k, v in sorted(pairs.items())}, entities


def _ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind.endswith("[]"):
        return _LIST_SEP + _LIST_SEP.join(str(v) for v in value)
    if kind == "INT64":
        return int(value)
    return _STR_MARK + str(value)


def _column_expr(name: str, kind: str) -> str:
    col = _ident(name)
    if kind.endswith("[]"):
        return f"list_filter(string_split({col}, '{_LIST_SEP}'), s -> s <> '')"
    if kind == "STRING":
        return f"substring({col}, 2, size({col}))"
    return col


def _copy(conn, table: str, columns: dict[str, str], rows, path: Path, options: str = "") -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(list(columns))
        for row in rows:
            writer.writerow([_cell(row.get(c), k) for c, k in columns.items()])
    typed = ", ".join(
        f"{_ident(c)} {'STRING' if k.endswith('[]') else k}" for c, k in columns.items()
    )
    exprs = ", ".join(_column_expr(c, k) for c, k in columns.items())
    source = path.as_posix().replace("'", "\\'")
    conn.execute(
        f"COPY {_ident(table)} FROM (LOAD WITH HEADERS ({typed}) FROM '{source}' "
        f"(header=true, parallel=false, quote='\"', escape='\"') RETURN {exprs}){options}"
    )


def build_database(graph: nx.MultiDiGraph, db_path: str | Path) -> dict:
    """Create a LadybugDB database holding ``graph`` (schema, then bulk load).

    Returns the metadata stored beside it (entity labels, counts).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("task:qa", key="task:qa", label="Task", labels=["Task", "Entity"],
    ...            name="question answering", aliases=[], paper_count=1)
    >>> import tempfile, os
    >>> meta = build_database(g, os.path.join(tempfile.mkdtemp(), "g.lbdb"))
    >>> meta["nodes"], meta["relationships"]
    (1, 0)
    """
    import ladybug

    rows = graph_rows(graph)
    node_tables, rel_tables, entities = _schema(rows)
    db = ladybug.Database(str(db_path))
    conn = ladybug.Connection(db)
    try:
        for table, columns in node_tables.items():
            cols = ", ".join(f"{_ident(c)} {k}" for c, k in columns.items())
            conn.execute(f"CREATE NODE TABLE {_ident(table)}({cols}, PRIMARY KEY(key))")
        rel_cols = ", ".join(f"{_ident(c)} {k}" for c, k in REL_PROPERTIES.items())
        for rel, pairs in rel_tables.items():
            ends = ", ".join(f"FROM {_ident(a)} TO {_ident(b)}" for a, b in pairs)
            conn.execute(f"CREATE REL TABLE {_ident(rel)}({ends}, {rel_cols})")
        with tempfile.TemporaryDirectory(prefix="kg-ladybug-") as tmp:
            for n, (labels, node_rows) in enumerate(sorted(rows.nodes.items())):
                table = labels[0]
                _copy(conn, table, node_tables[table], node_rows, Path(tmp) / f"n{n}.csv")
            columns = {"from": "STRING", "to": "STRING", **REL_PROPERTIES}
            for n, ((rel, src, dst), rel_rows) in enumerate(sorted(rows.rels.items())):
                flat = ({"from": r["src"], "to": r["dst"], **r["props"]} for r in rel_rows)
                options = ""
                if len(rel_tables[rel]) > 1:
                    options = f" (from='{src}', to='{dst}')"
                _copy(conn, rel, columns, flat, Path(tmp) / f"r{n}.csv", options)
    finally:
        conn.close()
        db.close()
    return {
        "entity_labels": entities,
        "node_tables": sorted(node_tables),
        "rel_tables": sorted(rel_tables),
        "nodes": rows.node_count,
        "relationships": rows.rel_count,
    }


# --------------------------------------------------------------------------- cache

_build_lock = threading.Lock()


def _read_meta(directory: Path) -> dict | None:
    try:
        return json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def ensure_database(graph_path: str | Path, *, rebuild: bool = False) -> tuple[Path, dict]:
    """The cached database of a graph file, (re)built when missing or stale.

    Returns the database file and its metadata. The cache is built in a temporary
    directory and moved into place, so readers never see half a database.
    """
    graph_path = Path(graph_path)
    digest = file_hash(graph_path)
    target = cache_dir(graph_path)
    import ladybug

    version = getattr(ladybug, "__version__", "?")
    with _build_lock:
        meta = _read_meta(target)
        if (
            not rebuild
            and meta
            and meta.get("graph_sha256") == digest
            and meta.get("schema_version") == SCHEMA_VERSION
            and meta.get("ladybug") == version
            and (target / DB_FILE).exists()
        ):
            return target / DB_FILE, meta
        graph = load_graph(graph_path)
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        except OSError as exc:
            raise GraphFileError(f"{target}: cannot create the Cypher cache ({exc})") from None
        try:
            meta = build_database(graph, tmp / DB_FILE)
            meta.update(graph_sha256=digest, schema_version=SCHEMA_VERSION, ladybug=version)
            (tmp / META_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            if target.exists():
                os.replace(target, old)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return target / DB_FILE, meta


# --------------------------------------------------------------------------- connection


def _engine_message(exc: Exception) -> str:
    """LadybugDB's message on one line (it includes the position when it has one)."""
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


class EmbeddedConnection:
    """Read-only Cypher over a LadybugDB database built from a graph.

    Use :meth:`open` for a graph file (cached database) or :meth:`from_graph` for an
    in-memory networkx graph.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("model:bert", key="model:bert", label="Model", labels=["Model", "Entity"],
    ...            name="BERT", aliases=["bert"], paper_count=2)
    >>> with EmbeddedConnection.from_graph(g) as conn:
    ...     conn.run("MATCH (e:Entity) RETURN e.name AS name, e.label AS label")
    [{'name': 'BERT', 'label': 'Model'}]
    """

    engine = "ladybug"

    def __init__(self, db_path: str | Path, meta: dict, *, read_only: bool = True) -> None:
        import ladybug

        self.meta = meta
        self._tmp: str | None = None
        self._db = ladybug.Database(str(db_path), read_only=read_only)
        self._conn = ladybug.Connection(self._db)
        self._labels = tuple(meta.get("entity_labels", ENTITY_LABELS))

    @classmethod
    def open(cls, graph_path: str | Path, *, rebuild: bool = False) -> EmbeddedConnection:
        """Open the cached database of a graph file (building it if needed)."""
        db_path, meta = ensure_database(graph_path, rebuild=rebuild)
        return cls(db_path, meta)

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph) -> EmbeddedConnection:
        """Build a throw-away database for an in-memory graph (removed on close)."""
        tmp = tempfile.mkdtemp(prefix="kg-ladybug-")
        meta = build_database(graph, Path(tmp) / DB_FILE)
        conn = cls(Path(tmp) / DB_FILE, meta)
        conn._tmp = tmp
        return conn

    def translate(self, query: str) -> str:
        """The query as LadybugDB will run it."""
        return to_ladybug(query, self._labels)

    def run(self, query: str, params: dict | None = None) -> list[dict]:
        """Run a read query; rows as plain dicts in column order.

        Raises
        ------
        QueryError
            For a write clause, a missing parameter, or anything the engine rejects.
        """
        clause = write_clause(query)
        if clause is not None:
            raise QueryError(
                f"{clause} is not allowed: the embedded Cypher database is a read-only view "
                "of the graph file (change the graph with kg build, or push it to a server)"
            )
        params = dict(params or {})
        check_parameters(query, params)
        text = self.translate(query)
        try:
            result = self._conn.execute(text, params)
        except RuntimeError as exc:
            raise QueryError(_engine_message(exc)) from None
        try:
            if isinstance(result, list):  # several statements: the last one's rows
                result = result[-1]
            columns = result.get_column_names()
            records = []
            while result.has_next():
                records.append(result.get_next())
        except RuntimeError as exc:
            raise QueryError(_engine_message(exc)) from None
        return plain_rows(columns, records)

    def close(self) -> None:
        """Close the database (and remove a throw-away one)."""
        try:
            self._conn.close()
            self._db.close()
        finally:
            if self._tmp:
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = None

    def __enter__(self) -> EmbeddedConnection:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
