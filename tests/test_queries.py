"""Every library query on the embedded engine against a direct networkx computation."""

from __future__ import annotations

import pytest
from kg.queries import library

from kg.cypher.embedded import EmbeddedConnection
from kg.errors import QueryError
from kg.store import load_graph

PAPER_USE = {"USES", "EVALUATES_ON", "ADDRESSES", "MEASURES"}
ENTITY_RELS = {"APPLIED_TO", "EVALUATED_ON", "COMPARED_WITH", "VARIANT_OF", "PART_OF"}


@pytest.fixture(scope="session")
def seeds_nx(seeds_graph):
    return load_graph(seeds_graph)


@pytest.fixture(scope="session")
def embedded(seeds_graph):
    with EmbeddedConnection.open(seeds_graph) as conn:
        yield conn


# --------------------------------------------------------------------------- networkx side


def is_entity(g, n):
    return "Entity" in g.nodes[n].get("labels", ())


def lookup(g, value, label=None):
    return [
        n
        for n, a in g.nodes(data=True)
        if is_entity(g, n)
        and (label is None or a["label"] == label)
        and (n == value or a["name"].lower() == value.lower())
    ]


def entity_row(g, n, *fields):
    a = g.nodes[n]
    return {"name": a["name"], "label": a["label"], "key": n, **dict(fields)}


def ref_methods_for_task(g, task, limit):
    rows = [
        entity_row(g, m, ("support", d["support"]))
        for t in lookup(g, task, "Task")
        for m, _, k, d in g.in_edges(t, keys=True, data=True)
        if k == "APPLIED_TO" and g.nodes[m]["label"] in ("Method", "Model")
    ]
    return sorted(rows, key=lambda r: (-r["support"], r["name"], r["key"]))[:limit]


def ref_datasets_for_task(g, task, limit):
    out = {}
    for t in lookup(g, task, "Task"):
        papers = {p for p, _, k in g.in_edges(t, keys=True) if k == "ADDRESSES"}
        methods = {m for m, _, k in g.in_edges(t, keys=True) if k == "APPLIED_TO"}
        for d, a in g.nodes(data=True):
            if a["label"] != "Dataset":
                continue
            np_ = len({p for p in papers if g.has_edge(p, d, "EVALUATES_ON")})
            nm = len({m for m in methods if g.has_edge(m, d, "EVALUATED_ON")})
            if np_ or nm:
                out[(d, np_)] = {
                    "name": a["name"],
                    "key": d,
                    "papers": np_,
                    "methods": nm,
                    "score": np_ + nm,
                }
    rows = sorted(out.values(), key=lambda r: (-r["score"], r["name"], r["key"]))
    return rows[:limit]


def ref_top_entities(g, label, limit):
    rows = [
        {"name": a["name"], "key": n, "papers": a["paper_count"]}
        for n, a in g.nodes(data=True)
        if is_entity(g, n) and a["label"] == label
    ]
    return sorted(rows, key=lambda r: (-r["papers"], r["name"], r["key"]))[:limit]


def paper_row(g, p, **extra):
    a = g.nodes[p]
    return {"paper": a["id"], "title": a["title"], "year": a["year"], **extra}


def ref_papers_proposing(g, entity):
    rows = [
        paper_row(g, p)
        for e in lookup(g, entity)
        for p, _, k in g.in_edges(e, keys=True)
        if k == "PROPOSES"
    ]
    return sorted(rows, key=lambda r: (-(r["year"] or 0), r["paper"]))


def ref_papers_using(g, entity):
    rows = [
        paper_row(g, p, relationship=k)
        for e in lookup(g, entity)
        for p, _, k in g.in_edges(e, keys=True)
        if k in PAPER_USE
    ]
    return sorted(rows, key=lambda r: (r["paper"], r["relationship"]))


