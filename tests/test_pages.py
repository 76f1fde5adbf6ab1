"""kg.pages without a browser: views, pruning, escaping, layout, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.errors import KGError
from kg.graph import KnowledgeGraph
from kg.pages import render, render_rows
from kg.pages.html import script_json, vis_network_js
from kg.pages.layout import python_layout
from kg.pages.views import focus_view, papers_view, read_ids, rows_view, whole_view


def run_kg(*args: str) -> subprocess.CompletedProcess:
    """Run the installed ``kg`` entry point for real."""
    exe = Path(sys.executable).with_name("kg")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]
    return subprocess.run([*cmd, *args], capture_output=True, timeout=120)


XSS_IMG = "<img src=x onerror=window.__xss=1>"
XSS_SCRIPT = "<script>window.__xss=2</script>"


def add_paper(g: nx.MultiDiGraph, pid: str, title: str, abstract: str) -> str:
    key = f"paper:{pid}"
    g.add_node(key, label="Paper", labels=["Paper"], key=key, id=pid, title=title,
               abstract=abstract, authors=[], categories=[], year=2024, sources=[])  # fmt: skip
    return key


def add_entity(g, label: str, name: str, count: int, aliases=()) -> str:
    key = f"{label.lower()}:{name.lower()}"
    g.add_node(key, label=label, labels=[label, "Entity"], key=key, name=name,
               aliases=list(aliases), paper_count=count)  # fmt: skip
    return key


def link(g, u, v, rel, pid, field="abstract", sentence=(0, 10)):
    ev = {"paper": pid, "field": field, "sentence": list(sentence)}
    g.add_edge(u, v, key=rel, type=rel, support=1, papers=[pid], evidence=[ev])


def small_graph() -> KnowledgeGraph:
    """Two papers, five entities, XSS payloads in a title, an abstract and a name."""
    g = nx.MultiDiGraph()
    abstract = f"We train {XSS_SCRIPT} on ImageNet. The RNN beats the CNN."
    p1 = add_paper(g, "p1", f"Title {XSS_IMG}", abstract)
    p2 = add_paper(g, "p2", "A plain paper", "We use a recurrent neural network for translation.")
    rnn = add_entity(g, "Model", "recurrent neural network", 2, ["RNN", "RNNs"])
    cnn = add_entity(g, "Model", "convolutional network", 1, ["CNN"])
    evil = add_entity(g, "Method", f"evil {XSS_IMG}", 1)
    imagenet = add_entity(g, "Dataset", "ImageNet", 1)
    mt = add_entity(g, "Task", "machine translation", 1)
    second = (abstract.index("The RNN"), len(abstract))
    link(g, p1, rnn, "PROPOSES", "p1", sentence=second)
    link(g, p1, cnn, "USES", "p1", sentence=second)
    link(g, p1, evil, "USES", "p1", field="title", sentence=(0, 40))
    link(g, p1, imagenet, "EVALUATES_ON", "p1", sentence=(0, second[0] - 1))
    link(g, p2, rnn, "USES", "p2", sentence=(0, 51))
    link(g, p2, mt, "ADDRESSES", "p2", sentence=(0, 51))
    link(g, rnn, cnn, "COMPARED_WITH", "p1", sentence=second)
    link(g, rnn, mt, "APPLIED_TO", "p2", sentence=(0, 51))
    return KnowledgeGraph(g)


def page_data(path) -> dict:
    text = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    return json.loads(m.group(1))


# --------------------------------------------------------------------------- escaping


def test_script_json_escapes_markup_and_line_separators():
    text = script_json({"t": "</script><b>&\u2028\u2029"})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"t": "</script><b>&\u2028\u2029"}


def test_page_is_self_contained_and_escaped(tmp_path):
    out = render(small_graph(), tmp_path / "p.html", with_papers=True)
    text = out.read_text(encoding="utf-8")
    assert XSS_IMG not in text and "window.__xss=2</script>" not in text
    assert text.count("</script>") == 4  # data, config, vis-network, page script
    assert not re.search(r"<(link|iframe|img|object|embed)\b", text, re.I)
    assert not re.search(r"<script[^>]*\bsrc=", text, re.I)
    assert "sourceMappingURL" not in text and "@import" not in text
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    assert "innerHTML" not in text.split("/* kg page script", 1)[1]
    names = {n["name"] for n in page_data(out)["nodes"]}
    assert f"evil {XSS_IMG}" in names and f"Title {XSS_IMG}" in names


def test_vis_network_comes_from_pyvis_without_source_map():
    js = vis_network_js()
    assert "vis-network" in js[:200] and "sourceMappingURL" not in js


# --------------------------------------------------------------------------- views


def test_whole_view_prunes_by_paper_count_then_name():
    g = nx.MultiDiGraph()
    for name, count in [("b", 3), ("a", 3), ("c", 5), ("d", 1)]:
        add_entity(g, "Task", name, count)
    view = whole_view(KnowledgeGraph(g), top=2)
    assert view.nodes == {"task:c", "task:a"}
    assert any("2 of 4 entities" in n for n in view.notes)
    assert whole_view(KnowledgeGraph(g), top=0).nodes == set(g)


def test_whole_view_papers_only_when_asked():
    kgraph = small_graph()
    assert not any(k.startswith("paper:") for k in whole_view(kgraph).nodes)
    assert {"paper:p1", "paper:p2"} <= whole_view(kgraph, papers=True).nodes


def test_focus_view_by_alias_and_depth():
    kgraph = small_graph()
    v1 = focus_view(kgraph, "RNNs", depth=1)
    assert v1.focus == "model:recurrent neural network"
    assert {"paper:p1", "paper:p2", "model:convolutional network"} <= v1.nodes
    assert "dataset:imagenet" not in v1.nodes
    assert "dataset:imagenet" in focus_view(kgraph, "RNN", depth=2).nodes
    v0 = focus_view(kgraph, "RNN", depth=1, papers=False)
    assert v0.nodes == {
        "model:recurrent neural network",
        "model:convolutional network",
        "task:machine translation",
    }
    with pytest.raises(kg.EntityNotFound):
        focus_view(kgraph, "no such thing")


def test_papers_view_and_unknown_ids():
    kgraph = small_graph()
    view = papers_view(kgraph, ["p2"])
    assert view.nodes == {"paper:p2", "model:recurrent neural network", "task:machine translation"}
    with pytest.raises(KGError, match="not in the graph"):
        papers_view(kgraph, ["p2", "nope"])
    assert read_ids("p1, p2\n# note\np3  # x\n") == ["p1", "p2", "p3"]


def test_rows_view_matches_keys_names_aliases_dicts_and_paper_ids():
    kgraph = small_graph()
    rows = [
        {"m": "CNN", "n": 1},
        {"m": {"key": "task:machine translation", "name": "machine translation"}},
        {"p": "p2", "x": ["model:recurrent neural network", 3]},
        {"other": "not a node"},
    ]
    view = rows_view(rows, kgraph)
    assert view.nodes == {
        "model:convolutional network",
        "task:machine translation",
        "paper:p2",
        "model:recurrent neural network",
    }
    assert rows_view([{"n": 3}], kgraph).nodes == set()


def test_render_rows_edges_among_result_nodes_and_table_only(tmp_path):
    kgraph = small_graph()
    out = render_rows([{"a": "RNN"}, {"b": "CNN"}], kgraph, tmp_path / "q.html")
    data = page_data(out)
    assert {n["id"] for n in data["nodes"]} == {
        "model:recurrent neural network",
        "model:convolutional network",
    }
    assert [e["type"] for e in data["edges"]] == ["COMPARED_WITH"]
    assert data["rows"] == [{"a": "RNN"}, {"b": "CNN"}]
    table = page_data(render_rows([{"count": 3}], None, tmp_path / "t.html"))
    assert table["nodes"] == [] and table["rows"] == [{"count": 3}]
    nodes = page_data(render_rows([{"e": {"key": "x:1", "name": "X"}}], None, tmp_path / "d.html"))
    assert [n["name"] for n in nodes["nodes"]] == ["X"]
    with pytest.raises(KGError):
        render_rows("nope", kgraph, tmp_path / "bad.html")  # type: ignore[arg-type]


def test_details_carry_roles_and_sentences(tmp_path):
    data = page_data(render(small_graph(), tmp_path / "p.html", with_papers=True))
    rnn = next(n for n in data["nodes"] if n["id"] == "model:recurrent neural network")
    roles = {p["key"]: (p["role"], p["sentences"]) for p in rnn["details"]["papers"]}
    assert roles["paper:p1"] == ("proposed", ["The RNN beats the CNN."])
    assert roles["paper:p2"][0] == "used"
    edge = next(e for e in data["edges"] if e["type"] == "COMPARED_WITH")
    assert edge["support"] == 1 and edge["evidence"][0]["sentence"] == "The RNN beats the CNN."


# --------------------------------------------------------------------------- layout


def test_python_layout_is_deterministic_and_complete():
    g = nx.gnm_random_graph(600, 900, seed=3)
    keys = [str(n) for n in g] + ["lonely"]
    edges = [(str(u), str(v)) for u, v in g.edges()]
    a, b = python_layout(keys, edges), python_layout(keys, edges)
    assert a == b and set(a) == set(keys)
    assert len(set(a.values())) == len(keys)


def test_large_pages_ship_positions_with_physics_off(tmp_path):
    out = render(small_graph(), tmp_path / "p.html", with_papers=True, layout_threshold=3)
    data = page_data(out)
    assert all("x" in n and "y" in n for n in data["nodes"])
    text = out.read_text(encoding="utf-8")
    config = re.search(r'id="kg-config">(.*?)</script>', text).group(1)
    assert json.loads(config)["physics"] is False


# --------------------------------------------------------------------------- CLI


def test_cli_render_help_and_views(tmp_path):
    graph = tmp_path / "g.json"
    small_graph().save(graph)
    result = run_kg("render", "--help")
    assert result.returncode == 0 and b"Example" in result.stdout and b"2000" in result.stdout
    out = tmp_path / "focus.html"
    result = run_kg("render", str(graph), "-o", str(out), "--focus", "rnn", "--depth", "1")
    assert result.returncode == 0, result.stderr
    assert page_data(out)["focus"] == "model:recurrent neural network"
    ids = tmp_path / "ids.txt"
    ids.write_text("p2\n")
    out = tmp_path / "papers.html"
    result = run_kg("render", str(graph), "-o", str(out), "--papers-file", str(ids))
    assert result.returncode == 0, result.stderr
    assert len(page_data(out)["nodes"]) == 3
    result = run_kg("render", str(graph), "-o", str(out), "--focus", "nothing")
    assert result.returncode == 1 and result.stderr.startswith(b"error: no entity named")


def test_render_seeds_views(seeds_graph, tmp_path):
    g = kg.load(seeds_graph)
    data = page_data(render(g, tmp_path / "w.html", top=50))
    assert len(data["nodes"]) == 50
    top = [e["key"] for e in g.entities()][:50]
    assert {n["id"] for n in data["nodes"]} == set(top)
