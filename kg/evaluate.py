"""Score extractions against gold annotations (``kg eval``).

Gold format, one paper a line (texts are joined from the corpus by id)::

    {"id", "entities": [{"name", "label", "role", "mentions": [surface strings]}],
     "relations": [{"head", "type", "tail"}]}

Scores, per label and overall:

* mention exact typed: a predicted mention counts when field, offsets and label equal a
  gold mention (gold mentions are every occurrence of a gold surface form, longest first);
* mention overlap untyped: a predicted mention counts when it overlaps a gold mention;
* per-paper entity typed: a predicted entity matches a gold one of the same label when
  they share a normalised name or mention form (one-to-one);
* per-paper proposed: the same matching restricted to entities with role ``proposed``;
* per-paper relations: type plus both ends matched.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .models import LABELS, Paper
from .normalize import name_key

MODEL_LABELS = ("Method", "Model")


@dataclass
class PRF:
    tp: float = 0
    fp: float = 0
    fn: float = 0

    def add(self, tp: float, fp: float, fn: float) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict:
        return {
            "p": round(self.p, 4),
            "r": round(self.r, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Overlap:
    """Precision and recall counted on their own sides: predicted mentions that overlap
    some gold mention, and gold mentions that some prediction overlaps."""

    p_hit: int = 0
    p_all: int = 0
    g_hit: int = 0
    g_all: int = 0

    def as_dict(self) -> dict:
        p = self.p_hit / self.p_all if self.p_all else 0.0
        r = self.g_hit / self.g_all if self.g_all else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "p": round(p, 4),
            "r": round(r, 4),
            "f1": round(f1, 4),
            "pred": self.p_all,
            "gold": self.g_all,
        }


@dataclass
class Scores:
    """All figures of one evaluation run, per label and overall."""

    papers: int = 0
    mention_exact: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    mention_overlap: Overlap = field(default_factory=Overlap)
    entity: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    proposed: PRF = field(default_factory=PRF)
    relation: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))

    @staticmethod
    def _total(d: dict[str, PRF]) -> PRF:
        total = PRF()
        for v in d.values():
            total.add(v.tp, v.fp, v.fn)
        return total

    def as_dict(self) -> dict:
        return {
            "papers": self.papers,
            "mention_exact_typed": {
                "overall": self._total(self.mention_exact).as_dict(),
                **{k: self.mention_exact[k].as_dict() for k in LABELS},
            },
            "mention_overlap_untyped": self.mention_overlap.as_dict(),
            "entity_typed": {
                "overall": self._total(self.entity).as_dict(),
                **{k: self.entity[k].as_dict() for k in LABELS},
            },
            "proposed": self.proposed.as_dict(),
            "relation": {
                "overall": self._total(self.relation).as_dict(),
                **{k: v.as_dict() for k, v in sorted(self.relation.items())},
            },
        }


# --------------------------------------------------------------------------- gold files


def read_gold(paths: Iterable[str | Path]) -> list[dict]:
    """Gold records from JSONL files or directories of them (``*.jsonl``)."""
    out = []
    for item in paths:
        p = Path(item)
        files = sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
        if not p.exists():
            raise InputError("no such gold file or directory", path=str(p))
        for f in files:
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                    rec["id"], rec["entities"]  # noqa: B018  (shape check)
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise InputError(f"not a gold record ({exc})", path=str(f), line=n) from None
                out.append(rec)
    return out


def find_mentions(text: str, forms: Iterable[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Every occurrence of each ``(surface form, label)`` in ``text``, longest first,
    without overlaps, at word boundaries: ``[(start, end, label)]`` sorted by start.

    Examples
    --------
    >>> find_mentions("RNNs and linear RNNs", [("RNNs", "Model"), ("linear RNNs", "Model")])
    [(0, 4, 'Model'), (9, 20, 'Model')]
    """
    taken: list[tuple[int, int]] = []
    found = []
    for form, label in sorted(set(forms), key=lambda f: (-len(f[0]), f[0])):
        if not form.strip():
            continue
        pattern = re.compile(r"(?<![\w])" + re.escape(form) + r"(?![\w])")
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            found.append((s, e, label))
    return sorted(found)


def gold_mentions(paper: Paper, gold: dict) -> set[tuple[str, int, int, str]]:
    forms = [(m, e["label"]) for e in gold["entities"] for m in e.get("mentions", [])]
    out = set()
    for field_name in ("title", "abstract"):
        for s, e, label in find_mentions(paper.text(field_name), forms):
            out.add((field_name, s, e, label))
    return out


# --------------------------------------------------------------------------- matching


def _forms(entity: dict) -> set[str]:
    mentions = entity.get("mentions", [])
    texts = [m["text"] if isinstance(m, dict) else m for m in mentions]
    return {name_key(x) for x in [entity["name"], *texts] if x.strip()}