def ref_cooccurring_entities(g, entity, limit):
    rows = []
    for e in lookup(g, entity):
        counts: dict[str, set] = {}
        for p, _ in g.in_edges(e):
            if g.nodes[p]["label"] != "Paper":
                continue
            for _, o in g.out_edges(p):
                if o != e and is_entity(g, o):
                    counts.setdefault(o, set()).add(p)
        rows += [entity_row(g, o, ("papers", len(ps))) for o, ps in counts.items()]
    return sorted(rows, key=lambda r: (-r["papers"], r["name"], r["key"]))[:limit]


def entity_edges(g):
    for u, v, k in g.edges(keys=True):
        if k in ENTITY_RELS and is_entity(g, u) and is_entity(g, v):
            yield u, v, k


def ref_shortest_paths(g, source, target):
    adj: dict[str, list] = {}
    for u, v, k in entity_edges(g):
        adj.setdefault(u, []).append((v, k))
        adj.setdefault(v, []).append((u, k))
    rows = []
    for a in lookup(g, source):
        for b in lookup(g, target):
            if a == b:
                continue
            found = []
            walks = [([a], [])]
            for _hop in range(3):
                walks = [(ns + [m], ts + [k]) for ns, ts in walks for m, k in adj.get(ns[-1], [])]
                found = [w for w in walks if w[0][-1] == b]
                if found:
                    break
            rows += [{"hops": len(ts), "path": ns, "types": ts} for ns, ts in found]
    unique = {(r["hops"], tuple(r["path"]), tuple(r["types"])): r for r in rows}
    return sorted(
        unique.values(),
        key=lambda r: (
            r["hops"],
            "".join(k + " " for k in r["path"]) + "".join(t + " " for t in r["types"]),
        ),
    )


def ref_neighbourhood(g, entity):
    rows = []
    for e in lookup(g, entity):
        for u, v, k in entity_edges(g):
            if e in (u, v):
                other, direction = (v, "out") if u == e else (u, "in")
                rows.append(
                    entity_row(
                        g,
                        other,
                        ("relationship", k),
                        ("direction", direction),
                        ("support", g.edges[u, v, k]["support"]),
                    )
                )
    return sorted(rows, key=lambda r: (r["relationship"], r["direction"], r["name"], r["key"]))


def ref_paper_profile(g, paper):
    rows = []
    for p, a in g.nodes(data=True):
        if a["label"] == "Paper" and paper in (a["id"], p):
            for _, e, k, d in g.out_edges(p, keys=True, data=True):
                ea = g.nodes[e]
                rows.append(
                    {
                        "relationship": k,
                        "label": ea["label"],
                        "name": ea["name"],
                        "key": e,
                        "mentions": d["support"],
                    }
                )
    return sorted(rows, key=lambda r: (r["relationship"], r["label"], r["name"], r["key"]))


def ref_compared_with(g, entity):
    rows = []
    for e in lookup(g, entity):
        found: dict[str, list] = {}
        for u, v, k in entity_edges(g):
            if k == "COMPARED_WITH" and e in (u, v):
                other = v if u == e else u
                if other != e:
                    found.setdefault(other, []).append(g.edges[u, v, k]["support"])
        rows += [entity_row(g, o, ("links", len(s)), ("support", max(s))) for o, s in found.items()]
    return sorted(rows, key=lambda r: (-r["links"], -r["support"], r["name"], r["key"]))


def ref_incoming(g, entity, rel):
    rows = [
        entity_row(g, v, ("support", d["support"]))
        for e in lookup(g, entity)
        for v, _, k, d in g.in_edges(e, keys=True, data=True)
        if k == rel and is_entity(g, v)
    ]
    return sorted(rows, key=lambda r: (-r["support"], r["name"], r["key"]))


def ref_search_entities(g, text, limit):
    rows = [
        {"name": a["name"], "label": a["label"], "key": n, "papers": a["paper_count"]}
        for n, a in g.nodes(data=True)
        if is_entity(g, n)
        and any(text.lower() in f.lower() for f in [a["name"], *a.get("aliases", [])])
    ]
    return sorted(rows, key=lambda r: (-r["papers"], r["name"], r["key"]))[:limit]


