"""The ``kg`` command: a thin layer over the Python API."""

from __future__ import annotations

import json
import logging
import sys

import click

from . import api
from .errors import KGError
from .readers import FORMATS, LAYOUTS


class _StderrFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


def _setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_StderrFormatter())
    root = logging.getLogger("kg")
    root.handlers[:] = [handler]
    root.setLevel(logging.ERROR if quiet else logging.WARNING)
    root.propagate = False


class KGGroup(click.Group):
    """Turns project errors into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:
            sys.exit(0)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg-abstracts")
def main() -> None:
    """Build and explore a knowledge graph of ML methods, models, datasets, tasks and metrics.

    \b
    Example:
      kg build examples/abstracts.txt -o graph.json
      kg stats graph.json
    """


input_options = [
    click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="auto",
        show_default=True,
        help="Input format (auto-detected by content).",
    ),
    click.option(
        "--layout",
        type=click.Choice(LAYOUTS),
        default="auto",
        show_default=True,
        help="Layout of plain-text scrapes.",
    ),
]


SERVER_OPTIONS = [
    click.option(
        "--neo4j",
        "neo4j_uri",
        metavar="URI",
        help="Neo4j Bolt URI (kg push and kg query fall back to NEO4J_URI).",
    ),
    click.option(
        "--falkordb", "falkordb_url", metavar="URL", help="FalkorDB redis://host:port/graph."
    ),
    click.option(
        "--user", envvar="NEO4J_USER", help="Neo4j user (or NEO4J_USER).", show_envvar=True
    ),
    click.option(
        "--password",
        envvar="NEO4J_PASSWORD",
        help="Neo4j password (or NEO4J_PASSWORD).",
        show_envvar=True,
    ),
    click.option(
        "--database",
        envvar="NEO4J_DATABASE",
        help="Neo4j database (or NEO4J_DATABASE).",
        show_envvar=True,
    ),
]


def with_server_options(func):
    for option in reversed(SERVER_OPTIONS):
        func = option(func)
    return func


def with_input_options(func):
    for option in reversed(input_options):
        func = option(func)
    return func


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "graph_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="Graph file to write (extended if it exists).",
)
@with_input_options
@click.option("--rebuild", is_flag=True, help="Extract every paper again, even known ones.")
@click.option("--no-tagger", is_flag=True, help="Use lexicon and rules only (no trained tagger).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, errors only.")
@with_server_options
def build(
    inputs,
    graph_path,
    fmt,
    layout,
    rebuild,
    no_tagger,
    quiet,
    neo4j_uri,
    falkordb_url,
    user,
    password,
    database,
):
    """Build a graph from abstract files (text scrapes, JSONL, CSV, directories, - for stdin).

    \b
    Example:
      kg build ../shared/seeds/*.txt -o graph.json
      kg build new-papers.jsonl -o graph.json     # adds only the new papers
      kg build papers.jsonl -o graph.json --neo4j bolt://127.0.0.1:7687
    """
    _setup_logging(quiet)
    nlp = None
    if no_tagger:
        from .extractors import make_pipeline

        nlp = make_pipeline(tagger=False)
    report = api.build(
        list(inputs),
        graph_path,
        nlp=nlp,
        format=fmt,
        layout=layout,
        progress=not quiet and sys.stderr.isatty(),
        rebuild=rebuild,
    )
    if not quiet:
        stats = report.graph.stats(top=0)
        entities = sum(n for label, n in stats["nodes"].items() if label != "Paper")
        click.echo(
            f"{graph_path}: {stats['nodes'].get('Paper', 0)} papers "
            f"({report.papers_added} new, {report.papers_known} already in the graph), "
            f"{entities} entities, {sum(stats['relationships'].values())} relationships",
            err=True,
        )
    if neo4j_uri or falkordb_url:
        from .cypher.push import push_graph
        from .cypher.server import connect

        conn = connect(
            neo4j=neo4j_uri, falkordb=falkordb_url, user=user, password=password, database=database
        )
        try:
            pushed = push_graph(conn, report.graph.graph)
        finally:
            conn.close()
        click.echo(
            f"pushed {pushed.nodes} nodes and {pushed.relationships} relationships", err=True
        )


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(dir_okay=False))
@click.option("--top", default=5, show_default=True, help="Top entities to list per type.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats(graph_path, top, as_json):
    """Counts per label and relationship type, and the top entities per type.

    \b
    Example:
      kg stats graph.json --top 10
    """
    _setup_logging(False)
    summary = api.load(graph_path).stats(top=top)
    if as_json:
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    click.echo("nodes")
    for label, n in summary["nodes"].items():
        click.echo(f"  {label:<14}{n:>8}")
    click.echo(f"  {'(with title)':<14}{summary['papers_with_title']:>8}")
    click.echo("relationships")
    for rel, n in summary["relationships"].items():
        click.echo(f"  {rel:<14}{n:>8}")
    for label, rows in summary["top"].items():
        if rows:
            click.echo(f"top {label}: " + ", ".join(f"{name} ({n})" for name, n in rows))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["jsonl"]),
    default="jsonl",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--input-format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="Input format (auto-detected by content).",
)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="auto",
    show_default=True,
    help="Layout of plain-text scrapes.",
)
@click.option("--no-tagger", is_flag=True, help="Use lexicon and rules only (no trained tagger).")
def extract(inputs, out_format, fmt, layout, no_tagger):
    """Write what the extractors find, one JSON object per paper, to stdout.

    \b
    Shape: {"id", "title", "abstract", "entities": [{"key", "name", "label", "role",
            "mentions": [{"field", "start", "end", "text"}]}],
            "relations": [{"head", "type", "tail"}]}
    \b
    Example:
      kg extract ../shared/seeds/*.txt > extractions.jsonl
    """
    from .extract import extraction_to_json

    _setup_logging(False)
    nlp = None
    if no_tagger:
        from .extractors import make_pipeline

        nlp = make_pipeline(tagger=False)
    out = sys.stdout
    for ex in api.extract(list(inputs), nlp=nlp, format=fmt, layout=layout):
        out.write(json.dumps(extraction_to_json(ex), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
