import json
import os
import signal
import subprocess
import sys
import time

import networkx as nx
import pytest

import kg
from kg.errors import GraphFileError
from kg.store import graph_to_text, load_graph, save_graph

from .conftest import EXAMPLES

ABSTRACTS = [
    (
        "Gated Graph Routers",
        "We propose gated routing networks (GRNs), a graph neural network for "
        "node classification. GRNs outperform graph convolutional networks on Cora and Citeseer. "
        "We also apply dropout.",
    ),
    (
        "Contrastive Pretraining of Vision Transformers",
        "Vision transformers need much data. We "
        "show that contrastive learning helps small vision transformers on CIFAR-10 and reaches "
        "the accuracy of ResNet-18 on image classification.",
    ),
    (
        "",
        "Long short-term memory networks are trained with stochastic gradient descent on the "
        "Penn Treebank for language modeling. We report perplexity and compare with transformers.",
    ),
]


def write_pairs(path, items):
    lines = []
    for title, abstract in items:
        if title:
            lines.append(title)
        lines.append(abstract)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_roundtrip_is_exact(tmp_path, rules_nlp):
    src = write_pairs(tmp_path / "a.txt", ABSTRACTS[:2])
    report = kg.build([src], None, nlp=rules_nlp)
    g = report.graph.graph
    path = tmp_path / "g.json"
    save_graph(g, path)
    again = load_graph(path)
    assert graph_to_text(again) == path.read_text(encoding="utf-8")
    assert nx.utils.graphs_equal(g, again)
    assert dict(g.nodes(data=True)) == dict(again.nodes(data=True))


def test_same_input_gives_identical_bytes_in_any_order(tmp_path, rules_nlp):
    a = write_pairs(tmp_path / "a.txt", ABSTRACTS[:2])
    b = write_pairs(tmp_path / "b.txt", ABSTRACTS[2:])
    kg.build([a, b], tmp_path / "g1.json", nlp=rules_nlp)
    kg.build([b, a], tmp_path / "g2.json", nlp=rules_nlp)
    kg.build([a, b], tmp_path / "g2.json", nlp=rules_nlp)  # re-run: nothing changes
    assert (tmp_path / "g1.json").read_bytes() != b""
    # sources differ in order only; the graph content is identical
    assert (tmp_path / "g1.json").read_bytes() == (tmp_path / "g2.json").read_bytes()


def test_incremental_build_adds_only_new_papers_and_equals_full_build(tmp_path, rules_nlp):
    a = write_pairs(tmp_path / "a.txt", ABSTRACTS[:2])
    b = write_pairs(tmp_path / "b.txt", ABSTRACTS[2:])
    first = kg.build([a], tmp_path / "inc.json", nlp=rules_nlp)
    assert (first.papers_added, first.papers_known) == (2, 0)
    second = kg.build([a, b], tmp_path / "inc.json", nlp=rules_nlp)
    assert (second.papers_added, second.papers_known) == (1, 2)
    kg.build([a, b], tmp_path / "full.json", nlp=rules_nlp)
    assert (tmp_path / "inc.json").read_bytes() == (tmp_path / "full.json").read_bytes()
    before = (tmp_path / "inc.json").read_bytes()
    third = kg.build([b], tmp_path / "inc.json", nlp=rules_nlp)
    assert third.papers_added == 0
    assert (tmp_path / "inc.json").read_bytes() == before


