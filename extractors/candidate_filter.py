"""A learned filter over entity candidates: how likely is this candidate a gold mention?

Counts come from running the pipeline on annotated papers the tagger was not trained on
(:func:`kg.train.candidate_observations`): for each candidate, was there a gold mention with the
same span and label? Precision is estimated at three levels, each smoothed towards the
next: the exact form (normalised text + label), the class (source, label, head word) and
the source.

On top of the counts sits a logistic regression (:func:`fit_weights`) whose features are
those estimates plus the candidate's context in its document: which sources agree on it,
label conflicts, nesting, shape, neighbouring words (:func:`context_features`). Candidates
whose probability falls below the threshold are dropped. Without weights the smoothed
form estimate is the probability.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.normalize import name_key, singular

FORM_WEIGHT = 2.0
CLASS_WEIGHT = 4.0


def form_key(text: str, label: str) -> str:
    return f"{label}|{name_key(text)}"


def class_key(source: str, label: str, text: str) -> str:
    head = singular(text.split()[-1]).lower() if text.split() else ""
    return f"{source}|{label}|{head}"


class CandidateFilter:
    """Smoothed precision estimates for candidates; see the module docstring.

    Examples
    --------
    >>> f = CandidateFilter(threshold=0.5)
    >>> for _ in range(5):
    ...     f.observe("kg_rules", "Method", "deep learning", False)
    >>> f.observe("kg_rules", "Model", "graph networks", True)
    >>> f.keep("kg_rules", "Method", "deep learning"), f.keep("kg_rules", "Model", "graph networks")
    (False, True)
    """

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = threshold
        self.forms: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.classes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.sources: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.weights: dict[str, float] = {}

    def observe(self, source: str, label: str, text: str, correct: bool) -> None:
        for table, key in (
            (self.forms, form_key(text, label)),
            (self.classes, class_key(source, label, text)),
            (self.sources, source),
        ):
            table[key][0] += 1
            table[key][1] += int(correct)

    def precision(self, source: str, label: str, text: str, leave_out: bool | None = None) -> float:
        """Smoothed precision of candidates like this one. ``leave_out`` removes one
        observation (this candidate's own, correct or not) from every count, so features
        for training are not fitted on themselves."""
        return self._estimates(source, label, text, leave_out)[0]

    def _estimates(
        self, source: str, label: str, text: str, leave_out: bool | None = None
    ) -> tuple[float, float, int]:
        drop_n, drop_c = (0, 0) if leave_out is None else (1, int(leave_out))
        n, c = self.sources.get(source, (0, 0))
        p = (max(c - drop_c, 0) + 1) / (max(n - drop_n, 0) + 2)
        n, c = self.classes.get(class_key(source, label, text), (0, 0))
        n, c = max(n - drop_n, 0), max(c - drop_c, 0)
        p_class = (c + CLASS_WEIGHT * p) / (n + CLASS_WEIGHT)
        n, c = self.forms.get(form_key(text, label), (0, 0))
        n, c = max(n - drop_n, 0), max(c - drop_c, 0)
        return (c + FORM_WEIGHT * p_class) / (n + FORM_WEIGHT), p_class, n

    def features(
        self, context: Sequence[str], source: str, label: str, text: str, leave_out=None
    ) -> list[tuple[str, float]]:
        """The classifier's features: context features (weight 1) and count estimates."""
        return [(f, 1.0) for f in context] + self._count_features(source, label, text, leave_out)

    def _count_features(
        self, source: str, label: str, text: str, leave_out=None
    ) -> list[tuple[str, float]]:
        p_form, p_class, seen = self._estimates(source, label, text, leave_out)
        seen_bin = "0" if seen == 0 else "1" if seen == 1 else "2-4" if seen < 5 else "5+"
        return [
            ("bias", 1.0),
            ("logit_form", _logit(p_form)),
            ("logit_class", _logit(p_class)),
            (f"seen={seen_bin}", 1.0),
            (f"seen={seen_bin}|logit_form", _logit(p_form)),
        ]

    def probability(self, source: str, label: str, text: str, context: Sequence[str] = ()) -> float:
        if not self.weights:
            return self.precision(source, label, text)
        get = self.weights.get
        # the same sum as over features(), without pairing each context feature with 1.0:
        # this runs for every candidate
        z = sum([get(f, 0.0) for f in context])
        z += sum(get(f, 0.0) * v for f, v in self._count_features(source, label, text))
        return _sigmoid(z)

    def keep(self, source: str, label: str, text: str, context: Sequence[str] = ()) -> bool:
        return self.probability(source, label, text, context) >= self.threshold

    # ------------------------------------------------------------------ files
    def to_json(self) -> dict:
        return {
            "threshold": self.threshold,
            "forms": dict(sorted(self.forms.items())),
            "classes": dict(sorted(self.classes.items())),
            "sources": dict(sorted(self.sources.items())),
            "weights": {k: round(v, 5) for k, v in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, data: dict) -> CandidateFilter:
        f = cls(threshold=data.get("threshold", 0.5))
        for name in ("forms", "classes", "sources"):
            getattr(f, name).update({k: list(v) for k, v in data.get(name, {}).items()})
        f.weights = dict(data.get("weights", {}))
        return f

    def save(self, path: str | Path) -> None:
        Path(path).write_text(
            json.dumps(self.to_json(), indent=0, sort_keys=True) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, path: str | Path) -> CandidateFilter:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- classifier


def load_model(load, setting: str | None, default: Path, threshold: float | None):
    """A component's trained model: ``load(path)`` of ``setting`` (a path; None for
    ``default``; ``"none"`` for no model), with ``threshold`` overriding the saved one.
    None when there is no model or its file is absent."""
    path = Path(setting) if setting else default
    if setting == "none" or not path.exists():
        return None
    model = load(path)
    if threshold is not None:
        model.threshold = threshold
    return model


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


_DIGIT = re.compile(r"\d")


def _shape(text: str) -> str:
    # string methods over character loops: this runs for every candidate
    if _DIGIT.search(text):
        return "digit"
    if text.isupper():
        return "upper"
    if text[1:] != text[1:].lower():
        return "camel"
    if text[:1].isupper():
        return "title"
    return "lower"


def context_features(
    candidates: Sequence[tuple[int, int, str, str]],
    index: int,
    words: Sequence[str],
    **options,
) -> list[str]:
    """Features of candidate ``index`` among all the candidates of one document: its source
    and tag, then :func:`span_features` (``options`` are that function's keywords).

    ``candidates`` are ``(start, end, label, source tag)`` token spans; ``words`` are the
    document's lower-cased tokens. Pure function, tested without a pipeline.

    Examples
    --------
    >>> words = "we train graph attention networks on cora".split()
    >>> cands = [(2, 5, "Model", "ner"), (2, 5, "Model", "kg_rules+"), (6, 7, "Dataset", "ner")]
    >>> sorted(f for f in context_features(cands, 0, words) if f.startswith(("nsrc", "prev")))
    ['nsrc=2|Model', 'prev=train', 'prev=train|Model']
    """
    _, _, label, tag = candidates[index]
    return source_features(label, tag) + span_features(candidates, index, words, **options)


def source_features(label: str, tag: str) -> list[str]:
    """The candidate's source (``tag`` ends in ``+`` when another source agrees)."""
    return [f"src={tag.rstrip('+')}|{label}", f"tag={tag}"]


def span_features(
    candidates: Sequence[tuple[int, int, str, str]],
    index: int,
    words: Sequence[str],
    *,
    protected: bool = False,
    field: str = "abstract",
    repeats: int | None = None,
    cues: Sequence[str] = (),
) -> list[str]:
    """The part of :func:`context_features` that every source proposing the same span with
    the same label shares (computed once for them all): agreement, label conflicts, nesting,
    shape, head and neighbouring words, field; ``protected`` spans, ``repeats`` (how often
    the span's words occur in the document, counted when not given) and ``cues`` (the
    proposal cues pointing at it, see :func:`kg.extractors.roles.proposal_cues`)."""
    start, end, label, _ = candidates[index]
    agreeing_set: set[str] = set()
    other_set: set[str] = set()
    covered = covers = crosses = False
    for c_start, c_end, c_label, c_tag in candidates:  # one pass: this runs per candidate
        if c_start == start and c_end == end:
            if c_label == label:
                agreeing_set.add(c_tag.rstrip("+"))
            else:
                other_set.add(c_label)
        elif c_start <= start and end <= c_end:
            covered = True
        elif start <= c_start and c_end <= end:
            covers = True
        elif c_start < start < c_end < end or start < c_start < end < c_end:
            crosses = True
    agreeing, other_labels = sorted(agreeing_set), sorted(other_set)
    text = " ".join(words[start:end])
    head = words[end - 1] if end > start else ""
    prev = words[start - 1] if start > 0 else "<s>"
    nxt = words[end] if end < len(words) else "</s>"
    if repeats is None:
        repeats = count_ngrams(words, {end - start})[tuple(words[start:end])]
    feats = [
        f"nsrc={len(agreeing)}|{label}",
        f"srcs={','.join(agreeing)}",
        f"len={min(end - start, 5)}|{label}",
        f"shape={_shape(text)}|{label}",
        f"head={head}|{label}",
        f"prev={prev}",
        f"prev={prev}|{label}",
        f"next={nxt}",
        f"next={nxt}|{label}",
        f"repeats={min(repeats, 3)}|{label}",
        f"field={field}|{label}",
    ]
    if other_labels:
        feats.append(f"conflict={label}/{'/'.join(other_labels)}")
    if covered:
        feats.append(f"covered|{label}")
    if covers:
        feats.append(f"covers|{label}")
    if crosses:
        feats.append(f"crosses|{label}")
    if protected:
        feats.append(f"protected|{label}")
    feats += [f"cue={cue}|{label}" for cue in cues]
    if "-" in text:
        feats.append("hyphen")
    return feats


def count_ngrams(words: Sequence[str], lengths: Iterable[int]) -> Counter:
    """Occurrences of every run of ``lengths`` words, keyed by the tuple of words.

    Examples
    --------
    >>> count_ngrams("a b a b".split(), {2})[("a", "b")]
    2
    """
    counts: Counter = Counter()
    for n in set(lengths):
        counts.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return counts


def fit_weights(
    examples: Iterable[tuple[list[tuple[str, float]], bool]],
    *,
    epochs: int = 15,
    learn_rate: float = 0.1,
    l2: float = 1e-4,
    seed: int = 0,
) -> dict[str, float]:
    """Logistic regression by AdaGrad over ``(features, correct)`` examples.

    Examples
    --------
    >>> ex = [([("a", 1.0)], True), ([("b", 1.0)], False)] * 20
    >>> w = fit_weights(ex)
    >>> w["a"] > 0 > w["b"]
    True
    """
    data = list(examples)
    rng = random.Random(seed)
    weights: dict[str, float] = defaultdict(float)
    squares: dict[str, float] = defaultdict(lambda: 1e-8)
    # features seen once cannot generalise: drop them before training
    counts = Counter(f for feats, _ in data for f, _v in feats)
    data = [([(f, v) for f, v in feats if counts[f] >= 2], correct) for feats, correct in data]
    for _ in range(epochs):
        rng.shuffle(data)
        for feats, correct in data:
            z = sum(weights[f] * v for f, v in feats)
            error = _sigmoid(z) - float(correct)
            for f, v in feats:
                grad = error * v + l2 * weights[f]
                squares[f] += grad * grad
                weights[f] -= learn_rate * grad / math.sqrt(squares[f])
    return {f: w for f, w in weights.items() if abs(w) > 1e-4}
