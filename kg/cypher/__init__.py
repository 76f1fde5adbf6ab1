"""Cypher over the knowledge graph: embedded (LadybugDB), Neo4j and FalkorDB.

>>> from kg.cypher import open_graph
>>> with open_graph("graph.json") as conn:                       # doctest: +SKIP
...     conn.run("MATCH (m:Model) RETURN m.name AS name LIMIT 3")
"""

from __future__ import annotations

from .embedded import EmbeddedConnection
from .server import CypherConnection, FalkorDBConnection, Neo4jConnection, connect


def open_graph(graph_path) -> EmbeddedConnection:
    """Embedded, read-only Cypher over a graph file (its database cached beside it)."""
    return EmbeddedConnection.open(graph_path)


__all__ = [
    "CypherConnection",
    "EmbeddedConnection",
    "FalkorDBConnection",
    "Neo4jConnection",
    "connect",
    "open_graph",
]
