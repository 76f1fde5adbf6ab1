"""Exports: GraphML and GEXF read back by networkx, neo4j-admin CSV layout, JSON lines."""

from __future__ import annotations

import csv
import json

import networkx as nx

from kg.store import load_graph

from .conftest import run_kg


def test_graphml_and_gexf_round_trip(seeds_graph, tmp_path):
    g = load_graph(seeds_graph)
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"g.{fmt}"
        result = run_kg("export", str(seeds_graph), "--format", fmt, "-o", str(out))
        assert result.returncode == 0, result.stderr.decode()
        back = reader(out)
        assert back.number_of_nodes() == g.number_of_nodes()
        assert back.number_of_edges() == g.number_of_edges()
        node = next(n for n, a in g.nodes(data=True) if a["label"] == "Model")
        attrs = back.nodes[node]
        assert attrs["labels"] == "Model:Entity" and attrs["name"] == g.nodes[node]["name"]
        assert json.loads(attrs["aliases"]) == g.nodes[node]["aliases"]
        assert not any("extraction" in a for _, a in back.nodes(data=True))


def test_csv_layout(seeds_graph, tmp_path):
    out = tmp_path / "import"
    result = run_kg("export", str(seeds_graph), "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    g = load_graph(seeds_graph)
    with open(out / "nodes_Paper.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["key:ID", ":LABEL"]
    assert "authors:string[]" in rows[0] and "year:long" in rows[0]
    with open(out / "nodes_Model_Entity.csv", newline="", encoding="utf-8") as fh:
        header, first = list(csv.reader(fh))[:2]
    assert header == [
        "key:ID",
        ":LABEL",
        "label:string",
        "name:string",
        "aliases:string[]",
        "paper_count:long",
    ]
    assert first[1] == "Model;Entity"
    with open(out / "rels_USES.csv", newline="", encoding="utf-8") as fh:
        rel_rows = list(csv.reader(fh))
    assert rel_rows[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    keys = set(g.nodes)
    assert all(r[0] in keys and r[1] in keys and r[2] == "USES" for r in rel_rows[1:])
    total_nodes = sum(
        len(list(csv.reader(open(p, encoding="utf-8")))) - 1 for p in out.glob("nodes_*.csv")
    )
    assert total_nodes == g.number_of_nodes()
    assert "neo4j-admin database import full" in (out / "import.sh").read_text()


def test_jsonl(seeds_graph, tmp_path):
    out = tmp_path / "g.jsonl"
    assert run_kg("export", str(seeds_graph), "--format", "jsonl", "-o", str(out)).returncode == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    g = load_graph(seeds_graph)
    assert sum(x["kind"] == "node" for x in lines) == g.number_of_nodes()
    assert sum(x["kind"] == "relationship" for x in lines) == g.number_of_edges()
