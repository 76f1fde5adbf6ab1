"""The embedded LadybugDB engine: schema mapping, cache, plain values, refused writes."""

from __future__ import annotations

import shutil

import networkx as nx
import pytest

from kg.cypher.embedded import EmbeddedConnection, cache_dir, ensure_database
from kg.errors import QueryError
from kg.store import load_graph, save_graph


def tiny_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node(
        "paper:1",
        key="paper:1",
        label="Paper",
        labels=["Paper"],
        id="1",
        title="",
        abstract="A.",
        year=2021,
        authors=["Ann"],
        categories=[],
        sources=["a.txt:1"],
        extraction={"entities": []},
    )
    g.add_node(
        "model:bert",
        key="model:bert",
        label="Model",
        labels=["Model", "Entity"],
        name="BERT",
        aliases=["bert", "Bert, base"],
        paper_count=1,
    )
    g.add_node(
        "task:qa",
        key="task:qa",
        label="Task",
        labels=["Task", "Entity"],
        name="question answering",
        aliases=[],
        paper_count=1,
    )
    g.add_edge(
        "paper:1",
        "model:bert",
        key="PROPOSES",
        type="PROPOSES",
        support=1,
        papers=["1"],
        evidence=[{"paper": "1", "field": "abstract", "sentence": [0, 2]}],
    )
    g.add_edge(
        "model:bert",
        "task:qa",
        key="APPLIED_TO",
        type="APPLIED_TO",
        support=1,
        papers=["1"],
        evidence=[],
    )
    return g


@pytest.fixture(scope="module")
def tiny():
    with EmbeddedConnection.from_graph(tiny_graph()) as conn:
        yield conn


def test_entity_and_label_match_the_same_nodes(tiny):
    assert tiny.run("MATCH (e:Entity) RETURN e.key AS k ORDER BY k") == [
        {"k": "model:bert"},
        {"k": "task:qa"},
    ]
    assert tiny.run("MATCH (m:Model) RETURN m.key AS k") == [{"k": "model:bert"}]
    assert tiny.run("MATCH (n) RETURN count(n) AS n") == [{"n": 3}]


def test_values_are_plain(tiny):
    rows = tiny.run("MATCH (p:Paper)-[r]->(m:Model) RETURN p, r, m, type(r) AS t")
    assert rows == [
        {
            "p": {
                "key": "paper:1",
                "label": "Paper",
                "id": "1",
                "title": "",
                "abstract": "A.",
                "year": 2021,
                "authors": ["Ann"],
                "categories": [],
                "sources": ["a.txt:1"],
            },
            "r": {
                "type": "PROPOSES",
                "support": 1,
                "papers": ["1"],
                "evidence": '[{"paper":"1","field":"abstract","sentence":[0,2]}]',
            },
            "m": {
                "key": "model:bert",
                "label": "Model",
                "name": "BERT",
                "aliases": ["bert", "Bert, base"],
                "paper_count": 1,
            },
            "t": "PROPOSES",
        }
    ]


def test_read_features(tiny):
    rows = tiny.run(
        "MATCH (p:Paper) OPTIONAL MATCH (p)-[:PROPOSES]->(m)-[*1..2]->(t:Task) "
        "WITH p, collect(DISTINCT t.name) AS tasks "
        "RETURN p.id AS id, tasks, [a IN ['x', 'y'] WHERE a <> 'x' | toUpper(a)] AS l, "
        "size(tasks) AS n, $v AS v",
        {"v": [1, 2]},
    )
    assert rows == [{"id": "1", "tasks": ["question answering"], "l": ["Y"], "n": 1, "v": [1, 2]}]
    rows = tiny.run("MATCH (e:Entity) WHERE e.name STARTS WITH 'B' RETURN e.name AS n")
    assert rows == [{"n": "BERT"}]


@pytest.mark.parametrize(
    "query", ["CREATE (:Model {key: 'x'})", "MATCH (n) DETACH DELETE n", "MATCH (n) SET n.a = 1"]
)
def test_writes_are_refused(tiny, query):
    with pytest.raises(QueryError, match="not allowed.*read-only"):
        tiny.run(query)


def test_bad_cypher_and_missing_parameter(tiny):
    with pytest.raises(QueryError, match="Parser exception.*offset"):
        tiny.run("MATCH (n RETURN n")
    with pytest.raises(QueryError, match=r"missing parameter \$k"):
        tiny.run("MATCH (n {key: $k}) RETURN n")


def test_cache_is_rebuilt_when_the_graph_changes(tmp_path):
    path = tmp_path / "g.json"
    save_graph(tiny_graph(), path)
    db, meta = ensure_database(path)
    assert cache_dir(path).is_dir() and meta["nodes"] == 3
    mtime = db.stat().st_mtime_ns
    assert ensure_database(path)[0].stat().st_mtime_ns == mtime  # cached
    g = load_graph(path)
    g.add_node(
        "task:mt",
        key="task:mt",
        label="Task",
        labels=["Task", "Entity"],
        name="translation",
        aliases=[],
        paper_count=0,
    )
    save_graph(g, path)
    with EmbeddedConnection.open(path) as conn:
        assert conn.run("MATCH (t:Task) RETURN count(t) AS n") == [{"n": 2}]
    shutil.rmtree(cache_dir(path))
    with EmbeddedConnection.open(path) as conn:  # a removed cache is built again
        assert conn.run("MATCH (t:Task) RETURN count(t) AS n") == [{"n": 2}]