def match_entities(pred: list[dict], gold: list[dict], typed: bool = True) -> list[tuple[int, int]]:
    """One-to-one pairs ``(pred index, gold index)`` sharing a normalised form."""
    pf = [_forms(e) for e in pred]
    gf = [_forms(e) for e in gold]
    candidates = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if typed and p["label"] != g["label"]:
                continue
            shared = len(pf[i] & gf[j])
            if shared:
                name_equal = name_key(p["name"]) == name_key(g["name"])
                candidates.append((-int(name_equal), -shared, i, j))
    pairs, used_p, used_g = [], set(), set()
    for _, _, i, j in sorted(candidates):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def score_paper(scores: Scores, paper: Paper, pred: dict, gold: dict) -> None:
    """Add one paper's figures to ``scores``."""
    scores.papers += 1
    # mentions
    gm = gold_mentions(paper, gold)
    pm = {
        (m["field"], m["start"], m["end"], e["label"])
        for e in pred["entities"]
        for m in e["mentions"]
    }
    for label in LABELS:
        g = {x for x in gm if x[3] == label}
        p = {x for x in pm if x[3] == label}
        scores.mention_exact[label].add(len(g & p), len(p - g), len(g - p))
    p_hit = sum(
        1 for f, s, e, _ in pm if any(f == gf and s < ge and gs < e for gf, gs, ge, _ in gm)
    )
    g_hit = sum(
        1 for f, s, e, _ in gm if any(f == pf and s < pe and ps < e for pf, ps, pe, _ in pm)
    )
    ov = scores.mention_overlap
    ov.p_hit, ov.p_all, ov.g_hit, ov.g_all = (
        ov.p_hit + p_hit,
        ov.p_all + len(pm),
        ov.g_hit + g_hit,
        ov.g_all + len(gm),
    )
    # entities
    pe, ge = pred["entities"], gold["entities"]
    pairs = match_entities(pe, ge)
    for label in LABELS:
        tp = sum(1 for i, _ in pairs if pe[i]["label"] == label)
        scores.entity[label].add(
            tp,
            sum(1 for e in pe if e["label"] == label) - tp,
            sum(1 for e in ge if e["label"] == label) - tp,
        )
    # proposed
    pp = [e for e in pe if e.get("role") == "proposed"]
    gp = [e for e in ge if e.get("role") == "proposed"]
    tp = len(match_entities(pp, gp))
    scores.proposed.add(tp, len(pp) - tp, len(gp) - tp)
    # relations: ends matched through the entity alignment (untyped as a fallback)
    align = {pe[i]["name"]: ge[j]["name"] for i, j in pairs}
    for i, j in match_entities(pe, ge, typed=False):
        align.setdefault(pe[i]["name"], ge[j]["name"])
    gold_rel = {(r["head"], r["type"], r["tail"]) for r in gold.get("relations", [])}
    pred_rel = {
        (align.get(r["head"], "\0" + r["head"]), r["type"], align.get(r["tail"], "\0" + r["tail"]))
        for r in pred.get("relations", [])
    }
    for rtype in {r[1] for r in gold_rel | pred_rel}:
        g = {r for r in gold_rel if r[1] == rtype}
        p = {r for r in pred_rel if r[1] == rtype}
        scores.relation[rtype].add(len(g & p), len(p - g), len(g - p))


def evaluate(gold: list[dict], papers: dict[str, Paper], predictions: dict[str, dict]) -> Scores:
    """Score predictions (``kg extract`` JSON objects by id) against gold records."""
    scores = Scores()
    for rec in gold:
        paper = papers.get(rec["id"])
        if paper is None:
            raise InputError(f"gold paper {rec['id']} is not in the corpus")
        pred = predictions.get(rec["id"], {"entities": [], "relations": []})
        score_paper(scores, paper, pred, rec)
    return scores


def gold_as_prediction(paper: Paper, gold: dict) -> dict:
    """A gold record in ``kg extract`` shape (mentions located in the text), e.g. to score
    one annotator against another."""
    entities = []
    for e in gold["entities"]:
        forms = [(m, e["label"]) for m in e.get("mentions", [])]
        mentions = [
            {"field": f, "start": s, "end": t, "text": paper.text(f)[s:t]}
            for f in ("title", "abstract")
            for s, t, _ in find_mentions(paper.text(f), forms)
        ]
        entities.append(
            {
                "name": e["name"],
                "label": e["label"],
                "role": e.get("role", "used"),
                "mentions": mentions,
            }
        )
    return {"id": gold["id"], "entities": entities, "relations": gold.get("relations", [])}


def format_scores(scores: Scores, title: str = "") -> str:
    """A plain-text table of the figures."""
    d = scores.as_dict()
    lines = [f"{title} ({d['papers']} papers)" if title else f"{d['papers']} papers"]
    lines.append(f"{'':34}{'P':>7}{'R':>7}{'F1':>7}")

    def row(name: str, prf: dict) -> None:
        lines.append(f"{name:34}{prf['p']:7.3f}{prf['r']:7.3f}{prf['f1']:7.3f}")

    for section, key in (
        ("mention exact typed", "mention_exact_typed"),
        ("entity typed (per paper)", "entity_typed"),
    ):
        row(section, d[key]["overall"])
        for label in LABELS:
            row(f"  {label}", d[key][label])
    row("mention overlap untyped", d["mention_overlap_untyped"])
    row("proposed (per paper)", d["proposed"])
    row("relation (per paper)", d["relation"]["overall"])
    for k, v in d["relation"].items():
        if k != "overall":
            row(f"  {k}", v)
    return "\n".join(lines)


