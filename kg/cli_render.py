"""``kg render``: write an interactive HTML page of a graph (see :mod:`kg.pages`)."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import _setup_logging, main
from .errors import KGError
from .pages import DEFAULT_TOP, LAYOUT_THRESHOLD


@main.command()
@click.argument("graph_path", metavar="GRAPH", type=click.Path(dir_okay=False))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="HTML file to write."
)
@click.option(
    "--focus", metavar="NAME", help="Draw the neighbourhood of this entity (name or alias)."
)
@click.option(
    "--depth",
    default=1,
    show_default=True,
    type=click.IntRange(min=0),
    help="Hops around --focus (a hop through a paper counts as one).",
)
@click.option(
    "--papers", "paper_ids", metavar="ID,ID", help="Draw these papers and their entities."
)
@click.option(
    "--papers-file",
    type=click.File("r", encoding="utf-8"),
    help="File of paper ids (one per line or comma-separated; # comments).",
)
@click.option(
    "--top",
    default=DEFAULT_TOP,
    show_default=True,
    type=click.IntRange(min=0),
    help="Keep the N entities with most papers (ties by name); 0 keeps all.",
)
@click.option(
    "--with-papers/--without-papers",
    default=None,
    help="Draw paper nodes [default: without for the whole graph, with for --focus].",
)
@click.option(
    "--layout-threshold",
    default=LAYOUT_THRESHOLD,
    show_default=True,
    type=click.IntRange(min=0),
    help="Above this many nodes, lay out in Python and turn physics off.",
)
def render(
    graph_path, output, focus, depth, paper_ids, papers_file, top, with_papers, layout_threshold
):
    """Write a self-contained interactive HTML page of a graph (no network needed).

    Views: the whole graph (the --top entities by paper count), the neighbourhood of one
    entity (--focus), or a set of papers and their entities (--papers/--papers-file).
    Pages with more than --layout-threshold nodes (default 2000) get positions computed in
    Python, with physics off, so the browser stays responsive.

    \b
    Example:
      kg render graph.json -o graph.html
      kg render graph.json -o rnn.html --focus "recurrent neural network" --depth 2
      kg render graph.json -o some.html --papers p-0088c4d4bb7a5a4d,p-b11f6a4fdf13dbff
    """
    from .pages import render as render_page
    from .pages.views import read_ids

    _setup_logging(False)
    papers = None
    if paper_ids is not None or papers_file is not None:
        papers = read_ids(paper_ids or "")
        if papers_file is not None:
            papers += read_ids(papers_file.read())
        if not papers:
            raise KGError("--papers/--papers-file gave no paper ids")
    path = render_page(
        graph_path,
        Path(output),
        focus=focus,
        depth=depth,
        papers=papers,
        top=top,
        with_papers=with_papers,
        layout_threshold=layout_threshold,
    )
    click.echo(f"{path}: {path.stat().st_size:,} bytes", err=True)
