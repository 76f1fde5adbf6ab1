"""Which nodes and edges a page shows: the whole graph, a neighbourhood, papers, query rows.

Every view is a :class:`View`: a set of node keys plus notes that the page states (for
example how the graph was pruned). Edges are always all edges of the graph whose two ends
are in the view.

Pruning rule (whole graph and neighbourhoods): when a view has more than ``top``
entities, keep the ``top`` entities with the highest ``paper_count``, ties broken by name
(case-insensitive) then key; a focused entity is always kept. Papers are kept only when
the view asks for them, and then only papers linked to a kept entity.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx

from ..errors import KGError
from ..graph import KnowledgeGraph
from ..normalize import name_key

#: default number of entities a whole-graph or neighbourhood view keeps
DEFAULT_TOP = 300


@dataclass
class View:
    """Node keys to draw, with a title and human-readable notes about the selection."""

    nodes: set[str]
    title: str
    notes: list[str] = field(default_factory=list)
    focus: str | None = None
    rows: list[dict] | None = None


def is_paper(attrs: dict) -> bool:
    return attrs.get("label") == "Paper"


def is_entity(attrs: dict) -> bool:
    return "Entity" in attrs.get("labels", ())


def _rank(attrs: dict) -> tuple:
    return (-int(attrs.get("paper_count", 0)), str(attrs.get("name", "")).lower(), attrs["key"])


def prune_entities(g: nx.MultiDiGraph, keys: Iterable[str], top: int | None, keep=()) -> list[str]:
    """The ``top`` entities of ``keys`` by paper count (ties by name), plus ``keep``.

    ``top`` of ``None`` or ``0`` keeps them all.
    """
    ranked = sorted(keys, key=lambda k: _rank(g.nodes[k]))
    if not top or len(ranked) <= top:
        return ranked
    kept = [k for k in keep if k in g]
    kept += [k for k in ranked if k not in kept][: max(top - len(kept), 0)]
    return kept


def _papers_of(g: nx.MultiDiGraph, entities: Iterable[str]) -> set[str]:
    out = set()
    for key in entities:
        for u in g.predecessors(key):
            if is_paper(g.nodes[u]):
                out.add(u)
    return out


def _prune_note(total: int, kept: int, top: int | None) -> list[str]:
    if kept >= total:
        return []
    return [
        f"Showing the {kept:,} of {total:,} entities with the most papers "
        f"(top {top:,} by paper count, ties by name)."
    ]


def whole_view(kg: KnowledgeGraph, top: int | None = DEFAULT_TOP, papers: bool = False) -> View:
    """All entities (pruned to ``top``) and, when ``papers``, the papers that mention them."""
    g = kg.graph
    entities = [n for n, a in g.nodes(data=True) if is_entity(a)]
    kept = prune_entities(g, entities, top)
    nodes = set(kept)
    if papers:
        nodes |= _papers_of(g, kept)
    notes = _prune_note(len(entities), len(kept), top)
    if not papers:
        notes.append("Papers are not drawn (entities and entity-entity relations only).")
    return View(nodes=nodes, title="Knowledge graph", notes=notes)


def _undirected_ball(g: nx.MultiDiGraph, start: str, depth: int, papers: bool) -> set[str]:
    seen = {start}
    frontier = [start]
    for _ in range(depth):
        nxt = []
        for node in frontier:
            for other in (*g.successors(node), *g.predecessors(node)):
                if other in seen or (not papers and is_paper(g.nodes[other])):
                    continue
                seen.add(other)
                nxt.append(other)
        frontier = nxt
    return seen


def focus_view(
    kg: KnowledgeGraph,
    name: str,
    depth: int = 1,
    top: int | None = DEFAULT_TOP,
    papers: bool = True,
) -> View:
    """The entity named ``name`` and everything within ``depth`` hops of it.

    Hops follow edges in either direction; with ``papers`` a hop through a paper counts
    (entity -> paper -> entity is two hops), otherwise only entity-entity relations.
    """
    if depth < 0:
        raise KGError(f"depth must be 0 or more, not {depth}")
    g = kg.graph
    center = kg.entity(name)["key"]
    ball = _undirected_ball(g, center, depth, papers)
    entities = [k for k in ball if is_entity(g.nodes[k])]
    kept = prune_entities(g, entities, top, keep=[center])
    nodes = set(kept)
    if papers:
        linked = _papers_of(g, kept)
        nodes |= {k for k in ball if is_paper(g.nodes[k]) and k in linked}
    label = g.nodes[center]["name"]
    notes = [
        f"Neighbourhood of {label} within {depth} hop(s)" + (", through papers." if papers else ".")
    ]
    notes += _prune_note(len(entities), len(kept), top)
    return View(nodes=nodes, title=f"Neighbourhood of {label}", notes=notes, focus=center)


def paper_key(g: nx.MultiDiGraph, ident: str) -> str | None:
    """The node key of a paper given its id or key, or None."""
    ident = ident.strip()
    for key in (ident, "paper:" + ident):
        if key in g and is_paper(g.nodes[key]):
            return key
    return None


def papers_view(kg: KnowledgeGraph, ids: Iterable[str]) -> View:
    """The given papers (ids or ``paper:`` keys) and every entity they mention."""
    g = kg.graph
    ids = [i.strip() for i in ids if i.strip()]
    if not ids:
        raise KGError("no paper ids given")
    keys, missing = [], []
    for ident in ids:
        key = paper_key(g, ident)
        (keys if key else missing).append(key or ident)
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise KGError(f"{len(missing)} paper id(s) not in the graph: {shown}")
    nodes = set(keys)
    for key in keys:
        nodes |= {v for v in g.successors(key) if is_entity(g.nodes[v])}
    n = len(keys)
    return View(nodes=nodes, title=f"{n} paper(s) and their entities", notes=[])


def read_ids(text: str) -> list[str]:
    """Paper ids from a file's text: one per line or comma-separated; ``#`` starts a comment."""
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        out += [p.strip() for p in line.split(",") if p.strip()]
    return out