# --------------------------------------------------------------------------- runners


def evaluate_gold_files(
    gold_paths: list[str],
    *,
    corpus: list[str] | None = None,
    split: str = "test",
    predictions: str | None = None,
    annotator: str | None = None,
    nlp=None,
) -> Scores:
    """Score the extractors (or a predictions file, or another annotator's gold file) on
    one split of gold files. With ``annotator``, only the papers it annotated are scored,
    whatever their split: that measures agreement between annotators."""
    from .api import default_pipeline
    from .extract import extract_papers, extraction_to_json
    from .readers import read_papers
    from .seeds import seed_papers, split_of

    papers_list = read_papers(corpus) if corpus else seed_papers()
    if not papers_list:
        raise InputError("no corpus: pass --corpus or put ../shared/seeds beside the project")
    papers = {p.id: p for p in papers_list}
    gold = [g for g in read_gold(gold_paths) if split == "all" or split_of(g["id"]) == split]
    if not gold:
        raise InputError(f"no gold papers in split {split!r}")
    if annotator:
        other = read_gold([annotator])
        ids = {g["id"] for g in other}
        gold = [g for g in read_gold(gold_paths) if g["id"] in ids]
        preds = {g["id"]: gold_as_prediction(papers[g["id"]], g) for g in other}
    elif predictions:
        preds = {}
        for n, line in enumerate(Path(predictions).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rec = json.loads(line)
                    preds[rec["id"]] = rec
                except (json.JSONDecodeError, KeyError) as exc:
                    raise InputError(
                        f"not a prediction ({exc})", path=predictions, line=n
                    ) from None
    else:
        missing = [g["id"] for g in gold if g["id"] not in papers]
        if missing:
            raise InputError(f"gold paper {missing[0]} is not in the corpus")
        todo = [papers[g["id"]] for g in gold]
        preds = {
            ex.paper.id: extraction_to_json(ex)
            for ex in extract_papers(todo, nlp or default_pipeline())
        }
    return evaluate(gold, papers, preds)


SCIERC_MAP = {"Task": "Task", "Metric": "Metric", "Material": "Dataset", "Method": "Method+Model"}
#: SciERC keeps Penn Treebank bracket tokens
PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}


def scierc_words(rec: dict) -> list[str]:
    """A SciERC record's tokens with PTB bracket codes made brackets again."""
    return [PTB_BRACKETS.get(t, t) for t in rec["tokens"]]


def evaluate_scierc(path: Path, nlp=None) -> dict:
    """Mention-level exact F1 per mapped label on a SciERC file.

    Task -> Task, Metric -> Metric, Material -> Dataset, Method -> Method or Model;
    OtherScientificTerm and Generic are ignored (predictions overlapping them are not
    counted as false positives).
    """
    from spacy.tokens import Doc

    from .api import default_pipeline

    nlp = nlp or default_pipeline()
    prf: dict[str, PRF] = defaultdict(PRF)
    docs = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        words = scierc_words(rec)
        doc = Doc(nlp.vocab, words=words)
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        docs += 1
        gold, ignored = set(), []
        for ent in rec["entities"]:
            mapped = SCIERC_MAP.get(ent["label"])
            if mapped:
                gold.add((ent["start"], ent["end"], mapped))
            else:
                ignored.append((ent["start"], ent["end"]))
        pred = set()
        for span in doc.spans.get("kg_entities", []):
            label = "Method+Model" if span.label_ in MODEL_LABELS else span.label_
            if any(span.start == s and span.end == e for s, e in ignored):
                continue
            pred.add((span.start, span.end, label))
        for label in set(SCIERC_MAP.values()):
            g = {x for x in gold if x[2] == label}
            p = {x for x in pred if x[2] == label}
            prf[label].add(len(g & p), len(p - g), len(g - p))
    total = PRF()
    for v in prf.values():
        total.add(v.tp, v.fp, v.fn)
    return {
        "documents": docs,
        "overall": total.as_dict(),
        **{k: prf[k].as_dict() for k in ("Task", "Method+Model", "Dataset", "Metric")},
    }


def format_scierc(result: dict) -> str:
    lines = [
        f"SciERC mention exact F1 ({result['documents']} documents)",
        f"{'':34}{'P':>7}{'R':>7}{'F1':>7}",
    ]
    for k in ("overall", "Task", "Method+Model", "Dataset", "Metric"):
        v = result[k]
        name = "Dataset (Material)" if k == "Dataset" else k
        lines.append(f"{name:34}{v['p']:7.3f}{v['r']:7.3f}{v['f1']:7.3f}")
    return "\n".join(lines)
