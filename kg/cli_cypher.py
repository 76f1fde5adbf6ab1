"""The Cypher commands of ``kg``: query, queries, push, export (registered on ``kg.cli.main``)."""

from __future__ import annotations

import csv
import io
import json

import click

from .cli import _setup_logging, main, with_server_options
from .errors import QueryError


def parse_param(text: str) -> tuple[str, object]:
    """``name=value`` with a typed value: int, float, true/false, null, JSON list/object, else str.

    Examples
    --------
    >>> parse_param("limit=5"), parse_param("x=1.5"), parse_param("flag=true")
    (('limit', 5), ('x', 1.5), ('flag', True))
    >>> parse_param("names=[\\"a\\", \\"b\\"]"), parse_param("task=image classification")
    (('names', ['a', 'b']), ('task', 'image classification'))
    >>> parse_param("v=null"), parse_param("id=007")
    (('v', None), ('id', 7))
    """
    name, sep, raw = text.partition("=")
    name = name.strip().lstrip("$")
    if not sep or not name.isidentifier():
        raise QueryError(f"--param wants name=value, not {text!r}")
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        return name, lowered == "true"
    if lowered == "null":
        return name, None
    for convert in (int, float):
        try:
            return name, convert(raw)
        except ValueError:
            pass
    if raw.strip()[:1] in ("[", "{"):
        try:
            return name, json.loads(raw)
        except json.JSONDecodeError:
            pass
    return name, raw


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def format_rows(rows: list[dict], fmt: str, columns: list[str] | None = None) -> str:
    """Rows as an aligned table, JSON (a list of objects) or CSV.

    Examples
    --------
    >>> print(format_rows([{"name": "BERT", "n": 6}, {"name": "GPT", "n": None}], "table"))
    name  n
    ----  -
    BERT  6
    GPT
    (2 rows)
    """
    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_text(row.get(c)) for c in columns])
        return buf.getvalue().rstrip("\n")
    cells = [[_text(row.get(c)).replace("\n", " ") for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _open(graph_path, neo4j_uri, falkordb_url, user, password, database):
    if neo4j_uri or falkordb_url:
        from .cypher.server import connect

        return connect(
            neo4j=neo4j_uri, falkordb=falkordb_url, user=user, password=password, database=database
        )
    if not graph_path:
        raise QueryError("give a GRAPH file, --neo4j URI or --falkordb URL")
    from .cypher.embedded import EmbeddedConnection

    return EmbeddedConnection.open(graph_path)


@main.command()
@click.argument("args", nargs=-1, metavar="[GRAPH] [QUERY]")
@click.option("--name", "query_name", metavar="NAME", help="Run a library query (see kg queries).")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help='Query parameter (typed: 5, 1.5, true, null, ["a"]; else a string). Repeatable.',
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Also write a page.")
@with_server_options
def query(
    args, query_name, params, fmt, html_path, neo4j_uri, falkordb_url, user, password, database
):
    """Run Cypher on a graph file (embedded, read-only) or on a Neo4j / FalkorDB server.

    \b
    Example:
      kg query graph.json "MATCH (m:Model) RETURN m.name AS name LIMIT 5"
      kg query graph.json --name methods_for_task --param task="image classification"
      kg query --falkordb redis://127.0.0.1:6379/kg --name top_entities -p label=Model
      kg query graph.json "MATCH (t:Task) RETURN t.name AS task" --format csv
    """
    _setup_logging(False)
    args = list(args)
    server = bool(neo4j_uri or falkordb_url)
    graph_path = None if server else (args.pop(0) if args else None)
    given = dict(parse_param(p) for p in params)
    if query_name:
        if args:
            raise QueryError("give either a QUERY text or --name, not both")
        from .queries import library

        entry = library.get(query_name)
        text, bound = entry.text, entry.bind(given)
    else:
        if len(args) != 1:
            raise QueryError('give one QUERY text (quoted), e.g. "MATCH (n) RETURN count(n)"')
        text, bound = args[0], given
    conn = _open(graph_path, neo4j_uri, falkordb_url, user, password, database)
    try:
        rows = conn.run(text, bound)
    finally:
        conn.close()
    click.echo(format_rows(rows, fmt))
    if html_path:
        from . import pages

        graph = None
        if graph_path:
            from .graph import KnowledgeGraph

            graph = KnowledgeGraph.load(graph_path)
        out = pages.render_rows(rows, graph, html_path)
        click.echo(f"wrote {out}", err=True)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def queries(as_json):
    """List the query library: names, descriptions and parameters.

    \b
    Example:
      kg queries
      kg query graph.json --name top_entities --param label=Task --param limit=5
    """
    from .queries import library

    entries = [library.get(n) for n in library.names()]
    if as_json:
        data = [
            {
                "name": q.name,
                "description": q.description,
                "params": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "description": p.description,
                        "example": p.example,
                        **({} if p.required else {"default": p.default}),
                    }
                    for p in q.params
                ],
            }
            for q in entries
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for q in entries:
        click.echo(f"{q.name}\n  {q.description}")
        for p in q.params:
            click.echo(f"    {p.describe()}")


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(dir_okay=False))
@with_server_options
@click.option(
    "--batch-size",
    default=1000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows per UNWIND batch.",
)
@click.option("--no-schema", is_flag=True, help="Skip creating constraints and indexes.")
def push(graph_path, neo4j_uri, falkordb_url, user, password, database, batch_size, no_schema):
    """Push a graph file to Neo4j or FalkorDB (idempotent MERGE batches).

    \b
    Example:
      kg push graph.json --neo4j bolt://127.0.0.1:7687 --user neo4j --password secret
      kg push graph.json --falkordb redis://127.0.0.1:6379/kg --batch-size 5000
    """
    from .cypher.push import push_graph
    from .cypher.server import connect
    from .graph import KnowledgeGraph

    _setup_logging(False)
    graph = KnowledgeGraph.load(graph_path).graph
    conn = connect(
        neo4j=neo4j_uri, falkordb=falkordb_url, user=user, password=password, database=database
    )
    try:
        report = push_graph(conn, graph, batch_size=batch_size, schema=not no_schema)
    finally:
        conn.close()
    click.echo(
        f"pushed {report.nodes} nodes and {report.relationships} relationships in "
        f"{report.batches} batches ({report.seconds:.1f} s, {report.rows_per_second:,.0f} rows/s)",
        err=True,
    )


@main.command(name="export")
@click.argument("graph_path", metavar="GRAPH", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "csv", "jsonl"]),
    required=True,
    help="Output format (csv: a directory for neo4j-admin import).",
)
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(),
    help="File to write (a directory for csv).",
)
def export_command(graph_path, fmt, out):
    """Export a graph as GraphML, GEXF, neo4j-admin import CSV files or JSON lines.

    \b
    Example:
      kg export graph.json --format graphml -o graph.graphml
      kg export graph.json --format csv -o import/   # then: sh import/import.sh
    """
    from .cypher.export import export_graph
    from .graph import KnowledgeGraph

    _setup_logging(False)
    written = export_graph(KnowledgeGraph.load(graph_path).graph, fmt, out)
    click.echo(f"wrote {len(written)} file{'s' if len(written) != 1 else ''} to {out}", err=True)


__all__ = ["export_command", "format_rows", "parse_param", "push", "queries", "query"]
