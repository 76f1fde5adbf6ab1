"""A synthetic graph in the project's model, built directly with networkx (for benchmarks).

Papers propose one entity and use, evaluate on, address and measure a few others; entities
are linked by the five entity relationships. Entity popularity is skewed (a few hubs, a
long tail) as in real corpora. The same arguments always give the same graph.
"""

from __future__ import annotations

import random

import networkx as nx

LABELS = ("Method", "Model", "Dataset", "Task", "Metric")
PAPER_REL = {
    "Method": "USES",
    "Model": "USES",
    "Dataset": "EVALUATES_ON",
    "Task": "ADDRESSES",
    "Metric": "MEASURES",
}
ENTITY_REL = {
    ("Model", "Task"): "APPLIED_TO",
    ("Method", "Task"): "APPLIED_TO",
    ("Model", "Dataset"): "EVALUATED_ON",
    ("Model", "Model"): "COMPARED_WITH",
    ("Method", "Method"): "VARIANT_OF",
    ("Method", "Model"): "PART_OF",
}


def synthetic_graph(n_papers: int, n_entities: int, seed: int = 0) -> nx.MultiDiGraph:
    """Papers, entities and relationships with every attribute the real graph has.

    Examples
    --------
    >>> g = synthetic_graph(50, 20, seed=1)
    >>> sum(1 for _, a in g.nodes(data=True) if a["label"] == "Paper")
    50
    >>> g.number_of_edges() > 100
    True
    """
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    by_label: dict[str, list[str]] = {label: [] for label in LABELS}
    for i in range(n_entities):
        label = LABELS[i % len(LABELS)]
        name = f"{label.lower()} {i}"
        key = f"{label.lower()}:{name}"
        g.add_node(
            key,
            key=key,
            label=label,
            labels=[label, "Entity"],
            name=name.title(),
            aliases=[name] if i % 3 == 0 else [],
            paper_count=0,
        )
        by_label[label].append(key)
    cum: dict[str, list[float]] = {}
    for label, keys in by_label.items():
        total, cum[label] = 0.0, []
        for r in range(len(keys)):
            total += 1.0 / (r + 1) ** 0.8
            cum[label].append(total)

    def pick(label: str, k: int) -> list[str]:
        keys = by_label[label]
        return list(dict.fromkeys(rng.choices(keys, cum_weights=cum[label], k=k))) if keys else []

    def link(u: str, v: str, rel: str, pid: str, ev: dict) -> None:
        if g.has_edge(u, v, rel):
            data = g.edges[u, v, rel]
            if pid not in data["papers"]:
                data["papers"].append(pid)
            data["evidence"].append(ev)
            data["support"] += 1
        else:
            g.add_edge(u, v, key=rel, type=rel, support=1, papers=[pid], evidence=[ev])

    for i in range(n_papers):
        pid = f"s{i:07d}"
        pkey = f"paper:{pid}"
        g.add_node(
            pkey,
            key=pkey,
            label="Paper",
            labels=["Paper"],
            id=pid,
            title=f"Synthetic paper {i}",
            abstract=f"We study thing {i}.",
            year=2000 + i % 25 if i % 7 else None,
            authors=[f"Author {i % 97}"],
            categories=["cs.LG"],
            sources=[f"synthetic.txt:{i + 1}"],
        )
        mentioned = []
        for label in LABELS:
            if label in ("Model", "Method", "Task") or rng.random() < 0.3:
                mentioned += [(label, e) for e in pick(label, 1)]
        for n, (label, e) in enumerate(mentioned):
            rel = "PROPOSES" if n == 0 and rng.random() < 0.3 else PAPER_REL[label]
            link(
                pkey,
                e,
                rel,
                pid,
                {"paper": pid, "field": "abstract", "start": n, "end": n + 1, "sentence": [0, 10]},
            )
            g.nodes[e]["paper_count"] += 1
        for (a_label, a), (b_label, b) in zip(mentioned, mentioned[1:], strict=False):
            rel = ENTITY_REL.get((a_label, b_label))
            if rel and a != b and rng.random() < 0.5:
                link(a, b, rel, pid, {"paper": pid, "field": "abstract", "sentence": [0, 10]})
    for _, _, data in g.edges(data=True):
        data["papers"].sort()
    return g
