"""Role of an entity for its paper: ``proposed`` or ``used``.

Pure functions over token texts and mention positions: a mention is proposed when a
proposal cue ("we propose", "we introduce", "this paper presents", "called", "dubbed")
precedes it in its sentence with no other entity in between, when its own noun phrase
says so ("a novel X", "the proposed X", "our X"), when ", a novel ..." or "... is
proposed" follows it, or when it is the name before a title's colon or the title's
opening name.
"""

from __future__ import annotations

from .rules import TITLE_SEPARATORS

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
    # gerunds carry their own subject ("by introducing X", "proposing X, we ...")
    "introducing",
    "proposing",
}
GERUNDS = {"introducing", "proposing"}
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
    gerunds: bool = True,
) -> bool:
    """True when a proposal cue precedes the mention in its sentence, at most ``max_gap``
    words before it and (unless ``through_entities``) with no other entity in between.
    ``gerunds``: "introducing X" counts too (not for well-known names: "by introducing
    recurrent neural networks that ..." uses them).

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
    # lower-case only the words a cue can be read from (this runs for every candidate)
    first = max(sent_start, mention_start - max_gap - 8)
    lows = [""] * first + [w.lower() for w in words[first:mention_start]]
    for i in range(mention_start - 1, max(sent_start, mention_start - max_gap) - 1, -1):
        if i in entity_starts and i != mention_start and not through_entities:
            return False
        if lows[i] in NAMING:
            return True
        if lows[i] in PROPOSE_VERBS:
            window = lows[max(sent_start, i - 4) : i]
            if lows[i] in GERUNDS:
                if gerunds:
                    return True
            elif any(w in SUBJECTS for w in window) or lows[i].endswith("s"):
                return True
        if lows[i] == "namely" and any(
            w in PROPOSE_VERBS for w in lows[max(sent_start, i - 8) : i]
        ):
            return True  # "we propose a novel framework, namely LSTNet"
    return False


#: words a noun phrase may hold between its own cue and the name ("a novel simple X")
PHRASE_FILLERS = {"simple", "simplified", "general", "efficient", "effective", "new", "yet"}


#: words that may follow a name that heads its noun phrase
PHRASE_ENDS = set(
    ", . ; : ) - that which to for with in and or of is are on by as from via using where "
    "whose we".split()
)


#: head words that only say what kind of thing a coined name is ("our TransNAR model")
KIND_WORDS = {"model", "framework", "method", "approach", "architecture", "algorithm", "system"}


def heads_its_phrase(words: list[str], mention_end: int, coined: bool = False) -> bool:
    """The mention ends its noun phrase (it is not the modifier in "a novel MoE framework"),
    or, for a ``coined`` name (one no lexicon knows), only a kind word follows it.

    Examples
    --------
    >>> heads_its_phrase("a novel Mixture of Experts ( MoE ) framework".split(), 5)
    False
    >>> heads_its_phrase("a novel gating mechanism that".split(), 4)
    True
    >>> heads_its_phrase("our resulting TransNAR model on".split(), 3, coined=True)
    True
    """
    i = mention_end
    if coined and i < len(words) and words[i].lower() in KIND_WORDS:
        i += 1
    if i < len(words) and words[i] == "(" and ")" in words[i : i + 8]:
        i = words.index(")", i) + 1
    if i >= len(words):
        return True
    nxt = words[i]
    if nxt == "-":  # "RNN-free"
        return False
    return nxt.lower() in PHRASE_ENDS or not nxt[:1].isalnum()


def phrase_cue(words: list[str], mention_start: int, known: bool = False) -> bool:
    """The mention's own noun phrase marks it as the paper's: "a novel X", "a new X",
    "the proposed X", or, for a name the lexicon does not know, "our X" / "our resulting X".

    Examples
    --------
    >>> w = "thanks to a novel self-distillation technique".split()
    >>> phrase_cue(w, 4)
    True
    >>> phrase_cue("the proposed primal-dual method".split(), 2)
    True
    >>> phrase_cue("We evaluate our resulting TransNAR model".split(), 4)
    True
    >>> phrase_cue("PredRNN , a new recurrent network".split(), 4)
    False
    >>> phrase_cue("we fine-tune our BERT".split(), 3, known=True)
    False
    >>> phrase_cue("we train a ResNet".split(), 3)
    False
    """
    # the caller checks that the mention heads its phrase (see heads_its_phrase)
    lows = [w.lower() for w in words[max(0, mention_start - 4) : mention_start]]
    while lows and lows[-1] in PHRASE_FILLERS - {"new"} | {",", "and"}:
        lows.pop()
    if not lows:
        return False
    last = lows[-1]
    before = lows[-2] if len(lows) > 1 else ""
    if last in {"novel", "new"}:
        # "PredRNN, a new recurrent network": the appositive types the name before it
        article = len(lows) - 2 if before in {"a", "an", "our"} else len(lows) - 1
        appositive = article > 0 and lows[article - 1] == ","
        return not appositive and (last == "novel" or article < len(lows) - 1)
    if last == "proposed" and before in {"the", "our", "a", "this"}:
        return True
    if not known and (last == "our" or (last in {"resulting", "new"} and before == "our")):
        return True
    return False


PASSIVE_VERBS = {"proposed", "introduced", "presented", "developed", "designed", "devised"}


#: words saying a sentence reports earlier work ("Recently, X was proposed")
EARLIER = {"recently", "previously", "earlier", "originally", "prior", "past", "already"}


def passive_after(words: list[str], mention_end: int, sent_start: int = 0) -> bool:
    """A passive proposal right after the mention: "X is proposed", "X (XP) is then
    introduced", "X are presented".

    Examples
    --------
    >>> passive_after("An iterative projection method is proposed .".split(), 4)
    True
    >>> passive_after("Axiom-based Grad-CAM ( XGrad-CAM ) is proposed".split(), 2)
    True
    >>> passive_after("BERT is used".split(), 1)
    False
    >>> passive_after("Recently , SN-Net is proposed".split(), 3)
    False
    """
    if any(w.lower() in EARLIER for w in words[sent_start:mention_end]):
        return False
    lows = [w.lower() for w in words[mention_end : mention_end + 8]]
    if lows[:1] == ["("] and ")" in lows:
        lows = lows[lows.index(")") + 1 :]
    if not lows or lows[0] not in {"is", "are", "was", "were"}:
        return False
    rest = [w for w in lows[1:3] if w not in {"then", "also", "first", "further", "hereby"}]
    return bool(rest) and rest[0] in PASSIVE_VERBS


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
    lexicon does not know (or any "A ... Method") opening a title of the form "X for ...",
    "X with ...", "X via ...", or brought in by "... with X", "... via X", "... into a X".

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
    >>> title_proposed("A Primal-Dual Method for Training".split(), 1, 3, None, known=True)
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
    # "A Primal-Dual Method for ...": an article and a kind word make even a known name the
    # paper's own
    own = first == 1 and title_words[mention_end - 1].lower() in KIND_WORDS
    return (own or not known) and title_words[mention_end].lower() in TITLE_LINKS


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


def title_colon(title_words: list[str]) -> int | None:
    """Index of the colon (or spaced dash) that ends a title's leading name ("PointNet++:
    Deep ..."), if any.

    Examples
    --------
    >>> title_colon("PointNet++ : Deep Hierarchical Feature Learning".split())
    1
    >>> title_colon("VALERIE22 -- A photorealistic dataset".split())
    1
    >>> title_colon("Learning to rank with many words before a late colon : x".split()) is None
    True
    """
    return next((i for i, w in enumerate(title_words[:6]) if w in TITLE_SEPARATORS), None)


def proposal_cues(
    words: list[str],
    sent_start: int,
    start: int,
    end: int,
    *,
    title: bool = False,
    colon_at: int | None = None,
) -> list[str]:
    """Which proposal cues point at the span ``words[start:end]`` (names of the cues, for
    the candidate filter: a span the paper says it proposes is seldom a false name).

    Examples
    --------
    >>> proposal_cues("We propose a novel gating mechanism .".split(), 0, 4, 6)
    ['before', 'phrase']
    >>> proposal_cues("Gated Networks : a study".split(), 0, 0, 2, title=True, colon_at=2)
    ['title']
    """
    if title:
        return ["title"] if title_proposed(words, start, end, colon_at) else []
    cues = []
    if cue_before(words, sent_start, start, [], max_gap=MAX_GAP, through_entities=True):
        cues.append("before")
    if phrase_cue(words, start) and heads_its_phrase(words, end):
        cues.append("phrase")
    if passive_after(words, end, sent_start):
        cues.append("passive")
    if novel_after(words, end):
        cues.append("novel-after")
    return cues


#: words that may join two names of one list ("X and Y", "X, Y and a Z", "X as well as Y")
COORDINATION = {",", "and", "as", "well", "a", "an", "the", "also"}


def coordinated(words: list[str], first_end: int, second_start: int) -> bool:
    """The words between two mentions only join them into one list: "we propose X and Y"
    proposes both.

    Examples
    --------
    >>> w = "we propose a gating layer and a memory loss".split()
    >>> coordinated(w, 5, 7)
    True
    >>> coordinated("we propose X that uses Y".split(), 3, 5)
    False
    >>> coordinated("X ( XP ) and Y".split(), 1, 2)
    False
    """
    between = [w.lower() for w in words[first_end:second_start]]
    return bool(between) and ("and" in between or "," in between) and set(between) <= COORDINATION
