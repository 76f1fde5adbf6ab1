"""Role of an entity for its paper: ``proposed`` or ``used``.

Pure functions over token texts and mention positions: a mention is proposed when a
proposal cue ("we propose", "we introduce", "this paper presents", "called", "dubbed")
precedes it in its sentence with no other entity in between, when ", a novel ..." follows
it, or when it is the name before a title's colon or the title's opening name.
"""

from __future__ import annotations

PROPOSE_VERBS = {
    "propose",
    "proposes",
    "proposed",
    "introduce",
    "introduces",
    "introduced",
    "present",
    "presents",
    "presented",
    "develop",
    "develops",
    "design",
    "designs",
    "devise",
    "devises",
    "contribute",
    "contributes",
    "offer",
    "offers",
    "create",
    "creates",
    "build",
    "builds",
    "construct",
    "constructs",
    "formulate",
    "formulates",
    "release",
    "releases",
    "call",
    "called",
    "dubbed",
    "named",
    "termed",
    "coined",
    "unveil",
    "unveils",
}
SUBJECTS = {"we", "paper", "work", "article", "study", "here", "herein", "thus", "i"}
NAMING = {"called", "dubbed", "named", "termed", "coined"}
NOVEL = {"novel", "new"}
MAX_GAP = 12


def cue_before(
    words: list[str],
    sent_start: int,
    mention_start: int,
    entity_starts: list[int],
    *,
    max_gap: int = MAX_GAP,
    through_entities: bool = False,
) -> bool:
    """True when a proposal cue precedes the mention in its sentence, at most ``max_gap``
    words before it and (unless ``through_entities``) with no other entity in between.

    Examples
    --------
    >>> w = "In this paper we propose a simple BT-Cell for parsing".split()
    >>> cue_before(w, 0, 6, [6, 8])
    True
    >>> cue_before(w, 0, 8, [6, 8])
    False
    >>> cue_before(w, 0, 8, [6, 8], through_entities=True)
    True
    """
    lows = [w.lower() for w in words]
    for i in range(mention_start - 1, max(sent_start, mention_start - max_gap) - 1, -1):
        if i in entity_starts and i != mention_start and not through_entities:
            return False
        if lows[i] in NAMING:
            return True
        if lows[i] in PROPOSE_VERBS:
            window = lows[max(sent_start, i - 4) : i]
            if any(w in SUBJECTS for w in window) or lows[i].endswith("s"):
                return True
    return False


def novel_after(words: list[str], mention_end: int) -> bool:
    """ ", a novel ..." or "(a new ...)" right after the mention."""
    lows = [w.lower() for w in words[mention_end : mention_end + 4]]
    return (
        len(lows) >= 3
        and lows[0] in {",", "(", ":", "-"}
        and lows[1] in {"a", "an"}
        and (lows[2] in NOVEL or (len(lows) > 3 and lows[3] in NOVEL))
    )


def title_proposed(
    title_words: list[str],
    mention_start: int,
    mention_end: int,
    colon_at: int | None,
    known: bool = False,
) -> bool:
    """The name before a title's colon, a name that is the whole title, or a name the
    lexicon does not know opening a title of the form "X for ...", "X with ...", "X via ...",
    or brought in by "... with X", "... via X", "... into a X".

    Examples
    --------
    >>> title_proposed("Pointer Networks".split(), 0, 2, None)
    True
    >>> title_proposed("Trellis Networks for Sequence Modeling".split(), 0, 2, None)
    True
    >>> title_proposed("Attention as an RNN".split(), 3, 4, None)
    False
    >>> title_proposed("Language Modeling with Gated Convolutional Networks".split(), 3, 6, None)
    True
    """
    if not known and _after_means(title_words, mention_start):
        return True
    if colon_at is not None:
        return mention_end <= colon_at
    first = 1 if title_words and title_words[0].lower() in {"the", "a", "an"} else 0
    if mention_start != first:
        return False
    if mention_end == len(title_words):
        return True
    return not known and title_words[mention_end].lower() in TITLE_LINKS


#: title words that bring in the means a paper contributes ("... via X", "... with X")
TITLE_MEANS = {"with", "via", "using", "into", "by", "through"}


def _after_means(title_words: list[str], start: int) -> bool:
    before = [w.lower() for w in title_words[max(0, start - 2) : start]]
    if before and before[-1] in {"a", "an"}:
        before = before[:-1]
    return bool(before) and before[-1] in TITLE_MEANS


TITLE_LINKS = {
    "for",
    "with",
    "via",
    "as",
    "in",
    "on",
    "to",
    "using",
    "through",
    "from",
    "that",
    "of",
    "and",
    "is",
    "are",
    "-",
    "—",
}
