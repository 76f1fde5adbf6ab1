"""A learned filter over entity candidates: how often was a candidate like this right?

Counts come from running the pipeline on annotated papers the tagger was not trained on
(:func:`kg.train.learn_filter`): for each candidate, was there a gold mention with the
same span and label? Precision is estimated at three levels, each smoothed towards the
next: the exact form (normalised text + label), the class (source, label, head word) and
the source. Candidates whose estimate falls below the threshold are dropped.
"""

from __future__ import annotations

import json
from collections import defaultdict
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

    def observe(self, source: str, label: str, text: str, correct: bool) -> None:
        for table, key in (
            (self.forms, form_key(text, label)),
            (self.classes, class_key(source, label, text)),
            (self.sources, source),
        ):
            table[key][0] += 1
            table[key][1] += int(correct)

    def precision(self, source: str, label: str, text: str) -> float:
        n, c = self.sources.get(source, (0, 0))
        p = (c + 1) / (n + 2)
        n, c = self.classes.get(class_key(source, label, text), (0, 0))
        p = (c + CLASS_WEIGHT * p) / (n + CLASS_WEIGHT)
        n, c = self.forms.get(form_key(text, label), (0, 0))
        return (c + FORM_WEIGHT * p) / (n + FORM_WEIGHT)

    def keep(self, source: str, label: str, text: str) -> bool:
        return self.precision(source, label, text) >= self.threshold

    # ------------------------------------------------------------------ files
    def to_json(self) -> dict:
        return {
            "threshold": self.threshold,
            "forms": dict(sorted(self.forms.items())),
            "classes": dict(sorted(self.classes.items())),
            "sources": dict(sorted(self.sources.items())),
        }

    @classmethod
    def from_json(cls, data: dict) -> CandidateFilter:
        f = cls(threshold=data.get("threshold", 0.5))
        for name in ("forms", "classes", "sources"):
            getattr(f, name).update({k: list(v) for k, v in data.get(name, {}).items()})
        return f

    def save(self, path: str | Path) -> None:
        Path(path).write_text(
            json.dumps(self.to_json(), indent=0, sort_keys=True) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, path: str | Path) -> CandidateFilter:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