# --------------------------------------------------------------------------- query rows


def _walk(value) -> Iterator:
    """Every scalar and dict inside a row value, depth first."""
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _walk(v)
    else:
        yield value


def _name_index(g: nx.MultiDiGraph) -> dict[str, str]:
    """Normalised entity name or alias -> key of the entity with most papers."""
    index: dict[str, str] = {}
    ranked = sorted((a for _, a in g.nodes(data=True) if is_entity(a)), key=_rank, reverse=True)
    for attrs in ranked:  # best last, so it wins
        for form in (attrs.get("name", ""), *attrs.get("aliases", ())):
            if form:
                index[name_key(str(form))] = attrs["key"]
    return index


def row_keys(rows: list[dict], g: nx.MultiDiGraph | None) -> tuple[list[str], dict[str, dict]]:
    """Node keys referred to by query rows, and node dicts found in rows (by key).

    A value refers to a node when it is a node key, an entity name or alias, a paper id,
    or a dict with a ``key``.
    """
    found: list[str] = []
    dicts: dict[str, dict] = {}
    index = _name_index(g) if g is not None else {}

    def add(key: str) -> None:
        if key not in found:
            found.append(key)

    for row in rows:
        for value in _walk(list(row.values()) if isinstance(row, dict) else row):
            if isinstance(value, dict):
                key = value.get("key")
                if isinstance(key, str):
                    if g is None or key in g:
                        dicts.setdefault(key, value)
                        add(key)
            elif isinstance(value, str) and g is not None:
                if value in g:
                    add(value)
                elif (pk := paper_key(g, value)) is not None:
                    add(pk)
                elif (ek := index.get(name_key(value))) is not None:
                    add(ek)
    return found, dicts


def rows_view(rows: list[dict], kg: KnowledgeGraph | None) -> View:
    """The nodes that query rows name; a table-only view when there are none."""
    g = kg.graph if kg is not None else None
    keys, _ = row_keys(rows, g)
    n = len(rows)
    notes = [f"{n:,} result row(s)."]
    if not keys:
        notes.append("Nothing in the result names a node of the graph; showing the table.")
    return View(nodes=set(keys), title="Query result", notes=notes, rows=rows)
