"""``kg_entities``: choose the final entity mentions from all candidate sources.

Candidates come from the lexicon (``doc.spans["kg_lexicon"]``), the statistical tagger
(``doc.ents``) and the rules (``doc.spans["kg_rules"]``). Overlaps are settled by length
(the guidelines annotate the longest complete name), then by source priority. Leading
determiners and evaluative words are trimmed. Each chosen span gets a canonical name in
``span._.kg_name`` (the lexicon name, the long form of an acronym, or the text with a
plural head made singular) and its source in ``span._.kg_source``.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.normalize import singular

from .acronyms import initials_match
from .candidate_filter import (
    CandidateFilter,
    count_ngrams,
    load_model,
    source_features,
    span_features,
)
from .roles import proposal_cues, title_colon
from .rules import (
    INTRODUCED_KEY,
    PROTECTED_KEY,
    STOP_MODIFIERS,
    head_label,
    is_generic,
    looks_like_name,
)

SPANS_KEY = "kg_entities"
SOURCES = ("kg_learned", "kg_lexicon", INTRODUCED_KEY, "ner", "kg_rules")
DEFAULT_FILTER = Path(__file__).parent / "data" / "candidate-filter.json"

for _ext in ("kg_name", "kg_source"):
    if not Span.has_extension(_ext):
        Span.set_extension(_ext, default=None)

# "wide", "random" and "fully" stop a rule's phrase ("a wide range of ...") but are part of
# names ("wide residual networks", "random search", "fully connected networks")
_TRIM = STOP_MODIFIERS - {"e.g.", "i.e.", "wide", "random", "fully"}
_TRIM |= {"(", ")", ",", ";", ":", "'", '"', "-", "."}
_TRIM |= {"today", "'s", "’s"}  # "today's deep learning models"
# comparisons rate a name, they are no part of it ("the best LSTM", "much larger MLPs")
_TRIM |= set(
    "best largest smallest biggest strongest simplest fastest latest much larger smaller".split()
)
# verbs that follow "to" and never open a name ("to guide LLMs", "to examine CNNs")
_TRIM |= set(
    """examine guide construct understand explain interpret visualize visualise inspect
    assess probe identify solve compute mitigate handle classify recognize recognise
    discover quantify characterize characterise accelerate compress stabilize stabilise
    enhance boost""".split()
)


def singular_name(text: str) -> str:
    """A display name: plural last word made singular unless it is a CamelCase name or a
    capitalised word that is no kind of thing ("Barlow Twins", "Places").

    Examples
    --------
    >>> [singular_name(t) for t in ["recurrent neural networks", "RNNs", "ListOps", "Transformers"]]
    ['recurrent neural network', 'RNN', 'ListOps', 'Transformer']
    >>> [singular_name(t) for t in ["Barlow Twins", "Graph Neural Networks", "barlow twins"]]
    ['Barlow Twins', 'Graph Neural Network', 'barlow twin']
    """
    words = text.split(" ")
    last = words[-1]
    camel = any(c.isupper() for c in last[1:]) and not last[:-1].isupper()
    proper = last[:1].isupper() and last[1:].islower() and head_label(last) is None
    if not (camel or proper):
        words[-1] = singular(last)
    return " ".join(words)


#: leading words trimmed even from a capitalised name ("The Transformer", "A Novel ...")
_ALWAYS_TRIM = {"a", "an", "the", "this", "that", "these", "those", "our", "their", "its"}
_ALWAYS_TRIM |= {"novel", "new", "proposed", "we", "of", "in", "on", "for", "and", "or"}
_ALWAYS_TRIM |= {"efficient", "effective", "simple", "powerful", "improved", "better"}
_ALWAYS_TRIM |= {"general", "unified", "practical", "modern", "fast"}


def _part_of_name(doc: Doc, i: int, end: int) -> bool:
    # "Wide Residual Networks", "Simple Recurrent Units": a capitalised modifier before
    # another capitalised word is part of the name
    word = doc[i].text
    return (
        i + 1 < end
        and word[:1].isupper()
        and word.lower() not in _ALWAYS_TRIM
        and doc[i + 1].text[:1].isupper()
        and (not doc[i].is_sent_start or doc.user_data.get("kg_field") == "title")
    )


#: words saying what kind of thing a coined name is, not part of it ("GNN models")
_KIND_AFTER_NAME = {"model", "method", "architecture", "module", "framework", "algorithm"}


def _compound_end(doc: Doc, i: int, end: int) -> int:
    """End of the hyphenated compound starting at token ``i`` ("low-rank", "state-of-the-
    art"), or ``i`` when no hyphen is attached to it."""
    j = i
    while (
        j + 2 < end
        and doc[j + 1].text == "-"
        and not doc[j].whitespace_
        and not doc[j + 1].whitespace_
    ):
        j += 2
    return j + 1 if j > i else i


def plain_long_form(short: str, long_span: Span) -> bool:
    """Whether an acronym's detected long form can name it although no extractor took it
    for an entity: spelt out by the acronym's initials, or at least free of brackets and
    not opened by a function word (a mis-bounded long form is neither).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("based on long memory ( LSTM ) and bidirectional")
    >>> plain_long_form("BRNN", doc[:]), plain_long_form("LMB", doc[2:4])
    (False, True)
    """
    words = [t.text for t in long_span]
    return initials_match(short, long_span.text) or (
        not {"(", ")"} & set(words) and words[0].lower() not in STOP_MODIFIERS
    )


def trim(span: Span) -> Span | None:
    """The span without leading and trailing words that are not part of a name; a
    hyphenated compound goes whole ("real-world") or stays whole ("low-rank").

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> [trim(nlp(t)[:]).text for t in ["the low-rank adaptation", "high-quality data sets"]]
    ['low-rank adaptation', 'data sets']
    >>> trim(nlp("expressive GNN models")[:]).text
    'expressive GNN'
    """
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in _TRIM and not _part_of_name(doc, start, end):
        compound = _compound_end(doc, start, end)
        if compound > start:
            rating = doc[start + 2].lower_ in RATING_SECONDS
            whole = compound == end  # a modifier alone names nothing ("single-cell")
            if not (rating or whole or doc[start:compound].text.lower() in _TRIM):
                break  # "low-rank", "two-layer": a modifier that names
            start = compound
            continue
        start += 1
    while end > start and doc[end - 1].lower_ in _TRIM - {")"}:
        end -= 1
    if (
        end - start >= 2
        and singular(doc[end - 1].lower_) in _KIND_AFTER_NAME
        and looks_like_name(doc[end - 2].text)
    ):
        end -= 1  # "GNN models", "the BERT model": the name is the acronym
    if start >= end:
        return None
    if start == span.start and end == span.end:
        return span
    return Span(doc, start, end, label=span.label, kb_id=span.kb_id)


# hyphenated words that rate or situate a name rather than name it ("high-quality",
# "real-world", "pre-trained", "memory-efficient"), by their first or second part
RATING_FIRSTS = set("pre fine non well high low large small real cutting self state so".split())
RATING_SECONDS = set(
    """accurate efficient quality scale world time driven established defined old free
    trained tuned tune proposed edge standard known used reported based degree dimensional
    differentiable like art shelf resolution complexity cost precision performance capacity
    latency""".split()
)


def hyphenated_start(doc: Doc, start: int, taken: set[int] = frozenset()) -> int:
    """Where a name starting at ``start`` starts once the hyphenated modifiers written
    right before it are added ("word-level language modeling", "single-layer
    transformers"): the guidelines keep the modifiers that are part of a name.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("We study word-level language modeling .")
    >>> doc[hyphenated_start(doc, 5) : 7].text
    'word-level language modeling'
    >>> doc = spacy.blank("en")("We beat state-of-the-art transformers and pre-trained BERT .")
    >>> hyphenated_start(doc, 9), hyphenated_start(doc, 14)
    (9, 14)
    """
    if not doc[start].text[:1].islower():
        return start  # a proper name ("BERT", "GPT-4") carries no modifiers of its own
    while start >= 3 and not any(i in taken for i in range(start - 3, start)):
        first, dash, second = doc[start - 3], doc[start - 2], doc[start - 1]
        if not (
            dash.text == "-"
            and not first.whitespace_
            and not dash.whitespace_
            and first.text.isalpha()
            and second.text.isalpha()
            and second.text.islower()
        ):
            break
        if start >= 4 and doc[start - 4].text == "-" and not doc[start - 4].whitespace_:
            break  # a longer compound ("state-of-the-art")
        if first.lower_ in RATING_FIRSTS or second.lower_ in RATING_SECONDS:
            break
        start -= 3
    return start


def split_at_slash(span: Span) -> list[Span]:
    """Two names joined by a slash ("ViT/MLP-Mixer", "CNN/RNN") are two mentions; a slash
    inside a lower-case name ("early/late fusion") is kept.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("ViT/MLP-Mixer and early/late fusion")
    >>> [s.text for s in split_at_slash(doc[0:5])], [s.text for s in split_at_slash(doc[6:10])]
    (['ViT', 'MLP-Mixer'], ['early/late fusion'])
    """
    doc = span.doc
    cuts = [
        i
        for i in range(span.start + 1, span.end - 1)
        if doc[i].text == "/" and doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper()
    ]
    if not cuts:
        return [span]
    bounds = [span.start, *cuts, span.end]
    return [
        Span(doc, bounds[k] + (k > 0), bounds[k + 1], label=span.label)
        for k in range(len(bounds) - 1)
    ]


def drop_joined(candidates: list[tuple[int, Span]]) -> list[tuple[int, Span]]:
    """Drop a span made of two adjacent candidates of different labels ("language
    modeling perplexity" is a task and a metric, not one name).

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Span
    >>> doc = spacy.blank("en")("language modeling perplexity")
    >>> c = [(0, Span(doc, 0, 3, "Task")), (0, Span(doc, 0, 2, "Task")),
    ...      (1, Span(doc, 2, 3, "Metric"))]
    >>> [s.text for _, s in drop_joined(c)]
    ['language modeling', 'perplexity']
    """
    ends: dict[tuple[int, int], set[str]] = {}
    for _, span in candidates:
        ends.setdefault((span.start, span.end), set()).add(span.label_)
    by_start: dict[int, list[tuple[int, set[str]]]] = {}
    for (start, end), labels in ends.items():
        by_start.setdefault(start, []).append((end, labels))

    def joined(span: Span) -> bool:
        for middle, left in by_start.get(span.start, []):
            if span.start < middle < span.end:
                right = ends.get((middle, span.end), set())
                if right and (left | right) != left & right:
                    return True
        return False

    return [(prio, span) for prio, span in candidates if not joined(span)]


def choose(candidates: list[tuple[int, Span]], prefer: str = "longest") -> list[tuple[int, Span]]:
    """Non-overlapping spans: longest first (``prefer="longest"``) or highest-priority
    source first (``prefer="source"``), then the other criterion, then leftmost."""
    if prefer == "source":
        ordered = sorted(candidates, key=lambda c: (c[0], -(c[1].end - c[1].start), c[1].start))
    else:
        ordered = sorted(candidates, key=lambda c: (-(c[1].end - c[1].start), c[0], c[1].start))
    taken: set[int] = set()
    out = []
    for prio, span in ordered:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        out.append((prio, span))
    return sorted(out, key=lambda c: c[1].start)


@Language.factory(
    "kg_entities",
    default_config={
        "use_ner": True,
        "sources": list(SOURCES),
        "prefer": "longest",
        "filter_path": None,
        "threshold": None,
    },
)
def make_entities(
    nlp: Language,
    name: str,
    *,
    use_ner: bool,
    sources: list[str],
    prefer: str,
    filter_path: str | None,
    threshold: float | None,
) -> EntityChooser:
    cfilter = load_model(CandidateFilter.load, filter_path, DEFAULT_FILTER, threshold)
    return EntityChooser(use_ner=use_ner, sources=sources, prefer=prefer, cfilter=cfilter)


class EntityChooser:
    """Settles overlaps between candidate sources (listed in priority order), after
    dropping the candidates the learned filter does not trust."""

    def __init__(
        self,
        *,
        use_ner: bool = True,
        sources=SOURCES,
        prefer: str = "longest",
        cfilter: CandidateFilter | None = None,
    ) -> None:
        self.use_ner = use_ner
        self.sources = tuple(sources)
        self.prefer = prefer
        self.cfilter = cfilter

    def candidates(self, doc: Doc) -> list[tuple[int, Span, str]]:
        """Every source's spans, trimmed, generic ones dropped: ``(priority, span, tag)``.

        The tag is the source's name, with ``+`` when another source found the same span
        with the same label (agreement between sources is a strong sign of a real name).
        """
        candidates: list[tuple[int, Span]] = []
        for prio, source in enumerate(self.sources):
            if source == "ner":
                spans = list(doc.ents) if self.use_ner else []
            else:
                spans = list(doc.spans.get(source, []))
            for whole in spans:
                for span in split_at_slash(whole):
                    span = trim(span)
                    if span is None or is_generic(span.text):
                        continue
                    if not any(c.isalpha() for c in span.text) or any(t.like_url for t in span):
                        continue  # a web address names no entity, even the repository's
                    candidates.append((prio, span))
        found_by: dict[tuple[int, int, str], set[int]] = {}
        for prio, span in candidates:
            found_by.setdefault((span.start, span.end, span.label_), set()).add(prio)
        return [
            (
                prio,
                span,
                self.sources[prio]
                + ("+" if len(found_by[(span.start, span.end, span.label_)]) > 1 else ""),
            )
            for prio, span in candidates
        ]

    @staticmethod
    def contexts(
        doc: Doc,
        tagged: list[tuple[int, Span, str]],
        protected: set[tuple[int, int]] | None = None,
    ) -> list[list[str]]:
        """The filter's context features of each tagged candidate (``protected``: the
        token spans the filter must keep, read from the doc when not given)."""
        if protected is None:
            protected = {(s.start, s.end) for s in doc.spans.get(PROTECTED_KEY, [])}
        texts = [t.text for t in doc]
        words = [w.lower() for w in texts]
        flat = [(span.start, span.end, span.label_, tag) for _, span, tag in tagged]
        field = doc.user_data.get("kg_field", "abstract")
        ngrams = count_ngrams(words, {span.end - span.start for _, span, _ in tagged})
        colon_at = title_colon(texts) if field == "title" else None
        sent_start = [0] * len(doc)
        for sent in doc.sents:
            sent_start[sent.start : sent.end] = [sent.start] * (sent.end - sent.start)
        cues: dict[tuple[int, int], list[str]] = {}
        for _, span, _ in tagged:
            if (span.start, span.end) not in cues:
                cues[(span.start, span.end)] = proposal_cues(
                    texts,
                    sent_start[span.start],
                    span.start,
                    span.end,
                    title=field == "title",
                    colon_at=colon_at,
                )
        shared: dict[tuple[int, int, str], list[str]] = {}
        contexts = []
        for i, (_, span, tag) in enumerate(tagged):
            key = (span.start, span.end, span.label_)
            if key not in shared:
                shared[key] = span_features(
                    flat,
                    i,
                    words,
                    protected=(span.start, span.end) in protected,
                    field=field,
                    repeats=ngrams[tuple(words[span.start : span.end])],
                    cues=cues[(span.start, span.end)],
                )
            contexts.append(source_features(span.label_, tag) + shared[key])
        return contexts

    def __call__(self, doc: Doc) -> Doc:
        tagged = self.candidates(doc)
        if self.cfilter is not None:
            # acronym definitions and title names are kept whatever the filter says: they
            # are where papers name what they propose
            protected = {(s.start, s.end) for s in doc.spans.get(PROTECTED_KEY, [])}
            contexts = (
                self.contexts(doc, tagged, protected)
                if self.cfilter.weights
                else [()] * len(tagged)
            )
            tagged = [
                (prio, span, tag)
                for (prio, span, tag), context in zip(tagged, contexts, strict=True)
                if (span.start, span.end) in protected
                or self.cfilter.keep(tag, span.label_, span.text, context)
            ]
        candidates = [(prio, span) for prio, span, _ in tagged]
        candidates = drop_joined(candidates)
        picked = choose(candidates, self.prefer)
        taken = {i for _, span in picked for i in range(span.start, span.end)}
        for n, (prio, span) in enumerate(picked):
            start = hyphenated_start(doc, span.start, taken)
            if start != span.start:
                taken.update(range(start, span.start))
                picked[n] = (prio, Span(doc, start, span.end, label=span.label))
        chosen = [span for _, span in picked]
        long_names = {}
        for long_span, short_span in doc._.kg_acronyms:
            long_names[(short_span.start, short_span.end)] = long_span
        by_key = {(s.start, s.end): s for s in chosen}
        for prio, span in picked:
            if span.kb_id_:
                span._.kg_name = span.kb_id_
            elif (span.start, span.end) in long_names:
                long_span = long_names[(span.start, span.end)]
                match = by_key.get((long_span.start, long_span.end))
                if match is None and not plain_long_form(span.text, long_span):
                    match = span
                base = match if match is not None else long_span
                span._.kg_name = base.kb_id_ or singular_name(base.text)
            else:
                span._.kg_name = singular_name(span.text)
            span._.kg_source = self.sources[prio]
        doc.spans[SPANS_KEY] = chosen
        return doc
