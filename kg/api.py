"""Build (or extend) a knowledge graph from abstract files."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from .assemble import assemble, extractions_from_graph
from .errors import InputError
from .extract import extract_papers
from .graph import KnowledgeGraph
from .models import Paper, PaperExtraction
from .normalize import text_fingerprint
from .readers import read_papers
from .store import FORMAT

log = logging.getLogger("kg.build")


@dataclass
class BuildReport:
    """What a build did."""

    graph: KnowledgeGraph
    papers_read: int
    papers_added: int
    papers_known: int


_NLP: dict[str, Language] = {}


def default_pipeline() -> Language:
    """The shipped extraction pipeline, loaded once per process."""
    if "default" not in _NLP:
        from .extractors import make_pipeline

        _NLP["default"] = make_pipeline()
    return _NLP["default"]


def pipeline_name(nlp: Language) -> str:
    """Which extractor made a graph: its components and a fingerprint of their data, so
    that a graph built by another version can be told apart."""
    import hashlib

    from .extractors.pipeline import DATA_DIR

    digest = hashlib.sha1()
    for path in sorted(DATA_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".tsv", ".json", ".cfg") or path.name == "model":
            digest.update(path.name.encode() + path.read_bytes())
    kind = "ner+rules" if "ner" in nlp.pipe_names else "rules"
    return f"{kind}/{digest.hexdigest()[:12]}"


def _progress(items: list[Paper], enabled: bool) -> Iterable[Paper]:
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="extracting", unit="paper", file=sys.stderr, mininterval=0.5)


def extract(
    inputs: Iterable[str | Path] | Iterable[Paper],
    *,
    nlp: Language | None = None,
    format: str = "auto",
    layout: str = "auto",
) -> Iterator[PaperExtraction]:
    """Extract entities and relations from papers (files, or :class:`Paper` objects).

    Examples
    --------
    >>> from kg.models import Paper
    >>> ex = next(extract([Paper(id="x", title="", abstract="We train LSTMs on MNIST.")]))
    >>> sorted((e.name, e.label) for e in ex.entities)  # doctest: +SKIP
    [('LSTM', 'Model'), ('MNIST', 'Dataset')]
    """
    items = list(inputs)
    papers = (
        items
        if all(isinstance(i, Paper) for i in items)
        else read_papers(items, format=format, layout=layout)  # type: ignore[arg-type]
    )
    yield from extract_papers(papers, nlp or default_pipeline())


def build(
    inputs: Iterable[str | Path],
    graph: str | Path | KnowledgeGraph | None = None,
    *,
    nlp: Language | None = None,
    format: str = "auto",
    layout: str = "auto",
    progress: bool = False,
    rebuild: bool = False,
    save: bool = True,
) -> BuildReport:
    """Read abstracts, extract, resolve and write the graph.

    ``graph`` is a graph file (extended if it exists, written atomically at the end unless
    ``save`` is False), a :class:`KnowledgeGraph` to extend, or None for a new graph.
    Papers already in the graph are not extracted again (``rebuild=True`` forces it); the
    graph is then re-assembled from all stored extractions, so an incremental build gives
    the same graph as a full build of the same papers.
    """
    papers = read_papers(inputs, format=format, layout=layout)
    if not papers:
        raise InputError("no papers found in the input", path=", ".join(map(str, inputs)))
    path: Path | None = None
    if isinstance(graph, KnowledgeGraph):
        existing = graph
    elif graph is not None and Path(graph).exists():
        path = Path(graph)
        existing = KnowledgeGraph.load(path)
    else:
        path = Path(graph) if graph is not None else None
        existing = KnowledgeGraph()
    stored = [] if rebuild else extractions_from_graph(existing.graph)
    nlp = nlp or default_pipeline()
    made_by = existing.graph.graph.get("pipeline")
    if stored and made_by != pipeline_name(nlp):
        log.warning(
            "%s: its papers were extracted by another extractor (%s, now %s); they are kept "
            "as they are: use --rebuild to extract them again",
            path or "graph",
            made_by,
            pipeline_name(nlp),
        )
    by_id = {ex.paper.id: ex for ex in stored}
    by_text = {text_fingerprint(ex.paper.abstract or ex.paper.title): ex for ex in stored}
    new: list[Paper] = []
    known = 0
    for paper in papers:
        old = by_id.get(paper.id) or by_text.get(text_fingerprint(paper.abstract or paper.title))
        if old is None:
            new.append(paper)
            continue
        known += 1
        for src in paper.sources:
            if src not in old.paper.sources:
                old.paper.sources.append(src)
        if not old.paper.title and paper.title:
            old.paper.title = paper.title
    fresh = list(extract_papers(_progress(new, progress), nlp))
    result = assemble(stored + fresh, meta={"format": FORMAT, "pipeline": pipeline_name(nlp)})
    kg = KnowledgeGraph(result)
    if isinstance(graph, KnowledgeGraph):
        graph.graph = result
        kg = graph
    elif path is not None and save:
        kg.save(path)
    return BuildReport(
        graph=kg, papers_read=len(papers), papers_added=len(fresh), papers_known=known
    )


def load(path: str | Path) -> KnowledgeGraph:
    """Open a graph file."""
    return KnowledgeGraph.load(path)
