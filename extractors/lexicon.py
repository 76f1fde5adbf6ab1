"""Lexicon of well-known ML entities and the ``kg_lexicon`` matcher component.

The lexicon (``data/lexicon.tsv``: label, canonical name, ``|``-separated aliases) is
matched on normalised token forms (``token.norm_``, set by ``kg_normalizer``), so case and
plural variants match; hyphen and spacing variants are added to the patterns. Matches go
to ``doc.spans["kg_lexicon"]`` with the label as span label and the canonical name as
``span.kb_id_``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.models import LABELS
from kg.normalize import name_key, singular

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_LEXICON = DATA_DIR / "lexicon.tsv"
#: names and mention forms of the annotated training papers (written by ``kg train``)
LEARNED_LEXICON = DATA_DIR / "lexicon-learned.tsv"
SPANS_KEY = "kg_lexicon"


@dataclass(frozen=True)
class LexiconEntry:
    label: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def read_lexicon(path: str | Path = DEFAULT_LEXICON) -> list[LexiconEntry]:
    """Entries of a lexicon TSV file (header ``label  name  aliases``)."""
    entries = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            label = (row.get("label") or "").strip()
            name = (row.get("name") or "").strip()
            if label not in LABELS or not name:
                continue
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            entries.append(LexiconEntry(label, name, aliases))
    return entries


@lru_cache(maxsize=200_000)
def token_norm(text: str) -> str:
    """Normal form of one token for matching: lower case, singular.

    Examples
    --------
    >>> [token_norm(t) for t in ["Networks", "RNNs", "loss", "ResNet-50"]]
    ['network', 'rnn', 'loss', 'resnet-50']
    """
    return singular(text).lower()


def spelling_variants(form: str) -> set[str]:
    """Hyphen and spacing variants of a name: "ResNet-50", "ResNet 50", "ResNet50".

    Examples
    --------
    >>> sorted(spelling_variants("self-attention"))
    ['self attention', 'self-attention', 'selfattention']
    """
    out = {form}
    if "-" in form:
        out.add(form.replace("-", " "))
        out.add(form.replace("-", ""))
    for m in re.finditer(r"(?<=[A-Za-z]) (?=\d)|(?<=[A-Za-z])(?=\d)", form):
        out.add(form[: m.start()] + "-" + form[m.end() :])
    return out


@lru_cache(maxsize=1)
def acronym_long_forms() -> dict[str, str]:
    """Acronym -> long form (both as :func:`~kg.normalize.name_key`), from the hand-written
    lexicon's entries whose aliases hold one acronym.

    Examples
    --------
    >>> acronym_long_forms()["lstm"]
    'long short term memory'
    """
    found: dict[str, set[str]] = {}
    for entry in read_lexicon(DEFAULT_LEXICON):
        for alias in entry.aliases:
            if (
                re.fullmatch(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*", alias)
                and alias[1:] != alias[1:].lower()
            ):
                found.setdefault(name_key(alias), set()).add(name_key(entry.name))
    return {short: next(iter(longs)) for short, longs in found.items() if len(longs) == 1}


@Language.factory("kg_normalizer")
def make_normalizer(nlp: Language, name: str) -> Normalizer:
    return Normalizer()


class Normalizer:
    """Sets ``token.norm_`` to the lower-case singular form used by the matchers."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.norm_ = token_norm(token.text)
        return doc


@Language.factory(
    "kg_lexicon",
    default_config={"path": None, "min_alias_chars": 2, "spans_key": SPANS_KEY},
)
def make_lexicon(
    nlp: Language, name: str, *, path: str | None, min_alias_chars: int, spans_key: str
):
    return LexiconMatcher(
        nlp,
        path=path or str(DEFAULT_LEXICON),
        min_alias_chars=min_alias_chars,
        spans_key=spans_key,
    )


class LexiconMatcher:
    """Marks lexicon names and aliases; longest match wins."""

    def __init__(
        self, nlp: Language, *, path: str, min_alias_chars: int = 2, spans_key: str = SPANS_KEY
    ) -> None:
        self.path = path
        self.spans_key = spans_key
        self.entries = read_lexicon(path) if Path(path).exists() else []
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.canonical: dict[str, tuple[str, str]] = {}  # match id -> (label, name)
        tokenizer = nlp.tokenizer
        for i, entry in enumerate(self.entries):
            key = f"lex{i}"
            patterns = []
            seen: set[tuple[str, ...]] = set()
            for form in entry.forms:
                if len(form) < min_alias_chars:
                    continue
                for variant in spelling_variants(form):
                    doc = tokenizer(variant)
                    norms = tuple(token_norm(t.text) for t in doc)
                    if norms in seen:
                        continue
                    seen.add(norms)
                    for t, n in zip(doc, norms, strict=True):
                        t.norm_ = n
                    patterns.append(doc)
            if patterns:
                self.matcher.add(key, patterns)
                self.canonical[key] = (entry.label, entry.name)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            label, name = self.canonical[doc.vocab.strings[match_id]]
            spans.append(Span(doc, start, end, label=label, kb_id=name))
        doc.spans[self.spans_key] = filter_spans(spans)
        return doc
