"""``kg eval`` and ``kg train``: measure and train the extractors."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli import _setup_logging, main

DEFAULT_GOLD = "annotations/gold"
DEFAULT_SCIERC_GOLD = "annotations/scierc"
DEFAULT_WRITTEN = "annotations/written"


@main.command("eval")
@click.argument("gold", nargs=-1)
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    help="Abstract files the gold ids refer to (default: ../shared/seeds).",
)
@click.option(
    "--predictions",
    type=click.Path(exists=True, dir_okay=False),
    help="A `kg extract` JSONL file to score (default: run the extractors now).",
)
@click.option(
    "--split",
    type=click.Choice(["train", "dev", "test", "all"]),
    default="test",
    show_default=True,
    help="Which split of the seed gold set to score.",
)
@click.option(
    "--scierc",
    type=click.Path(exists=True, dir_okay=False),
    help="Score against a SciERC file (e.g. ../shared/data/scierc/dev.jsonl) instead.",
)
@click.option(
    "--annotator",
    type=click.Path(exists=True),
    help="Score another annotator's gold file against GOLD (inter-annotator agreement).",
)
@click.option("--no-tagger", is_flag=True, help="Use lexicon and rules only (no trained tagger).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_command(gold, corpus, predictions, split, scierc, annotator, no_tagger, as_json):
    """Score the extractors against gold annotations (default: the held-out test split).

    GOLD is one or more gold JSONL files or directories (default: annotations/gold).

    \b
    Example:
      kg eval                                  # test split of annotations/gold
      kg eval --split dev --no-tagger
      kg eval --annotator annotations/second   # agreement of two annotators
      kg eval --scierc ../shared/data/scierc/dev.jsonl
    """
    from .evaluate import format_scierc, format_scores

    _setup_logging(False)
    nlp = _nlp(no_tagger)
    if scierc:
        from .evaluate import evaluate_scierc

        result = evaluate_scierc(Path(scierc), nlp)
        click.echo(json.dumps(result, indent=2) if as_json else format_scierc(result))
        return
    from .evaluate import evaluate_gold_files

    scores = evaluate_gold_files(
        list(gold) or [DEFAULT_GOLD],
        corpus=list(corpus),
        split=split,
        predictions=predictions,
        annotator=annotator,
        nlp=nlp,
    )
    if as_json:
        click.echo(json.dumps(scores.as_dict(), indent=2))
    else:
        title = f"agreement of {annotator} with the gold set" if annotator else f"split {split}"
        click.echo(format_scores(scores, title))


@main.command("train")
@click.option(
    "-o",
    "--output",
    default=None,
    help="Directory for the trained data (default: the package's own extractors/data).",
)
@click.option(
    "--gold",
    "gold",
    multiple=True,
    default=[DEFAULT_GOLD],
    show_default=True,
    help="Gold annotation files or directories (train split trains, dev selects).",
)
@click.option(
    "--scierc-gold",
    "scierc_gold",
    multiple=True,
    default=[DEFAULT_SCIERC_GOLD],
    show_default=True,
    help="Our annotations of SciERC train abstracts (extra tagger training data).",
)
@click.option(
    "--written",
    "written",
    multiple=True,
    default=[DEFAULT_WRITTEN],
    show_default=True,
    help="Abstracts we wrote and annotated ourselves (extra tagger training data).",
)
@click.option(
    "--scierc/--no-scierc",
    default=False,
    show_default=True,
    help="Add SciERC train, mapped to our labels, to the tagger's training data.",
)
@click.option(
    "--final",
    is_flag=True,
    help="After choosing thresholds on dev, train the tagger, learned lexicon and relation "
    "classifier again with dev added (the shipped models are trained without dev).",
)
@click.option("--epochs", default=20, show_default=True)
@click.option("--seed", default=0, show_default=True)
def train_command(output, gold, scierc_gold, written, scierc, final, epochs, seed):
    """Train the tagger (spaCy tok2vec + ner, CPU), the learned lexicon and the candidate
    filter from the train split of the gold annotations (the test split is never read),
    with our annotations of SciERC train abstracts and our own written abstracts as extra
    tagger data (each default directory is skipped when absent).

    \b
    Example:
      kg train                        # rewrites extractors/data/{tagger,lexicon-learned.tsv,..}
      kg train -o /tmp/trained --epochs 5
    """
    from .extractors.pipeline import DATA_DIR
    from .train import train_all

    _setup_logging(False)
    # the default extra-data directories are optional; ones given by hand must exist
    scierc_gold = [p for p in scierc_gold if p != DEFAULT_SCIERC_GOLD or Path(p).exists()]
    written = [p for p in written if p != DEFAULT_WRITTEN or Path(p).exists()]
    result = train_all(
        output or DATA_DIR,
        gold_paths=list(gold),
        scierc_gold_paths=list(scierc_gold),
        written_paths=list(written),
        use_scierc=scierc,
        final=final,
        epochs=epochs,
        seed=seed,
        log=lambda m: click.echo(m, err=True),
    )
    click.echo(json.dumps(result))


def _nlp(no_tagger: bool):
    if not no_tagger:
        return None
    from .extractors import make_pipeline

    return make_pipeline(tagger=False)