def test_failed_write_leaves_previous_graph(tmp_path, rules_nlp, monkeypatch):
    a = write_pairs(tmp_path / "a.txt", ABSTRACTS[:1])
    path = tmp_path / "g.json"
    kg.build([a], path, nlp=rules_nlp)
    before = path.read_bytes()

    import kg.store as store

    real = store.graph_chunks

    def half_then_crash(graph):
        chunks = real(graph)
        yield next(chunks)
        yield next(chunks)
        raise KeyboardInterrupt("killed half way through the write")

    monkeypatch.setattr(store, "graph_chunks", half_then_crash)
    b = write_pairs(tmp_path / "b.txt", ABSTRACTS[1:])
    with pytest.raises(KeyboardInterrupt):
        kg.build([a, b], path, nlp=rules_nlp)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_killed_build_leaves_previous_graph(tmp_path):
    """SIGKILL a real `kg build` at several moments; the old file always survives intact."""
    from kg.synthetic import write_jsonl

    small = tmp_path / "small.jsonl"
    write_jsonl(str(small), 20, seed=3)
    path = tmp_path / "g.json"
    exe = [sys.executable, "-c", "from kg.commands import main; main()"]
    subprocess.run([*exe, "build", str(small), "-o", str(path), "-q", "--no-tagger"], check=True)
    before = path.read_bytes()
    big = tmp_path / "big.jsonl"
    write_jsonl(str(big), 3000, seed=4)
    for delay in (0.5, 1.5, 3.0):
        proc = subprocess.Popen([*exe, "build", str(big), "-o", str(path), "-q", "--no-tagger"])
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        data = path.read_bytes()
        assert data == before or load_graph(path).number_of_nodes() > 0
        json.loads(data)


def test_damaged_graph_file_is_a_clear_error(tmp_path):
    path = tmp_path / "g.json"
    path.write_text('{"format": "kg-node-link/1", "nodes": [\n{"key": 1,\n', encoding="utf-8")
    with pytest.raises(GraphFileError, match=r"g.json:3: graph file is not valid JSON"):
        load_graph(path)
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(GraphFileError, match="not a kg graph file"):
        load_graph(path)


def test_graph_model_on_examples(tmp_path):
    report = kg.build([str(EXAMPLES)], tmp_path / "ex.json")
    g = report.graph
    assert report.papers_read == 15
    papers = list(g.papers())
    assert all(p["labels"] == ["Paper"] for p in papers)
    for attrs in g.entities():
        assert attrs["labels"] == [attrs["label"], "Entity"]
        assert attrs["key"].startswith(attrs["label"].lower() + ":")
        assert attrs["paper_count"] >= 1
    nxg = g.to_networkx()
    for _u, _v, k, d in nxg.edges(keys=True, data=True):
        assert d["type"] == k and d["support"] == len(d["evidence"]) >= 1
        for ev in d["evidence"]:
            assert ev["paper"] in d["papers"]
            s, e = ev["sentence"]
            paper = nxg.nodes["paper:" + ev["paper"]]
            assert 0 <= s < e <= len(paper[ev["field"]])
            if "start" in ev:  # paper -> entity: the mention lies inside its sentence
                assert s <= ev["start"] < ev["end"] <= e
    # the API: entities by type, papers for an entity, neighbours
    assert any(e["name"] == "ImageNet" for e in g.entities("Dataset"))
    cora = g.entity("cora")
    assert [p["role"] for p in g.papers_for(cora["name"])] == ["used"]
    assert cora["paper_count"] == 1


def test_entity_lookup_by_alias_and_errors(tmp_path, rules_nlp):
    a = write_pairs(tmp_path / "a.txt", ABSTRACTS)
    g = kg.build([a], None, nlp=rules_nlp).graph
    assert g.entity("GRN")["name"] == g.entity("gated routing networks")["name"]
    with pytest.raises(kg.EntityNotFound):
        g.entity("no such thing at all")


def test_seeds_graph(seeds_graph):
    g = kg.load(seeds_graph)
    stats = g.stats()
    assert 515 <= stats["nodes"]["Paper"] <= 535
    assert stats["papers_with_title"] > 480
    entities = sum(n for label, n in stats["nodes"].items() if label != "Paper")
    assert entities > 500
    for label in ("Method", "Model", "Dataset", "Task", "Metric"):
        assert stats["nodes"].get(label, 0) > 10
    rnn = g.entity("RNNs")
    assert rnn["label"] == "Model" and rnn["paper_count"] > 20
    assert g.entity("recurrent neural networks")["key"] == rnn["key"]
