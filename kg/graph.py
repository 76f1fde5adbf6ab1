"""The knowledge graph object of the Python API, a thin view over a networkx graph."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from .errors import KGError
from .normalize import name_key
from .store import load_graph, save_graph


class EntityNotFound(KGError):
    """No entity has that key, name or alias."""


class KnowledgeGraph:
    """Papers and the entities they mention, stored in a :class:`networkx.MultiDiGraph`.

    Node ids are keys: ``paper:<id>`` for papers, ``<label>:<normalised name>`` for
    entities. Every node has ``label`` (its main label) and ``labels``; entity nodes have
    ``name``, ``aliases`` and ``paper_count``. Edges are keyed by relationship type and
    carry ``support``, ``papers`` and ``evidence`` (paper, field, sentence and offsets).

    Examples
    --------
    >>> kg = KnowledgeGraph()
    >>> kg.stats()["nodes"]
    {}
    """

    def __init__(self, graph: nx.MultiDiGraph | None = None) -> None:
        self.graph = graph if graph is not None else nx.MultiDiGraph()

    # ------------------------------------------------------------------ files
    @classmethod
    def load(cls, path: str | Path) -> KnowledgeGraph:
        """Read a graph file."""
        return cls(load_graph(path))

    def save(self, path: str | Path) -> None:
        """Write the graph file atomically (byte-identical for the same graph)."""
        save_graph(self.graph, path)

    def to_networkx(self) -> nx.MultiDiGraph:
        """The underlying networkx graph (not a copy)."""
        return self.graph

    # ------------------------------------------------------------------ lookups
    def papers(self) -> Iterator[dict]:
        """Paper nodes' attributes, by id."""
        for _node, attrs in sorted(self.graph.nodes(data=True)):
            if attrs.get("label") == "Paper":
                yield attrs

    def entities(self, label: str | None = None) -> Iterator[dict]:
        """Entity nodes' attributes, most papers first, ties by name.

        ``label`` restricts to one type (``Model``, ``Method``, ``Dataset``, ``Task``,
        ``Metric``).
        """
        rows = [
            attrs
            for _, attrs in self.graph.nodes(data=True)
            if "Entity" in attrs.get("labels", ()) and (label is None or attrs["label"] == label)
        ]
        rows.sort(key=lambda a: (-a["paper_count"], a["name"].lower(), a["key"]))
        yield from rows

    def entity(self, name: str) -> dict:
        """The entity with this key, name or alias (case, plural and hyphen insensitive)."""
        if name in self.graph and "Entity" in self.graph.nodes[name].get("labels", ()):
            return self.graph.nodes[name]
        wanted = name_key(name)
        best = None
        for attrs in self.entities():
            forms = [attrs["name"], *attrs.get("aliases", [])]
            if any(name_key(f) == wanted for f in forms):
                if best is None or attrs["paper_count"] > best["paper_count"]:
                    best = attrs
        if best is None:
            raise EntityNotFound(f"no entity named {name!r}")
        return best

    def papers_for(self, name: str, role: str | None = None) -> Iterator[dict]:
        """Papers that mention an entity, with ``role`` ("proposed" or "used") added."""
        key = self.entity(name)["key"]
        for paper, _, rel in sorted(self.graph.in_edges(key, keys=True)):
            if self.graph.nodes[paper].get("label") != "Paper":
                continue
            this_role = "proposed" if rel == "PROPOSES" else "used"
            if role is None or role == this_role:
                yield dict(self.graph.nodes[paper], role=this_role, relationship=rel)

    def neighbours(self, name: str, types: list[str] | None = None) -> Iterator[dict]:
        """Entities linked to an entity by entity-entity relations, either direction."""
        key = self.entity(name)["key"]
        edges = [
            (v, rel, "out", d) for _, v, rel, d in self.graph.out_edges(key, keys=True, data=True)
        ]
        edges += [
            (u, rel, "in", d) for u, _, rel, d in self.graph.in_edges(key, keys=True, data=True)
        ]
        for other, rel, direction, data in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
            attrs = self.graph.nodes[other]
            if attrs.get("label") == "Paper" or (types and rel not in types):
                continue
            yield {
                "key": other,
                "name": attrs["name"],
                "label": attrs["label"],
                "type": rel,
                "direction": direction,
                "support": data["support"],
            }

    # ------------------------------------------------------------------ summary
    def stats(self, top: int = 5) -> dict:
        """Counts per node label and relationship type, and the top entities per type."""
        nodes = Counter(a.get("label") for _, a in self.graph.nodes(data=True))
        edges = Counter(k for _, _, k in self.graph.edges(keys=True))
        top_entities = {}
        for label in sorted(x for x in nodes if x != "Paper"):
            top_entities[label] = [
                (a["name"], a["paper_count"])
                for _, a in zip(range(top), self.entities(label), strict=False)
            ]
        papers = list(self.papers())
        return {
            "nodes": dict(sorted(nodes.items())),
            "relationships": dict(sorted(edges.items())),
            "papers_with_title": sum(1 for p in papers if p.get("title")),
            "top": top_entities,
        }

    def __len__(self) -> int:
        return self.graph.number_of_nodes()
