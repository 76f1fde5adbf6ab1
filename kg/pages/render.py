"""The page API: :func:`render` for graph views, :func:`render_rows` for query results."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from ..errors import GraphFileError, KGError
from ..graph import KnowledgeGraph
from ..store import atomic_write_text
from .html import page_html
from .layout import python_layout
from .payload import build_payload
from .views import DEFAULT_TOP, View, focus_view, papers_view, row_keys, rows_view, whole_view

#: above this many nodes the layout is computed in Python and browser physics is off
LAYOUT_THRESHOLD = 2000
#: physics iterations for in-browser stabilisation
STABILIZATION_ITERATIONS = 400

GraphLike = KnowledgeGraph | nx.MultiDiGraph | str | Path


def as_knowledge_graph(graph: GraphLike) -> KnowledgeGraph:
    """A :class:`KnowledgeGraph` from a graph object or a graph file path."""
    if isinstance(graph, KnowledgeGraph):
        return graph
    if isinstance(graph, nx.Graph):
        return KnowledgeGraph(
            graph if isinstance(graph, nx.MultiDiGraph) else nx.MultiDiGraph(graph)
        )
    if isinstance(graph, str | Path):
        return KnowledgeGraph.load(graph)
    raise KGError(f"cannot draw a {type(graph).__name__}; give a KnowledgeGraph or a graph file")


def _write(g: nx.MultiDiGraph, view: View, path: str | Path, layout_threshold: int) -> Path:
    payload = build_payload(g, view)
    n = len(payload["nodes"])
    large = n > layout_threshold
    config = {"physics": not large, "large": large, "iterations": STABILIZATION_ITERATIONS}
    if large:
        pos = python_layout(
            [x["id"] for x in payload["nodes"]], [(e["from"], e["to"]) for e in payload["edges"]]
        )
        for node in payload["nodes"]:
            node["x"], node["y"] = pos[node["id"]]
        config["note"] = (
            f"{n:,} nodes is above {layout_threshold:,}: the layout was computed in Python "
            "and physics is off."
        )
    path = Path(path)
    try:
        atomic_write_text(path, page_html(payload, config))
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot write page ({exc.strerror or exc})") from None
    return path


def render(
    graph: GraphLike,
    path: str | Path,
    *,
    focus: str | None = None,
    depth: int = 1,
    papers: Iterable[str] | None = None,
    top: int | None = DEFAULT_TOP,
    with_papers: bool | None = None,
    layout_threshold: int = LAYOUT_THRESHOLD,
) -> Path:
    """Write an interactive, self-contained HTML page of a knowledge graph.

    Parameters
    ----------
    graph
        A :class:`~kg.graph.KnowledgeGraph`, its networkx graph, or a graph file path.
    path
        The HTML file to write (replaced atomically).
    focus, depth
        Draw the neighbourhood of the entity with this key, name or alias, up to ``depth``
        hops in either direction (a hop through a paper counts as one).
    papers
        Draw these papers (ids or ``paper:`` keys) and the entities they mention.
    top
        Keep at most this many entities, those with most papers (ties by name); ``None``
        or ``0`` keeps all. Not applied to ``papers`` views.
    with_papers
        Draw paper nodes too. Default: no for the whole graph, yes for ``focus``.
    layout_threshold
        Above this many nodes, positions are computed in Python and physics is off.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import kg, kg.pages                                        # doctest: +SKIP
    >>> kg.pages.render(kg.load("graph.json"), "rnn.html", focus="RNN", depth=1)  # doctest: +SKIP
    """
    kg = as_knowledge_graph(graph)
    if focus is not None and papers is not None:
        raise KGError("give either a focus entity or papers, not both")
    if focus is not None:
        view = focus_view(
            kg, focus, depth, top, papers=True if with_papers is None else with_papers
        )
    elif papers is not None:
        view = papers_view(kg, papers)
    else:
        view = whole_view(kg, top, papers=bool(with_papers))
    return _write(kg.graph, view, path, layout_threshold)


def _graph_from_dicts(dicts: dict[str, dict]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for key, d in dicts.items():
        attrs = {k: v for k, v in d.items() if isinstance(v, str | int | float | list | None)}
        labels = attrs.get("labels") if isinstance(attrs.get("labels"), list) else None
        label = attrs.get("label") or (labels[0] if labels else "Node")
        attrs.update(key=key, label=label, labels=labels or [label])
        if label != "Paper" and "Entity" not in attrs["labels"]:
            attrs["labels"] = [*attrs["labels"], "Entity"]
        attrs.setdefault("name", attrs.get("title") or key)
        g.add_node(key, **attrs)
    return g


def render_rows(
    rows: list[dict],
    graph: KnowledgeGraph | nx.MultiDiGraph | None,
    path: str | Path,
    *,
    layout_threshold: int = LAYOUT_THRESHOLD,
) -> Path:
    """Write a page for the rows of a Cypher query result.

    Draws the nodes the rows refer to (values that are node keys, entity names or aliases,
    paper ids, or dicts with a ``key``) and every edge of ``graph`` among them, above a
    table of the rows. Without ``graph``, dicts with a ``key`` are drawn without edges.
    When nothing in the rows refers to a node, the page is the table alone.

    Examples
    --------
    >>> rows = [{"m.name": "Transformer", "n": 12}]
    >>> kg.pages.render_rows(rows, kg.load("graph.json"), "q.html")   # doctest: +SKIP
    """
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise KGError("query rows must be a list of dicts")
    if graph is None:
        _, dicts = row_keys(rows, None)
        g = _graph_from_dicts(dicts)
        kg = KnowledgeGraph(g)
    else:
        kg = as_knowledge_graph(graph)
    view = rows_view(rows, kg)
    return _write(kg.graph, view, path, layout_threshold)
