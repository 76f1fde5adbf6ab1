"""The Neo4j adapter: statements and parameters it sends (recording fake driver), and a live
Neo4j when KG_TEST_NEO4J_URI is set."""

from __future__ import annotations

import os

import networkx as nx
import pytest
from kg.queries import library

from kg.cypher.embedded import EmbeddedConnection
from kg.cypher.push import push_graph
from kg.cypher.server import Neo4jConnection
from kg.errors import QueryError
from kg.store import load_graph


class FakeRecord:
    def __init__(self, values):
        self._values = values

    def values(self):
        return list(self._values)


class RecordingDriver:
    """Records ``execute_query`` calls; returns no rows (or the canned ones)."""

    def __init__(self, rows=None, keys=()):
        self.calls: list[tuple[str, dict, str | None]] = []
        self.rows, self.keys, self.closed = rows or [], list(keys), False

    def execute_query(self, query, parameters_=None, database_=None, **kwargs):
        self.calls.append((query, parameters_, database_))
        return [FakeRecord(r) for r in self.rows], None, self.keys

    def close(self):
        self.closed = True


def small_graph():
    g = nx.MultiDiGraph()
    g.add_node(
        "paper:1",
        key="paper:1",
        label="Paper",
        labels=["Paper"],
        id="1",
        title="T",
        abstract="A",
        year=None,
        authors=[],
        categories=[],
        sources=[],
        extraction={},
    )
    g.add_node(
        "model:bert",
        key="model:bert",
        label="Model",
        labels=["Model", "Entity"],
        name="BERT",
        aliases=["bert"],
        paper_count=1,
    )
    g.add_edge(
        "paper:1",
        "model:bert",
        key="USES",
        type="USES",
        support=1,
        papers=["1"],
        evidence=[{"paper": "1", "field": "abstract", "sentence": [0, 1]}],
    )
    return g


def test_push_statements_and_parameters():
    driver = RecordingDriver()
    conn = Neo4jConnection("bolt://fake", database="kgdb", driver=driver)
    report = push_graph(conn, small_graph(), batch_size=1)
    assert (report.nodes, report.relationships, report.batches) == (2, 1, 3)
    statements = [c[0] for c in driver.calls]
    assert all(c[2] == "kgdb" for c in driver.calls)
    assert (
        "CREATE CONSTRAINT kg_entity_key IF NOT EXISTS FOR (n:`Entity`) REQUIRE n.key IS UNIQUE"
        in statements
    )
    assert (
        "CREATE CONSTRAINT kg_paper_key IF NOT EXISTS FOR (n:`Paper`) REQUIRE n.key IS UNIQUE"
        in (statements)
    )
    assert "CREATE INDEX kg_model_name IF NOT EXISTS FOR (n:`Model`) ON (n.name)" in statements
    merges = [c for c in driver.calls if c[0].startswith("UNWIND")]
    assert merges[0][0] == (
        "UNWIND $rows AS row MERGE (n:`Model`:`Entity` {key: row.key}) SET n += row.props"
    )
    assert merges[0][1] == {
        "rows": [
            {
                "key": "model:bert",
                "props": {
                    "key": "model:bert",
                    "label": "Model",
                    "name": "BERT",
                    "aliases": ["bert"],
                    "paper_count": 1,
                },
            }
        ]
    }
    paper_props = merges[1][1]["rows"][0]["props"]
    assert "extraction" not in paper_props and "year" not in paper_props  # nulls are not sent
    assert merges[2][0].startswith("UNWIND $rows AS row MATCH (a:`Paper` {key: row.src})")
    rel = merges[2][1]["rows"][0]
    assert rel["src"] == "paper:1" and rel["dst"] == "model:bert"
    assert rel["props"]["evidence"] == '[{"paper":"1","field":"abstract","sentence":[0,1]}]'


def test_run_returns_plain_rows_and_checks_parameters():
    driver = RecordingDriver(rows=[("BERT", 3)], keys=["name", "n"])
    conn = Neo4jConnection("bolt://fake", driver=driver)
    assert conn.run("MATCH (m:Model) RETURN m.name AS name, $n AS n", {"n": 3}) == [
        {"name": "BERT", "n": 3}
    ]
    with pytest.raises(QueryError, match=r"missing parameter \$n"):
        conn.run("RETURN $n")
    conn.close()
    assert driver.closed


@pytest.fixture(scope="module")
def live():
    uri = os.environ.get("KG_TEST_NEO4J_URI")
    if not uri:
        pytest.skip("KG_TEST_NEO4J_URI is not set (no live Neo4j to test against)")
    conn = Neo4jConnection(uri)
    conn.run("MATCH (n) WHERE n:Paper OR n:Entity DETACH DELETE n")  # only what kg pushes
    yield conn
    conn.close()


@pytest.mark.neo4j
def test_live_push_and_library(live, seeds_graph):
    graph = load_graph(seeds_graph)
    first = push_graph(live, graph)
    counts = live.run("MATCH (n) WHERE n:Paper OR n:Entity RETURN count(n) AS n")
    push_graph(live, graph)
    assert (
        live.run("MATCH (n) WHERE n:Paper OR n:Entity RETURN count(n) AS n")
        == counts
        == [{"n": first.nodes}]
    )
    with EmbeddedConnection.open(seeds_graph) as emb:
        for name in library.names():
            q = library.get(name)
            bound = q.bind(q.examples())
            assert live.run(q.text, bound) == emb.run(q.text, bound), name
    with pytest.raises(QueryError):
        live.run("MATCH (n RETURN n")
