"""The data a page embeds: nodes, edges and the details shown on click, as plain JSON.

Everything here is data; the page script renders it with ``textContent`` only.
"""

from __future__ import annotations

import math

import networkx as nx

from .views import View, is_entity, is_paper

#: colours by node label (the page legend uses the same table)
NODE_COLOURS = {
    "Method": "#4e79a7",
    "Model": "#e15759",
    "Dataset": "#59a14f",
    "Task": "#f28e2b",
    "Metric": "#b07aa1",
    "Paper": "#9c9c9c",
    "Node": "#76b7b2",
}
#: colour and dash style by relationship type
EDGE_STYLES = {
    "PROPOSES": ("#555555", False),
    "USES": ("#a0a0a0", True),
    "EVALUATES_ON": ("#59a14f", True),
    "ADDRESSES": ("#f28e2b", True),
    "MEASURES": ("#b07aa1", True),
    "APPLIED_TO": ("#ff9d4d", False),
    "EVALUATED_ON": ("#2f8f2f", False),
    "COMPARED_WITH": ("#1f77b4", False),
    "VARIANT_OF": ("#d62728", False),
    "PART_OF": ("#8c564b", False),
}
OTHER_EDGE = ("#7f7f7f", False)
#: at most this many papers are listed in an entity's details, evidence items per edge
MAX_PAPERS = 60
MAX_EVIDENCE = 20
#: at most this many node labels drawn permanently (the most-mentioned entities)
MAX_LABELS = 60
#: the most-mentioned entities (and the focus) get larger labels
BIG_LABELS = 15


def node_size(node: dict) -> float:
    """Radius in pixels: grows with log paper count, the same in every view (papers: 7)."""
    if node["type"] == "Paper":
        return 7.0
    return round(min(8 + 6 * math.log2(1 + node["paper_count"]), 46), 1)


def _sentence(g: nx.MultiDiGraph, ev: dict) -> str:
    pnode = g.nodes.get("paper:" + str(ev.get("paper", "")), {})
    text = pnode.get(ev.get("field", "abstract")) or ""
    start, end = (ev.get("sentence") or [0, 0])[:2]
    if end <= start:
        start, end = ev.get("start", 0), ev.get("end", 0)
    return str(text[start:end]).strip()


def _title(attrs: dict) -> str:
    return str(attrs.get("title") or attrs.get("id") or attrs.get("key"))


def _entity_papers(g: nx.MultiDiGraph, key: str) -> tuple[list[dict], int]:
    rows = []
    for paper, _, rel, data in g.in_edges(key, keys=True, data=True):
        pattrs = g.nodes[paper]
        if not is_paper(pattrs):
            continue
        sentences = list(dict.fromkeys(_sentence(g, ev) for ev in data.get("evidence", [])))
        rows.append(
            {
                "key": paper,
                "title": _title(pattrs),
                "year": pattrs.get("year"),
                "role": "proposed" if rel == "PROPOSES" else "used",
                "rel": rel,
                "sentences": [s for s in sentences if s][:5],
            }
        )
    rows.sort(key=lambda r: (r["role"] != "proposed", r["title"].lower(), r["key"]))
    return rows[:MAX_PAPERS], len(rows)


def _node(g: nx.MultiDiGraph, key: str, labelled: set[str], focus: str | None) -> dict:
    attrs = g.nodes[key]
    label = str(attrs.get("label") or "Node")
    if is_paper(attrs):
        title = _title(attrs)
        node = {
            "id": key,
            "type": "Paper",
            "name": title,
            "paper_count": 0,
            "details": {
                "id": attrs.get("id"),
                "title": title,
                "year": attrs.get("year"),
                "authors": list(attrs.get("authors") or [])[:20],
                "abstract": str(attrs.get("abstract") or ""),
                "entities": sorted(
                    (
                        {"key": v, "name": str(g.nodes[v].get("name", v)), "rel": rel}
                        for _, v, rel in g.out_edges(key, keys=True)
                        if is_entity(g.nodes[v])
                    ),
                    key=lambda e: (e["rel"], e["name"].lower()),
                ),
            },
        }
        shown = title if len(title) <= 40 else title[:38] + "…"
    else:
        count = int(attrs.get("paper_count", 0) or 0)
        name = str(attrs.get("name") or key)
        papers, total = _entity_papers(g, key) if key in g else ([], 0)
        node = {
            "id": key,
            "type": label if label in NODE_COLOURS else "Node",
            "name": name,
            "aliases": [str(a) for a in attrs.get("aliases") or []],
            "paper_count": count,
            "details": {"papers": papers, "papers_total": total},
        }
        shown = name
    node["label"] = shown if (key in labelled or key == focus) else ""
    node["color"] = NODE_COLOURS[node["type"]]
    return node


def _edge(g: nx.MultiDiGraph, u: str, v: str, rel: str, data: dict) -> dict:
    colour, dashed = EDGE_STYLES.get(rel, OTHER_EDGE)
    evidence = []
    for ev in data.get("evidence", [])[:MAX_EVIDENCE]:
        pattrs = g.nodes.get("paper:" + str(ev.get("paper", "")), {})
        evidence.append(
            {
                "paper": "paper:" + str(ev.get("paper", "")),
                "title": _title(pattrs) if pattrs else str(ev.get("paper", "")),
                "sentence": _sentence(g, ev),
            }
        )
    return {
        "id": f"{u}\u241f{rel}\u241f{v}",
        "from": u,
        "to": v,
        "type": rel,
        "support": int(data.get("support", len(data.get("evidence", [])) or 1)),
        "color": colour,
        "dashes": dashed,
        "evidence": evidence,
        "evidence_total": len(data.get("evidence", [])),
    }


def build_payload(g: nx.MultiDiGraph, view: View) -> dict:
    """Nodes, edges, legend and notes for ``view`` of graph ``g``."""
    keys = sorted(k for k in view.nodes if k in g)
    ranked = sorted(
        (k for k in keys if not is_paper(g.nodes[k])),
        key=lambda k: (-int(g.nodes[k].get("paper_count", 0) or 0), k),
    )
    labelled = set(ranked[:MAX_LABELS])
    papers = [k for k in keys if is_paper(g.nodes[k])]
    if len(papers) <= 40:
        labelled |= set(papers)
    nodes = [_node(g, k, labelled, view.focus) for k in keys]
    big = set(ranked[:BIG_LABELS]) | {view.focus} if len(keys) > 60 else {view.focus}
    for node in nodes:
        node["font"] = 26 if node["id"] in big else 15
        node["size"] = node_size(node)
    inside = set(keys)
    edges = [
        _edge(g, u, v, rel, data)
        for u, v, rel, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3])
        if u in inside and v in inside
    ]
    types_present = sorted({n["type"] for n in nodes}, key=list(NODE_COLOURS).index)
    rels_present = sorted({e["type"] for e in edges})
    return {
        "title": view.title,
        "notes": list(view.notes),
        "focus": view.focus,
        "nodes": nodes,
        "edges": edges,
        "legend": {
            "nodes": [[t, NODE_COLOURS[t]] for t in types_present],
            "edges": [[r, *EDGE_STYLES.get(r, OTHER_EDGE)] for r in rels_present],
        },
        "rows": view.rows,
    }
