"""Acronym / long-form detection ("Beam Tree Recursive Cell (BT-Cell)").

:func:`find_abbreviations` is a plain function over a string (a variant of the
Schwartz-Hearst algorithm that also accepts acronyms built from word parts, such as
"RvNN" for "Recursive Neural Network"); the ``kg_acronyms`` component stores its pairs on
the ``Doc`` as ``doc._.kg_acronyms``: a list of ``(long_span, short_span)``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.normalize import name_key, singular, with_neural

if not Doc.has_extension("kg_acronyms"):
    Doc.set_extension("kg_acronyms", default=[])

_PAREN = re.compile(r"\(\s*([^()]{1,20}?)\s*\)")
_SHORT_OK = re.compile(r"^[A-Za-z][\w\-\.]*[A-Za-z0-9]s?$|^[A-Z]$")
_STOP = {"the", "a", "an", "of", "and", "for", "in", "on", "to", "with", "we", "our", "by"}
_LEADING_DROP = {
    "the",
    "a",
    "an",
    "our",
    "novel",
    "new",
    "so-called",
    "called",
    "named",
    "termed",
    "dubbed",
    "this",
    "these",
    "its",
    "their",
    "proposed",
}


def _match_long(short: str, words: list[str]) -> int | None:
    """Index of the first word of the long form of ``short`` among ``words`` (or None).

    Characters of the short form are matched right to left in the words, the first
    character at the start of a word (Schwartz & Hearst, 2003).
    """
    chars = [c.lower() for c in short if c.isalnum()]
    if short.endswith("s") and len(chars) > 2 and short[:-1].isupper():
        chars = chars[:-1]
    if len(chars) < 2:
        return None
    text = " ".join(words).lower()
    si, li = len(chars) - 1, len(text) - 1
    while si >= 0:
        c = chars[si]
        while li >= 0 and (text[li] != c or (si == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        si -= 1
        li -= 1
    start_char = li + 1
    # word index containing start_char
    pos = 0
    for i, w in enumerate(words):
        if pos <= start_char < pos + len(w) + 1:
            return i
        pos += len(w) + 1
    return None


#: last words that only say what kind of thing a name is, often left out of its acronym
_LEFT_OUT_KINDS = frozenset({"model", "network", "framework", "method"})


def initials_match(short: str, long: str) -> bool:
    """True when ``short`` is spelt by the initials of ``long``'s words, small words
    skipped: how a paper abbreviates a name it never writes as "Long Form (LF)".

    Examples
    --------
    >>> initials_match("PPGNs", "Plug and Play Generative Networks")
    True
    >>> initials_match("RN", "Relation Network"), initials_match("RN", "residual network")
    (True, True)
    >>> initials_match("CNNs", "convolutional networks")
    True
    >>> initials_match("AMs", "Associative Memory models")
    True
    >>> initials_match("GAN", "generative model"), initials_match("CNN", "CNN")
    (False, False)
    """
    letters = singular(short)
    if not letters.isalpha() or not letters.isupper() or len(letters) < 2:
        return False
    words = [w for w in re.split(r"[\s\-]+", long) if w and w.lower() not in _STOP | {"&"}]
    if len(words) + 1 == len(letters) and with_neural(name_key(" ".join(words))):
        words.insert(-1, "neural")  # "CNNs" for "convolutional networks"
    if len(words) == len(letters) + 1 and words[-1].lower().rstrip("s") in _LEFT_OUT_KINDS:
        words.pop()  # "AMs" for "Associative Memory models"
    return len(words) == len(letters) and all(
        w[0].lower() == c.lower() for w, c in zip(words, letters, strict=True)
    )


def find_abbreviations(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs ``((long_start, long_end), (short_start, short_end))`` of character offsets.

    Examples
    --------
    >>> t = "We propose Beam Tree Recursive Cell (BT-Cell) for recurrent neural networks (RNNs)."
    >>> [(t[a:b], t[c:d]) for (a, b), (c, d) in find_abbreviations(t)]
    [('Beam Tree Recursive Cell', 'BT-Cell'), ('recurrent neural networks', 'RNNs')]
    >>> find_abbreviations("results (see Table 2) improve")
    []
    """
    pairs = []
    for m in _PAREN.finditer(text):
        short = m.group(1)
        if not _SHORT_OK.match(short) or " " in short or not any(c.isupper() for c in short):
            continue
        before = text[: m.start()].rstrip()
        # the long form lies in the same clause, at most min(|A| + 5, 2|A|) words back
        clause = re.split(r"[.;:!?]\s|,\s(?:and|or|which|where)\s", before)[-1]
        words_all = clause.split()
        n = len([c for c in short if c.isalnum()])
        window = words_all[-min(n + 5, 2 * n + 2) :]
        idx = _match_long(short, window)
        if idx is None:
            continue
        words = window[idx:]
        while words and words[0].lower().strip(",") in _LEADING_DROP:
            words = words[1:]
        if not words or words[0].lower() in _STOP or len(words) < 2 and len(words[0]) <= len(short):
            continue
        long_text = " ".join(words)
        long_end = len(before)
        long_start = before.rfind(words[0], 0, long_end - len(long_text) + len(words[0]) + 1)
        if long_start < 0 or text[long_start:long_end].split() != words:
            long_start = before.rfind(long_text)
            if long_start < 0:
                continue
        # strip trailing punctuation that sometimes sits before the parenthesis
        while long_end > long_start and text[long_end - 1] in ",-":
            long_end -= 1
        s_start = m.start(1)
        pairs.append(((long_start, long_end), (s_start, s_start + len(short))))
    return pairs


def char_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


@Language.factory("kg_acronyms")
def make_acronyms(nlp: Language, name: str) -> AcronymDetector:
    return AcronymDetector()


class AcronymDetector:
    """Finds acronym definitions; results in ``doc._.kg_acronyms``."""

    def __call__(self, doc: Doc) -> Doc:
        pairs = []
        for (a, b), (c, d) in find_abbreviations(doc.text):
            long_span, short_span = char_span(doc, a, b), char_span(doc, c, d)
            if long_span is not None and short_span is not None:
                pairs.append((long_span, short_span))
        doc._.kg_acronyms = pairs
        return doc
