"""Push a graph to a Cypher server: schema first, then ``UNWIND $rows AS row MERGE`` batches.

Nodes are merged on ``key`` with all their labels (``:Paper``, or ``:Model:Entity``),
relationships on (start, type, end); every property is then set, so pushing the same
graph twice leaves the same nodes, relationships and values.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import networkx as nx

from .rows import graph_rows
from .server import CypherConnection

DEFAULT_BATCH_SIZE = 1000


@dataclass
class PushReport:
    """What a push did: counts, batches and seconds."""

    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        total = self.nodes + self.relationships
        return total / self.seconds if self.seconds else float("inf")


def _labels(labels: tuple[str, ...]) -> str:
    return "".join(f":`{x}`" for x in labels)


def node_statement(labels: tuple[str, ...]) -> str:
    """The MERGE statement for one batch of nodes with these labels.

    Examples
    --------
    >>> node_statement(("Model", "Entity"))
    'UNWIND $rows AS row MERGE (n:`Model`:`Entity` {key: row.key}) SET n += row.props'
    """
    return f"UNWIND $rows AS row MERGE (n{_labels(labels)} {{key: row.key}}) SET n += row.props"


def rel_statement(rel_type: str, src: str, dst: str) -> str:
    """The MERGE statement for one batch of relationships of a type between two labels.

    Examples
    --------
    >>> rel_statement("USES", "Paper", "Model")  # doctest: +NORMALIZE_WHITESPACE
    'UNWIND $rows AS row MATCH (a:`Paper` {key: row.src}) MATCH (b:`Model` {key: row.dst})
     MERGE (a)-[r:`USES`]->(b) SET r += row.props'
    """
    return (
        f"UNWIND $rows AS row MATCH (a:`{src}` {{key: row.src}}) "
        f"MATCH (b:`{dst}` {{key: row.dst}}) MERGE (a)-[r:`{rel_type}`]->(b) SET r += row.props"
    )


def create_schema(conn: CypherConnection, graph: nx.MultiDiGraph) -> list[str]:
    """Uniqueness on ``key`` for every label, indexes on entity names (an explicit step)."""
    rows = graph_rows(graph)
    labels = sorted({label for group in rows.nodes for label in group} | {"Paper", "Entity"})
    name_labels = sorted({label for group in rows.nodes if "Entity" in group for label in group})
    return conn.create_schema(labels, name_labels)  # type: ignore[attr-defined]


def push_graph(
    conn: CypherConnection,
    graph: nx.MultiDiGraph,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    schema: bool = True,
    progress=None,
) -> PushReport:
    """Create the schema (unless ``schema=False``) and merge every node and relationship.

    ``progress``, if given, is called with the number of rows after each batch.
    """
    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    start = time.perf_counter()
    if schema:
        create_schema(conn, graph)
    rows = graph_rows(graph)
    report = PushReport()
    for labels, node_rows in sorted(rows.nodes.items()):
        statement = node_statement(labels)
        for i in range(0, len(node_rows), batch_size):
            batch = [
                {"key": r["key"], "props": {k: v for k, v in r.items() if v is not None}}
                for r in node_rows[i : i + batch_size]
            ]
            conn.run(statement, {"rows": batch})
            report.nodes += len(batch)
            report.batches += 1
            if progress:
                progress(len(batch))
    for (rel_type, src, dst), rel_rows in sorted(rows.rels.items()):
        statement = rel_statement(rel_type, src, dst)
        for i in range(0, len(rel_rows), batch_size):
            batch = rel_rows[i : i + batch_size]
            conn.run(statement, {"rows": batch})
            report.relationships += len(batch)
            report.batches += 1
            if progress:
                progress(len(batch))
    report.seconds = time.perf_counter() - start
    return report
