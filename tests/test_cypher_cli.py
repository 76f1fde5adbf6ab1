"""The Cypher commands through the real ``kg`` entry point: output and one-line errors."""

from __future__ import annotations

import json

import pytest

from .conftest import run_kg
from .cypher_helpers import free_port


def one_line_error(result, *fragments):
    assert result.returncode != 0
    err = result.stderr.decode().strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("error: "), err
    for fragment in fragments:
        assert fragment in err, err


def test_query_table_json_csv(seeds_graph):
    q = "MATCH (t:Task) RETURN t.name AS task, t.paper_count AS n ORDER BY n DESC, task LIMIT 2"
    table = run_kg("query", str(seeds_graph), q)
    assert table.returncode == 0, table.stderr.decode()
    assert table.stdout.decode().splitlines()[0].split() == ["task", "n"]
    rows = json.loads(run_kg("query", str(seeds_graph), q, "--format", "json").stdout)
    assert len(rows) == 2 and set(rows[0]) == {"task", "n"}
    csv_out = run_kg("query", str(seeds_graph), q, "--format", "csv").stdout.decode()
    assert csv_out.splitlines()[0] == "task,n"


def test_library_query_with_params(seeds_graph):
    result = run_kg(
        "query",
        str(seeds_graph),
        "--name",
        "search_entities",
        "-p",
        "text=bert",
        "-p",
        "limit=3",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr.decode()
    rows = json.loads(result.stdout)
    assert 0 < len(rows) <= 3 and all("bert" in r["name"].lower() or r["key"] for r in rows)


def test_queries_lists_the_library():
    result = run_kg("queries")
    assert result.returncode == 0
    text = result.stdout.decode()
    assert "methods_for_task" in text and "$task (string" in text
    data = json.loads(run_kg("queries", "--json").stdout)
    assert len(data) >= 12


def test_errors(seeds_graph):
    g = str(seeds_graph)
    one_line_error(run_kg("query", g, "MATCH (n RETURN n"), "Parser exception", "offset")
    one_line_error(run_kg("query", g, "--name", "nope"), "no query named 'nope'")
    one_line_error(run_kg("query", g, "--name", "methods_for_task"), "needs parameter $task")
    one_line_error(run_kg("query", g, "MATCH (n {key: $k}) RETURN n"), "missing parameter $k")
    one_line_error(run_kg("query", g, "MATCH (n) DETACH DELETE n"), "not allowed")
    one_line_error(run_kg("query", "missing.json", "MATCH (n) RETURN n"), "no such graph file")


@pytest.mark.parametrize("server", ["--falkordb", "--neo4j"])
def test_unreachable_server(seeds_graph, server):
    port = free_port()
    url = f"redis://127.0.0.1:{port}/kg" if server == "--falkordb" else f"bolt://127.0.0.1:{port}"
    one_line_error(run_kg("query", server, url, "RETURN 1"), "cannot connect")
    one_line_error(run_kg("push", str(seeds_graph), server, url), "cannot connect")


@pytest.mark.parametrize("command", ["query", "queries", "push", "export"])
def test_help_has_an_example(command):
    result = run_kg(command, "--help")
    assert result.returncode == 0 and b"Example:" in result.stdout
