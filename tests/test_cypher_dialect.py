"""Cypher text handling: tokens, parameters, write detection, the LadybugDB shim, CLI values."""

from __future__ import annotations

import pytest

from kg.cli_cypher import format_rows, parse_param
from kg.cypher.dialect import check_parameters, parameters, to_ladybug, write_clause
from kg.errors import QueryError


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (n:Model {key: 'x'})",
        "MATCH (n) SET n.name = 'x'",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n) REMOVE n.name",
        "merge (n:Task {key: 'k'})",
        "DROP TABLE Model",
        "COPY Model FROM 'x.csv'",
        "ALTER TABLE Model ADD x INT64",
        "MATCH (n) WITH n CREATE (m)",
    ],
)
def test_write_clauses_are_found(query):
    assert write_clause(query) is not None


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (n) RETURN n.name AS create",
        "MATCH (n) WHERE n.name = 'DELETE me' RETURN n",
        "MATCH (n) RETURN n.set, n.`merge` // CREATE in a comment",
        "MATCH (n {delete: 1}) RETURN n",
    ],
)
def test_reads_are_not_writes(query):
    assert write_clause(query) is None


def test_parameters_outside_strings():
    assert parameters("MATCH (n {k: $a}) WHERE n.x = '$b' RETURN $c, $a") == ["a", "c"]
    with pytest.raises(QueryError, match=r"missing parameter \$c"):
        check_parameters("RETURN $a, $c", {"a": 1})


def test_ladybug_shim():
    assert to_ladybug("MATCH (e:Entity) RETURN e") == (
        "MATCH (e:Dataset:Method:Metric:Model:Task) RETURN e"
    )
    assert to_ladybug("MATCH (e:Model:Entity) RETURN e") == "MATCH (e:Model) RETURN e"
    assert to_ladybug("MATCH ()-[r]->() RETURN type(r), r.type") == (
        "MATCH ()-[r]->() RETURN label(r), r.type"
    )
    assert to_ladybug("RETURN ':Entity' AS s, [x IN [1, 2] | x * 2] AS l") == (
        "RETURN ':Entity' AS s, list_transform([1, 2], x -> x * 2) AS l"
    )
    nested = to_ladybug("RETURN [x IN [[1], [2]] WHERE size([y IN x | y]) > 0] AS l")
    assert nested == "RETURN list_filter([[1], [2]], x -> size(list_transform(x, y -> y)) > 0) AS l"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("n=5", ("n", 5)),
        ("x=-1.5", ("x", -1.5)),
        ("b=false", ("b", False)),
        ("v=null", ("v", None)),
        ('l=["a", 2]', ("l", ["a", 2])),
        ("s=image classification", ("s", "image classification")),
        ("s=[not json", ("s", "[not json")),
        ("$k=model:bert", ("k", "model:bert")),
    ],
)
def test_parse_param(text, expected):
    assert parse_param(text) == expected


def test_parse_param_needs_a_name():
    with pytest.raises(QueryError):
        parse_param("novalue")


def test_format_rows():
    rows = [{"a": 1, "b": ["x", "y"]}, {"a": None, "b": "z,w"}]
    assert format_rows(rows, "csv") == 'a,b\n1,"[""x"", ""y""]"\n,"z,w"'
    assert format_rows(rows, "json").startswith("[\n  {")
    assert format_rows([], "table").endswith("(0 rows)")
