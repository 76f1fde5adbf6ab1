"""Relations between entities of one paper, from the words that link two mentions.

Pure functions: :func:`sentence_relations` looks at each pair of entity mentions in a
sentence and the words between them; :func:`variant_relations` links an entity to another
of the same paper whose name it extends ("linear RNN" -> "RNN").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.normalize import name_key

ACTORS = {"Method", "Model"}
APPLY_WORDS = {
    "for",
    "to",
    "in",
    "on",
    "tackle",
    "tackling",
    "solve",
    "solving",
    "address",
    "addressing",
    "applied",
    "apply",
    "applying",
    "towards",
    "perform",
    "performing",
}
TASK_BY_WORDS = {"using", "with", "via", "by", "based", "through", "leveraging", "employing"}
EVAL_WORDS = {
    "on",
    "across",
    "over",
    "using",
    "evaluated",
    "evaluate",
    "benchmark",
    "benchmarks",
    "experiments",
    "achieves",
    "achieve",
    "results",
    "datasets",
    "dataset",
    "tested",
    "test",
    "accuracy",
}
COMPARE_WORDS = {
    "outperform",
    "outperforms",
    "outperforming",
    "outperformed",
    "than",
    "compared",
    "comparable",
    "versus",
    "vs",
    "vs.",
    "surpass",
    "surpasses",
    "surpassing",
    "beats",
    "beat",
    "against",
    "over",
    "superior",
    "better",
    "rivals",
    "matches",
    "competitive",
}
PART_WORDS = {
    "in",
    "of",
    "within",
    "inside",
    "the",
    "layer",
    "layers",
    "module",
    "modules",
    "component",
    "components",
}
WITH_WORDS = {"with", "using", "equipped", "augmented", "based", "on", "via", "-based"}
STOP_AT = {";"}
MAX_BETWEEN = 10


@dataclass(frozen=True)
class MentionRef:
    """One entity mention as the relation finder sees it."""

    key: str  # paper-local entity key
    label: str
    start: int  # token index in the sentence's doc
    end: int


def _between(words: Sequence[str], a: MentionRef, b: MentionRef) -> list[str]:
    return [w.lower() for w in words[a.end : b.start]]


def pair_relation(
    words: Sequence[str], a: MentionRef, b: MentionRef
) -> tuple[str, str, str] | None:
    """Relation stated by the words between ``a`` and ``b`` (``a`` comes first).

    Returns ``(head key, type, tail key)`` or None.

    Examples
    --------
    >>> w = "We apply GLT to solving PDEs".split()
    >>> pair_relation(w, MentionRef("glt", "Method", 2, 3), MentionRef("pde", "Task", 4, 6))
    ('glt', 'APPLIED_TO', 'pde')
    >>> w = "BERT outperforms LSTM".split()
    >>> pair_relation(w, MentionRef("bert", "Model", 0, 1), MentionRef("lstm", "Model", 2, 3))
    ('bert', 'COMPARED_WITH', 'lstm')
    """
    between = _between(words, a, b)
    if len(between) > MAX_BETWEEN or any(w in STOP_AT for w in between):
        return None
    bw = set(between)
    if a.label in ACTORS and b.label == "Task" and bw & APPLY_WORDS:
        return a.key, "APPLIED_TO", b.key
    if a.label == "Task" and b.label in ACTORS and bw & TASK_BY_WORDS and len(between) <= 6:
        return b.key, "APPLIED_TO", a.key
    if a.label in ACTORS and b.label == "Dataset" and bw & EVAL_WORDS:
        return a.key, "EVALUATED_ON", b.key
    if a.label in ACTORS and b.label in ACTORS:
        if bw & COMPARE_WORDS:
            return a.key, "COMPARED_WITH", b.key
        if (
            a.label == "Method"
            and b.label == "Model"
            and between
            and len(between) <= 3
            and set(between) <= PART_WORDS
            and between[0] in {"in", "of", "within", "inside"}
        ):
            return a.key, "PART_OF", b.key
        if (
            a.label == "Model"
            and b.label == "Method"
            and between
            and len(between) <= 3
            and between[0] in WITH_WORDS
        ):
            return b.key, "PART_OF", a.key
    return None


def sentence_relations(words: list[str], mentions: list[MentionRef]) -> list[tuple[str, str, str]]:
    """Relations between consecutive-enough mentions of one sentence, each once."""
    found: list[tuple[str, str, str]] = []
    ordered = sorted(mentions, key=lambda m: m.start)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if a.key == b.key:
                continue
            rel = pair_relation(words, a, b)
            if rel and rel not in found:
                found.append(rel)
    return found


def variant_relations(names: Iterable[tuple[str, str, list[str]]]) -> list[tuple[str, str, str]]:
    """VARIANT_OF between entities one of whose names extends a name of another of the same
    label ("linear RNN" of "RNN", "minGRU" of "GRU", "ResNet-50" of "ResNet").

    ``names`` holds ``(key, label, names)``: the canonical name and the surface forms.

    Examples
    --------
    >>> variant_relations([("a", "Model", ["linear RNN"]), ("b", "Model", ["RNNs"])])
    [('a', 'VARIANT_OF', 'b')]
    >>> variant_relations([("a", "Model", ["ResNet-50"]), ("b", "Model", ["ResNet"])])
    [('a', 'VARIANT_OF', 'b')]
    >>> variant_relations([("a", "Model", ["minGRU"]),
    ...                    ("b", "Model", ["gated recurrent unit", "GRU"])])
    [('a', 'VARIANT_OF', 'b')]
    """
    items = [(k, label, {name_key(n) for n in forms}) for k, label, forms in names]
    out = []
    for k1, l1, f1 in items:
        for k2, l2, f2 in items:
            if k1 == k2 or l1 != l2 or l1 not in ACTORS or f1 & f2:
                continue
            if any(_extends(n1, n2) for n1 in f1 for n2 in f2 if len(n2) >= 3):
                out.append((k1, "VARIANT_OF", k2))
    return sorted(set(out))


#: words that end a name's head and start a phrase about it ("RNN with ReLU nonlinearity")
_LINKS = {"with", "without", "of", "for", "on", "using", "via", "in", "and", "or"}


def _extends(n1: str, n2: str) -> bool:
    """Whether the name key ``n1`` names a kind of ``n2``.

    Examples
    --------
    >>> _extends("neural ordinary differential equation", "neural differential equation")
    True
    >>> _extends("rnn with relu nonlinearity", "rnn"), _extends("rnn with relu", "relu")
    (True, False)
    >>> _extends("videomamba", "mamba"), _extends("mingru", "gru")
    (True, True)
    """
    if n1.endswith(" " + n2):
        return n1[: -len(n2) - 1].rpartition(" ")[2] not in _LINKS
    if _sized_variant(n1, n2):
        return True
    w1, w2 = n1.split(" "), n2.split(" ")
    if len(w2) >= 2 and len(w1) == len(w2) + 1 and (w1[0], w1[-1]) == (w2[0], w2[-1]):
        # a word inserted inside: "neural ordinary differential equation"
        return any(w1[:i] + w1[i + 1 :] == w2 for i in range(1, len(w1) - 1))
    if n1.startswith(n2 + " ") and w1[len(w2)] in {"with", "without", "using"}:
        return True
    # a short prefix glued to a short name: "mingru" of "gru", "videomamba" of "mamba"
    glued = n1[: len(n1) - len(n2)]
    return (
        len(n2) <= 5
        and n1.endswith(n2)
        and 0 < len(glued) <= 6
        and " " not in n1
        and glued.isalpha()
    )


_SIZES = {"base", "large", "small", "tiny", "mini", "medium", "xl", "xxl", "huge", "lite"}


def _sized_variant(n1: str, n2: str) -> bool:
    """ "bert base" of "bert", "resnet50" of "resnet", "gpt4" of "gpt"."""
    if not n1.startswith(n2) or n1 == n2:
        return False
    rest = n1[len(n2) :].strip()
    return rest.isdigit() or rest in _SIZES or (rest[:1].isdigit() and len(rest) <= 4)


GENERIC_HEADS = {
    "model",
    "models",
    "method",
    "methods",
    "approach",
    "approaches",
    "framework",
    "architecture",
    "network",
    "networks",
    "algorithm",
    "system",
    "technique",
    "scheme",
    "module",
    "design",
    "formulation",
    "strategy",
    "variant",
    "layer",
    "procedure",
}
GENERIC_DETERMINERS = {"our", "proposed", "this", "new", "resulting"}


def generic_references(words: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """Token ranges of phrases like "our method" or "the proposed model" in a sentence,
    which refer to the paper's own contribution.

    Examples
    --------
    >>> w = "Experiments show that our method outperforms BERT".split()
    >>> generic_references(w, 0, len(w))
    [(3, 5)]
    """
    out = []
    i = start
    while i < end:
        if words[i].lower() in GENERIC_DETERMINERS:
            j = i + 1
            while j < min(end, i + 3) and words[j].lower() not in GENERIC_HEADS:
                j += 1
            if j < end and words[j].lower() in GENERIC_HEADS:
                out.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return out


# paper-level cues: a sentence's words, not the words between two mentions
EVAL_CUES = EVAL_WORDS | {"evaluation", "experiment", "trained", "outperforms", "outperform"}
COMPARE_CUES = COMPARE_WORDS | {"baseline", "baselines"}
COMPONENT_CUES = {
    "integrates",
    "integrating",
    "incorporates",
    "incorporating",
    "combines",
    "combining",
    "consists",
    "comprises",
    "composed",
    "equipped",
    "augments",
    "augmented",
    "replaces",
    "replacing",
    "module",
    "modules",
    "component",
    "components",
    "layer",
    "layers",
    "block",
    "blocks",
    "mechanism",
}


@dataclass(frozen=True)
class SentenceInfo:
    """What the paper-level relation rules need to know of one sentence."""

    words: frozenset[str]  # lower-cased
    about_main: bool  # mentions the main contribution or refers to it ("our method")
    in_title: bool


def contribution_relations(
    main: str, entities: list[tuple[str, str, list[int]]], sentences: list[SentenceInfo]
) -> list[tuple[str, str, str, int]]:
    """Relations of the paper's main contribution stated across its abstract.

    ``entities`` holds ``(key, label, sentence indexes of its mentions)``; returns
    ``(head, type, tail, sentence index)``: APPLIED_TO the tasks named in the title or in a
    sentence about the contribution, EVALUATED_ON datasets named with evaluation wording,
    COMPARED_WITH methods and models named with comparison wording, and methods or models
    named with wording of parts ("uses", "integrates", "with", "layer") PART_OF it.

    Examples
    --------
    >>> s = [SentenceInfo(frozenset("we propose x for parsing".split()), True, False),
    ...      SentenceInfo(frozenset("x outperforms y on ptb".split()), True, False)]
    >>> contribution_relations("x", [("x", "Model", [0, 1]), ("parsing", "Task", [0]),
    ...                              ("y", "Model", [1]), ("ptb", "Dataset", [1])], s)
    ... # doctest: +NORMALIZE_WHITESPACE
    [('x', 'APPLIED_TO', 'parsing', 0), ('x', 'EVALUATED_ON', 'ptb', 1),
     ('x', 'COMPARED_WITH', 'y', 1)]
    """
    out = []
    main_label = next((label for key, label, _ in entities if key == main), None)
    for key, label, where in entities:
        if key == main or not where:
            continue
        if label == "Task":
            hit = next((i for i in where if sentences[i].about_main or sentences[i].in_title), None)
            if hit is not None:
                out.append((main, "APPLIED_TO", key, hit))
        elif label == "Dataset":
            hit = next((i for i in where if sentences[i].words & EVAL_CUES), None)
            if hit is not None:
                out.append((main, "EVALUATED_ON", key, hit))
        elif label in ACTORS:
            # a method named beside a proposed model is more often a part of it than a rival
            if label == "Method" and main_label == "Model":
                kinds = (("PART_OF", COMPONENT_CUES),)
            else:
                kinds = (("COMPARED_WITH", COMPARE_CUES), ("PART_OF", COMPONENT_CUES))
            for rtype, cues in kinds:
                hit = next(
                    (i for i in where if sentences[i].about_main and sentences[i].words & cues),
                    None,
                )
                if hit is not None:
                    rel = (main, rtype, key) if rtype == "COMPARED_WITH" else (key, rtype, main)
                    out.append((*rel, hit))
                    break
    order = {"APPLIED_TO": 0, "EVALUATED_ON": 1, "COMPARED_WITH": 2, "PART_OF": 3}
    return sorted(out, key=lambda r: (order[r[1]], r[3], r[2]))