def ref_metrics_for_task(g, task, limit):
    counts: dict[str, set] = {}
    for t in lookup(g, task, "Task"):
        for p, _, k in g.in_edges(t, keys=True):
            if k == "ADDRESSES":
                for _, m, k2 in g.out_edges(p, keys=True):
                    if k2 == "MEASURES":
                        counts.setdefault(m, set()).add(p)
    rows = [{"name": g.nodes[m]["name"], "key": m, "papers": len(ps)} for m, ps in counts.items()]
    return sorted(rows, key=lambda r: (-r["papers"], r["name"], r["key"]))[:limit]


REFERENCE = {
    "methods_for_task": ref_methods_for_task,
    "datasets_for_task": ref_datasets_for_task,
    "top_entities": ref_top_entities,
    "papers_proposing": ref_papers_proposing,
    "papers_using": ref_papers_using,
    "cooccurring_entities": ref_cooccurring_entities,
    "shortest_paths": ref_shortest_paths,
    "neighbourhood": ref_neighbourhood,
    "paper_profile": ref_paper_profile,
    "compared_with": ref_compared_with,
    "variants_of": lambda g, entity: ref_incoming(g, entity, "VARIANT_OF"),
    "parts_of": lambda g, entity: ref_incoming(g, entity, "PART_OF"),
    "search_entities": ref_search_entities,
    "metrics_for_task": ref_metrics_for_task,
}

# extra parameter sets beyond each query's documented example
EXTRA = [
    ("methods_for_task", {"task": "task:language modeling", "limit": 100}),
    ("datasets_for_task", {"task": "Question Answering"}),
    ("top_entities", {"label": "Dataset", "limit": 50}),
    ("top_entities", {"label": "Metric"}),
    ("papers_using", {"entity": "model:transformer"}),
    ("cooccurring_entities", {"entity": "image classification", "limit": 1000}),
    ("shortest_paths", {"source": "BERT", "target": "recurrent neural network"}),
    ("shortest_paths", {"source": "Transformer", "target": "no such thing"}),
    ("neighbourhood", {"entity": "recurrent neural network"}),
    ("compared_with", {"entity": "recurrent neural network"}),
    ("variants_of", {"entity": "Transformer"}),
    ("search_entities", {"text": "NET", "limit": 1000}),
    ("metrics_for_task", {"task": "question answering"}),
]


def cases():
    for name in library.names():
        yield pytest.param(name, library.get(name).examples(), True, id=f"{name}-example")
    for i, (name, params) in enumerate(EXTRA):
        yield pytest.param(name, params, False, id=f"{name}-{i}")


def test_library_is_complete():
    assert len(library.names()) >= 12
    assert set(library.names()) == set(REFERENCE)
    for name in library.names():
        q = library.get(name)
        assert q.description and q.text.upper().startswith("MATCH")
        assert all(p.description and p.example is not None for p in q.params)


@pytest.mark.parametrize("name,params,example", list(cases()))
def test_query_matches_networkx(name, params, example, embedded, seeds_nx):
    query = library.get(name)
    bound = query.bind(params)
    rows = embedded.run(query.text, bound)
    assert rows == REFERENCE[name](seeds_nx, **bound)
    if example:
        assert rows, f"the documented example of {name} finds nothing on the seeds"


def test_bind_errors():
    with pytest.raises(QueryError, match="needs parameter"):
        library.get("methods_for_task").bind({})
    with pytest.raises(QueryError, match="no parameter"):
        library.get("top_entities").bind({"label": "Model", "nope": 1})
    with pytest.raises(QueryError, match="must be int"):
        library.get("top_entities").bind({"label": "Model", "limit": "many"})
    with pytest.raises(QueryError, match="no query named"):
        library.get("nope")
    assert library.get("top_entities").bind({"label": "Model", "limit": "3"})["limit"] == 3
