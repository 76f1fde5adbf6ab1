"""A learned classifier for relations between two mentions of one sentence.

For each ordered pair of mentions (``a`` before ``b``) it predicts nothing or one relation
type with its direction (``a`` or ``b`` as head). Its features are the words between and
around the mentions, their labels, their distance, the cue rule's answer
(:func:`~kg.extractors.relations.pair_relation`) and facts about the two names (one extends
the other, both proposed). It is fitted on gold mentions of annotated papers
(:func:`kg.train.relation_examples`) and held in the pipeline by the ``kg_relations``
component; :func:`kg.extract.extraction_from_docs` asks it for each sentence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .candidate_filter import _sigmoid, fit_weights, load_model
from .relations import ACTORS, MentionRef, pair_relation

RELATION_MODEL = Path(__file__).parent / "data" / "relation-classifier.json"

#: which relation types may join which labels (head label, tail label)
ALLOWED = {
    "APPLIED_TO": lambda h, t: h in ACTORS and t == "Task",
    "EVALUATED_ON": lambda h, t: h in ACTORS and t == "Dataset",
    "COMPARED_WITH": lambda h, t: h in ACTORS and t in ACTORS,
    "VARIANT_OF": lambda h, t: h == t and h in ACTORS,
    "PART_OF": lambda h, t: h in ACTORS and t in ACTORS,
}
MAX_GAP = 25


def classes_for(a_label: str, b_label: str) -> list[tuple[str, bool]]:
    """The ``(type, a is head)`` classes the two labels allow.

    Examples
    --------
    >>> classes_for("Model", "Task")
    [('APPLIED_TO', True)]
    """
    out = []
    for rtype, ok in ALLOWED.items():
        if ok(a_label, b_label):
            out.append((rtype, True))
        if ok(b_label, a_label):
            out.append((rtype, False))
    return out


_DISTANCE_BINS = ((0, "0"), (1, "1"), (2, "2"), (4, "3-4"), (8, "5-8"), (14, "9-14"))


def _dist(n: int) -> str:
    """A bin of the number of words between two mentions."""
    return next((name for top, name in _DISTANCE_BINS if n <= top), "15+")


def pair_features(
    words: Sequence[str],
    a: MentionRef,
    b: MentionRef,
    *,
    sent_start: int,
    sent_end: int,
    between_mentions: int = 0,
    proposed: frozenset[str] = frozenset(),
) -> list[str]:
    """Features of the mention pair ``a`` (first) and ``b`` in one sentence.

    Examples
    --------
    >>> w = "BT-Cell outperforms Tree-LSTM on ListOps".split()
    >>> f = pair_features(w, MentionRef("bt", "Model", 0, 1), MentionRef("tl", "Model", 2, 3),
    ...                   sent_start=0, sent_end=5)
    >>> "bw=outperforms" in f and "rule=COMPARED_WITH>" in f and "labels=Model>Model" in f
    True
    """
    # only the pair's own stretch of the sentence is read: this runs for every pair
    between = [w.lower() for w in words[a.end : b.start]]
    labels = f"{a.label}>{b.label}"
    rule = pair_relation(words, a, b)
    rule_tag = "none" if rule is None else rule[1] + (">" if rule[0] == a.key else "<")
    a_text = " ".join(words[a.start : a.end]).lower()
    b_text = " ".join(words[b.start : b.end]).lower()
    before_a = words[a.start - 1].lower() if a.start > sent_start else "<s>"
    after_b = words[b.end].lower() if b.end < sent_end else "</s>"
    feats = [
        f"labels={labels}",
        f"rule={rule_tag}",
        f"rule={rule_tag}|{labels}",
        f"dist={_dist(len(between))}",
        f"dist={_dist(len(between))}|{labels}",
        f"ments_between={min(between_mentions, 2)}",
        f"b1={between[0] if between else '<adj>'}|{labels}",
        f"bl={between[-1] if between else '<adj>'}|{labels}",
        f"pa={before_a}",
        f"nb={after_b}",
    ]
    for w in sorted(set(between[:MAX_GAP])):  # sorted: the same features in every process
        feats.append(f"bw={w}")
        feats.append(f"bw={w}|{labels}")
    if between[:2] == ["and"] or between == [","] or between == ["and"]:
        feats.append("coordinated")
    a_last, b_last = a_text.split()[-1], b_text.split()[-1]
    if a_last.rstrip("s") == b_last.rstrip("s"):
        feats.append(f"same_head|{labels}")
    if b_text in a_text and b_text != a_text:
        feats.append("a_extends_b")
    if a_text in b_text and b_text != a_text:
        feats.append("b_extends_a")
    if a.key in proposed:
        feats.append(f"a_proposed|{labels}")
    if b.key in proposed:
        feats.append(f"b_proposed|{labels}")
    return feats


class RelationClassifier:
    """One-vs-rest logistic regressions, one per ``(type, direction)`` class."""

    def __init__(self, weights: dict[str, dict[str, float]] | None = None, threshold=0.5):
        self.weights = weights or {}
        self.threshold = threshold

    @staticmethod
    def class_name(rtype: str, a_is_head: bool) -> str:
        return f"{rtype}{'>' if a_is_head else '<'}"

    def predict(self, a: MentionRef, b: MentionRef, features: list[str]):
        """``(head key, type, tail key)`` or None."""
        best, best_p = None, self.threshold
        for rtype, a_head in classes_for(a.label, b.label):
            w = self.weights.get(self.class_name(rtype, a_head))
            if not w:
                continue
            get = w.get
            p = _sigmoid(get("bias", 0.0) + sum([get(f, 0.0) for f in features]))
            if p >= best_p:
                best, best_p = (rtype, a_head), p
        if best is None:
            return None
        rtype, a_head = best
        return (a.key, rtype, b.key) if a_head else (b.key, rtype, a.key)

    def sentence_relations(
        self,
        words: Sequence[str],
        mentions: list[MentionRef],
        *,
        sent_start: int,
        sent_end: int,
        proposed: frozenset[str] = frozenset(),
    ) -> list[tuple[str, str, str]]:
        found: list[tuple[str, str, str]] = []
        for a, b, feats in sentence_pairs(
            words, mentions, sent_start=sent_start, sent_end=sent_end, proposed=proposed
        ):
            rel = self.predict(a, b, feats)
            if rel and rel not in found:
                found.append(rel)
        return found

    @classmethod
    def fit(
        cls, examples: Iterable[tuple[str, str, list[str], str | None]], threshold: float = 0.5
    ) -> RelationClassifier:
        """Fit on ``(a label, b label, features, gold class name or None)``."""
        examples = list(examples)
        weights = {}
        for rtype in ALLOWED:
            for a_head in (True, False):
                name = cls.class_name(rtype, a_head)
                data = [
                    ([("bias", 1.0)] + [(f, 1.0) for f in feats], gold == name)
                    for al, bl, feats, gold in examples
                    if (rtype, a_head) in classes_for(al, bl)
                ]
                if any(ok for _, ok in data):
                    weights[name] = fit_weights(data, l2=1e-3)
        return cls(weights, threshold)

    def save(self, path: str | Path) -> None:
        data = {
            "threshold": self.threshold,
            "weights": {
                c: {k: round(v, 4) for k, v in sorted(w.items()) if abs(v) >= 1e-3}
                for c, w in sorted(self.weights.items())
            },
        }
        Path(path).write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> RelationClassifier:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data.get("weights", {}), data.get("threshold", 0.5))


def sentence_pairs(
    words: Sequence[str],
    mentions: list[MentionRef],
    *,
    sent_start: int,
    sent_end: int,
    proposed: frozenset[str] = frozenset(),
):
    """Each pair of mentions of distinct entities whose labels allow a relation, with its
    features: ``(a, b, features)``, ``a`` first."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    for i, a in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            b = ordered[j]
            if a.key == b.key or b.start < a.end or not classes_for(a.label, b.label):
                continue
            if b.start - a.end > MAX_GAP:
                break
            yield (
                a,
                b,
                pair_features(
                    words,
                    a,
                    b,
                    sent_start=sent_start,
                    sent_end=sent_end,
                    between_mentions=j - i - 1,
                    proposed=proposed,
                ),
            )


@Language.factory("kg_relations", default_config={"model_path": None, "threshold": None})
def make_relations(
    nlp: Language, name: str, *, model_path: str | None, threshold: float | None
) -> RelationStore:
    return RelationStore(load_model(RelationClassifier.load, model_path, RELATION_MODEL, threshold))


class RelationStore:
    """Holds the relation classifier in the pipeline: relations are read per paper by
    :func:`kg.extract.extraction_from_docs`, so documents pass through unchanged. Without
    a model the cue rules alone find relations."""

    def __init__(self, model: RelationClassifier | None) -> None:
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        return doc
