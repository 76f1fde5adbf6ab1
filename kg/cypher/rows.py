"""The graph as rows for Cypher stores: what every node and relationship carries there.

Every store sees the same properties: a paper's ``key``, ``label``, ``id``, ``title``,
``abstract``, ``year``, ``authors``, ``categories`` and ``sources``; an entity's ``key``,
``label``, ``name``, ``aliases`` and ``paper_count``; a relationship's ``type``,
``support``, ``papers`` and ``evidence`` (a JSON string). The internal ``extraction`` of
papers and the ``labels`` list (which becomes the node's labels) are never exported.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx

PAPER_PROPERTIES = {
    "key": "STRING",
    "label": "STRING",
    "id": "STRING",
    "title": "STRING",
    "abstract": "STRING",
    "year": "INT64",
    "authors": "STRING[]",
    "categories": "STRING[]",
    "sources": "STRING[]",
}
ENTITY_PROPERTIES = {
    "key": "STRING",
    "label": "STRING",
    "name": "STRING",
    "aliases": "STRING[]",
    "paper_count": "INT64",
}
REL_PROPERTIES = {
    "type": "STRING",
    "support": "INT64",
    "papers": "STRING[]",
    "evidence": "STRING",
}
PAPER_RELATIONSHIPS = ("PROPOSES", "USES", "EVALUATES_ON", "ADDRESSES", "MEASURES")
ENTITY_RELATIONSHIPS = ("APPLIED_TO", "EVALUATED_ON", "COMPARED_WITH", "VARIANT_OF", "PART_OF")
NOT_EXPORTED = frozenset({"extraction", "labels"})


def properties_for(label: str) -> dict[str, str]:
    """Property names and LadybugDB types of nodes with this main label.

    Examples
    --------
    >>> list(properties_for("Model"))
    ['key', 'label', 'name', 'aliases', 'paper_count']
    """
    return PAPER_PROPERTIES if label == "Paper" else ENTITY_PROPERTIES


def node_properties(attrs: dict) -> dict:
    """The exported properties of one node (internal attributes dropped).

    Examples
    --------
    >>> node_properties({"key": "model:bert", "label": "Model", "labels": ["Model", "Entity"],
    ...                  "name": "BERT", "aliases": [], "paper_count": 3})
    {'key': 'model:bert', 'label': 'Model', 'name': 'BERT', 'aliases': [], 'paper_count': 3}
    """
    wanted = properties_for(attrs.get("label", ""))
    return {k: attrs.get(k) for k in wanted}


def rel_properties(attrs: dict, rel_type: str) -> dict:
    """The exported properties of one relationship (evidence as a JSON string).

    Examples
    --------
    >>> rel_properties({"support": 1, "papers": ["p1"], "evidence": [{"paper": "p1"}]}, "USES")
    {'type': 'USES', 'support': 1, 'papers': ['p1'], 'evidence': '[{"paper":"p1"}]'}
    """
    evidence = attrs.get("evidence", [])
    return {
        "type": rel_type,
        "support": attrs.get("support", len(evidence)),
        "papers": list(attrs.get("papers", [])),
        "evidence": json.dumps(evidence, ensure_ascii=False, separators=(",", ":")),
    }


def node_labels(attrs: dict) -> tuple[str, ...]:
    """All labels of a node, main label first (``("Model", "Entity")``)."""
    labels = list(attrs.get("labels") or [attrs.get("label", "Node")])
    main = attrs.get("label", labels[0])
    return (main, *[x for x in labels if x != main])


@dataclass
class GraphRows:
    """Nodes grouped by labels and relationships grouped by (type, start label, end label)."""

    nodes: dict[tuple[str, ...], list[dict]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[tuple[str, str, str], list[dict]] = field(default_factory=lambda: defaultdict(list))

    @property
    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    @property
    def rel_count(self) -> int:
        return sum(len(rows) for rows in self.rels.values())


def graph_rows(graph: nx.MultiDiGraph) -> GraphRows:
    """Rows for a Cypher store, in a stable order (nodes by key, relationships by ends).

    Relationship rows are ``{"src", "dst", "props"}``; node rows are property dicts.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("paper:1", key="paper:1", label="Paper", labels=["Paper"], id="1")
    >>> g.add_node("task:qa", key="task:qa", label="Task", labels=["Task", "Entity"], name="qa")
    >>> _ = g.add_edge("paper:1", "task:qa", key="ADDRESSES", support=1, papers=["1"])
    >>> rows = graph_rows(g)
    >>> sorted(rows.nodes), sorted(rows.rels)
    ([('Paper',), ('Task', 'Entity')], [('ADDRESSES', 'Paper', 'Task')])
    """
    rows = GraphRows()
    label_of = {}
    for node, attrs in sorted(graph.nodes(data=True), key=lambda item: str(item[0])):
        labels = node_labels(attrs)
        label_of[node] = labels[0]
        rows.nodes[labels].append(node_properties(dict(attrs, key=attrs.get("key", node))))
    for u, v, k, attrs in sorted(graph.edges(keys=True, data=True), key=_edge_order):
        rel_type = attrs.get("type", k)
        rows.rels[(rel_type, label_of[u], label_of[v])].append(
            {"src": u, "dst": v, "props": rel_properties(attrs, rel_type)}
        )
    return rows


def _edge_order(edge: tuple) -> tuple[str, str, str]:
    return (str(edge[0]), str(edge[1]), str(edge[2]))


def iter_node_labels(graph: nx.MultiDiGraph) -> Iterator[str]:
    """Main labels present in a graph."""
    yield from sorted({a.get("label", "Node") for _, a in graph.nodes(data=True)})
