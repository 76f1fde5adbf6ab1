"""kg: a knowledge graph of ML methods, models, datasets, tasks and metrics from abstracts.

>>> import kg
>>> report = kg.build(["examples/abstracts.txt"], "graph.json")   # doctest: +SKIP
>>> g = kg.load("graph.json")                                      # doctest: +SKIP
>>> [e["name"] for e in g.entities("Task")][:3]                    # doctest: +SKIP
"""

from .api import BuildReport, build, extract, load
from .errors import ConnectionFailed, GraphFileError, InputError, KGError, ModelError, QueryError
from .graph import EntityNotFound, KnowledgeGraph
from .models import Paper, PaperExtraction
from .readers import read_papers


def query(graph, cypher: str, params: dict | None = None) -> list[dict]:
    """Run a read-only Cypher query on a graph file (embedded engine, cached beside it).

    >>> kg.query("graph.json", "MATCH (m:Model) RETURN m.name AS name LIMIT 3")  # doctest: +SKIP
    """
    from .cypher import open_graph

    with open_graph(graph) as conn:
        return conn.run(cypher, params or {})


def render(graph, path, **options):
    """Write an interactive page of a graph (a :class:`KnowledgeGraph` or a graph file);
    see :func:`kg.pages.render` for the options (``focus``, ``depth``, ``papers``, ``top``)."""
    from .pages import render as _render

    if not isinstance(graph, KnowledgeGraph):
        graph = KnowledgeGraph.load(graph)
    return _render(graph, path, **options)


__version__ = "0.1.0"

__all__ = [
    "BuildReport",
    "ConnectionFailed",
    "EntityNotFound",
    "GraphFileError",
    "InputError",
    "KGError",
    "KnowledgeGraph",
    "ModelError",
    "Paper",
    "PaperExtraction",
    "QueryError",
    "build",
    "extract",
    "load",
    "read_papers",
]
