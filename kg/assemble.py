"""Assemble the networkx graph from per-paper extractions.

The graph is a pure function of the set of extractions: the same papers always give the
same graph, whichever order or build they came in. Each paper node keeps its own
extraction (compact, offsets only) so that a later incremental build can re-resolve all
papers without extracting them again.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from .models import (
    USE_RELATIONSHIP,
    EntityRecord,
    Mention,
    Paper,
    PaperExtraction,
    RelationRecord,
    Source,
)
from .resolve import resolve

PAPER_PREFIX = "paper:"


def paper_node_id(paper_id: str) -> str:
    return PAPER_PREFIX + paper_id


# --------------------------------------------------------------------------- compact records


def pack_extraction(ex: PaperExtraction) -> dict:
    """The part of an extraction that is not in the paper's text, as plain JSON."""
    return {
        "entities": [
            {
                "key": e.key,
                "name": e.name,
                "label": e.label,
                "role": e.role,
                "aliases": list(e.aliases),
                "mentions": [[m.field, m.start, m.end, *m.sentence] for m in e.mentions],
            }
            for e in ex.entities
        ],
        "relations": [[r.head, r.type, r.tail, r.field, *r.sentence] for r in ex.relations],
    }


def unpack_extraction(paper: Paper, packed: dict) -> PaperExtraction:
    entities = []
    for e in packed.get("entities", []):
        mentions = [
            Mention(field=f, start=s, end=t, text=paper.text(f)[s:t], sentence=(ss, se))
            for f, s, t, ss, se in e["mentions"]
        ]
        entities.append(
            EntityRecord(
                key=e["key"],
                name=e["name"],
                label=e["label"],
                role=e["role"],
                aliases=e.get("aliases", []),
                mentions=mentions,
            )
        )
    relations = [
        RelationRecord(head=h, type=t, tail=tl, field=f, sentence=(ss, se))
        for h, t, tl, f, ss, se in packed.get("relations", [])
    ]
    return PaperExtraction(paper=paper, entities=entities, relations=relations)


def paper_attributes(paper: Paper) -> dict:
    return {
        "label": "Paper",
        "labels": ["Paper"],
        "key": paper_node_id(paper.id),
        "id": paper.id,
        "title": paper.title,
        "abstract": paper.abstract,
        "authors": list(paper.authors),
        "categories": list(paper.categories),
        "year": paper.year,
        "sources": sorted(f"{s.path}:{s.line}" for s in paper.sources),
    }


def paper_from_attributes(attrs: dict) -> Paper:
    sources = []
    for item in attrs.get("sources", []):
        path, _, line = item.rpartition(":")
        sources.append(Source(path=path, line=int(line)))
    return Paper(
        id=attrs["id"],
        title=attrs.get("title", ""),
        abstract=attrs.get("abstract", ""),
        authors=attrs.get("authors", []),
        categories=attrs.get("categories", []),
        year=attrs.get("year"),
        sources=sources,
    )


def extractions_from_graph(graph: nx.MultiDiGraph) -> list[PaperExtraction]:
    """Recover the stored per-paper extractions of a graph."""
    out = []
    for _, attrs in sorted(graph.nodes(data=True)):
        if attrs.get("label") == "Paper":
            out.append(unpack_extraction(paper_from_attributes(attrs), attrs.get("extraction", {})))
    return out


# --------------------------------------------------------------------------- assembly


def _add_evidence(graph, u, v, rel, evidence: dict, **attrs) -> None:
    if graph.has_edge(u, v, key=rel):
        data = graph.edges[u, v, rel]
    else:
        graph.add_edge(u, v, key=rel, type=rel, evidence=[], **attrs)
        data = graph.edges[u, v, rel]
    data["evidence"].append(evidence)


def assemble(extractions: Iterable[PaperExtraction], meta: dict | None = None) -> nx.MultiDiGraph:
    """Build the graph: paper nodes, resolved entity nodes, and provenance-carrying edges."""
    extractions = sorted(extractions, key=lambda ex: ex.paper.id)
    resolution = resolve(extractions)
    graph = nx.MultiDiGraph()
    graph.graph.update(meta or {})
    for node in resolution.nodes.values():
        graph.add_node(
            node.key,
            label=node.label,
            labels=[node.label, "Entity"],
            key=node.key,
            name=node.name,
            aliases=node.aliases,
            paper_count=len(node.papers),
        )
    for ex in extractions:
        pid = ex.paper.id
        pnode = paper_node_id(pid)
        graph.add_node(pnode, **paper_attributes(ex.paper), extraction=pack_extraction(ex))
        local = resolution.mapping[pid]
        roles: dict[str, str] = {}
        for ent in ex.entities:
            key = local[ent.key]
            if ent.role == "proposed" or key not in roles:
                roles[key] = ent.role
        for ent in ex.entities:
            key = local[ent.key]
            role = roles[key]
            rel = "PROPOSES" if role == "proposed" else USE_RELATIONSHIP[graph.nodes[key]["label"]]
            for m in ent.mentions:
                _add_evidence(
                    graph,
                    pnode,
                    key,
                    rel,
                    {
                        "paper": pid,
                        "field": m.field,
                        "start": m.start,
                        "end": m.end,
                        "sentence": list(m.sentence),
                    },
                )
        for r in ex.relations:
            head, tail = local.get(r.head), local.get(r.tail)
            if head is None or tail is None or head == tail:
                continue
            _add_evidence(
                graph,
                head,
                tail,
                r.type,
                {"paper": pid, "field": r.field, "sentence": list(r.sentence)},
            )
    for _, _, data in graph.edges(data=True):
        data["evidence"].sort(
            key=lambda ev: (ev["paper"], ev["field"], ev["sentence"], ev.get("start", -1))
        )
        # one sentence can state a relation twice; count it once
        unique = []
        for ev in data["evidence"]:
            if not unique or unique[-1] != ev:
                unique.append(ev)
        data["evidence"] = unique
        data["support"] = len(unique)
        data["papers"] = sorted({ev["paper"] for ev in unique})
    return graph
