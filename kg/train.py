"""Train the statistical tagger (spaCy tok2vec + ner, CPU) shipped in ``extractors/data``.

Training data, all read at run time (nothing copied into the repository):

* the project's gold annotations (``annotations/gold``), train split only, their texts
  joined from ``../shared/seeds`` by id, mentions located by :func:`find_mentions`;
* optionally SciERC train (``../shared/data/scierc/train.jsonl``) mapped to our labels:
  Task -> Task, Metric -> Metric, Material -> Dataset, Method -> Model when its head word
  names a network (the guidelines' Model rule) else Method; generic spans dropped.

The dev split drives model selection; the test split is never used here.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from .errors import InputError
from .evaluate import PTB_BRACKETS, find_mentions, read_gold
from .extractors.rules import head_label, is_generic
from .seeds import seed_papers, shared_dir, split_of

TAGGER_CONFIG = """
[paths]
train = null
dev = null
vectors = null
init_tok2vec = null

[system]
gpu_allocator = null
seed = {seed}

[nlp]
lang = "en"
pipeline = ["tok2vec","ner"]
batch_size = 256
tokenizer = {{"@tokenizers":"spacy.Tokenizer.v1"}}

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {width}
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = [5000,1000,2500,2500]
include_static_vectors = false

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {width}
depth = {depth}
window_size = 1
maxout_pieces = 3

[components.ner]
factory = "ner"
incorrect_spans_key = null
moves = null
scorer = {{"@scorers":"spacy.ner_scorer.v1"}}
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${{components.tok2vec.model.encode.width}}
upstream = "*"

[corpora]

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = ${{system.gpu_allocator}}
dropout = 0.15
accumulate_gradient = 1
patience = {patience}
max_epochs = {epochs}
max_steps = 0
eval_frequency = {eval_frequency}
frozen_components = []
annotating_components = []
before_to_disk = null
before_update = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
get_length = null

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001
t = 0.0

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
ents_f = 1.0
ents_p = 0.0
ents_r = 0.0
ents_per_type = null

[pretraining]

[initialize]
vectors = ${{paths.vectors}}
init_tok2vec = ${{paths.init_tok2vec}}
vocab_data = null
lookups = null
before_init = null
after_init = null

[initialize.components]

[initialize.tokenizer]
"""


def gold_docs(nlp, gold: list[dict], papers: dict) -> list[Doc]:
    """Title and abstract docs of gold papers with their entity spans."""
    docs = []
    for rec in gold:
        paper = papers[rec["id"]]
        forms = [(m, e["label"]) for e in rec["entities"] for m in e.get("mentions", [])]
        for field in ("title", "abstract"):
            text = paper.text(field)
            if not text:
                continue
            doc = nlp.make_doc(text)
            spans = []
            for s, e, label in find_mentions(text, forms):
                span = doc.char_span(s, e, label=label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
            doc.ents = filter_spans(spans)
            docs.append(doc)
    return docs


_DETERMINERS = frozenset("the a an our this these its their".split())


def scierc_label(label: str, text: str) -> str | None:
    """Our label for a SciERC entity (None for the types we do not keep)."""
    if label == "Task":
        return "Task"
    if label == "Metric":
        return "Metric"
    if label == "Material":
        return "Dataset"
    if label == "Method":
        words = text.split()
        return "Model" if words and head_label(words[-1]) == "Model" else "Method"
    return None


def scierc_docs(nlp, path: Path) -> list[Doc]:
    """SciERC abstracts as docs with entities mapped to our labels (generic spans dropped)."""
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        words = [PTB_BRACKETS.get(t, t) for t in rec["tokens"]]
        doc = Doc(nlp.vocab, words=words)
        spans = []
        for ent in rec["entities"]:
            text = " ".join(words[ent["start"] : ent["end"]])
            label = scierc_label(ent["label"], text)
            if label is None or is_generic(text):
                continue
            start = ent["start"]
            while start < ent["end"] and words[start].lower() in _DETERMINERS:
                start += 1
            if start < ent["end"]:
                spans.append(Span(doc, start, ent["end"], label=label))
        doc.ents = filter_spans(spans)
        docs.append(doc)
    return docs


def load_gold_splits(gold_paths: list[str]) -> tuple[dict[str, list[dict]], dict]:
    papers = {p.id: p for p in seed_papers()}
    if not papers:
        raise InputError("the seed corpus (../shared/seeds) is needed to join gold texts")
    gold = read_gold(gold_paths)
    splits: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    for rec in gold:
        if rec["id"] not in papers:
            raise InputError(f"gold paper {rec['id']} is not among the seed papers")
        splits[split_of(rec["id"])].append(rec)
    return splits, papers


def train_tagger(
    output: str | Path,
    *,
    train: list[dict],
    dev: list[dict],
    papers: dict,
    use_scierc: bool = False,
    scierc_weight: int = 1,
    epochs: int = 20,
    width: int = 96,
    depth: int = 4,
    seed: int = 0,
    last: bool = False,
) -> dict:
    """Train the tagger on ``train`` gold records (``dev`` picks the best checkpoint, or
    with ``last`` the final one is kept) and write it to ``output``; returns the dev
    scores spaCy reports."""
    from spacy.cli.train import train as spacy_train

    nlp = spacy.blank("en")
    train_docs = gold_docs(nlp, train, papers)
    dev_docs = gold_docs(nlp, dev, papers)
    if use_scierc:
        shared = shared_dir()
        path = shared / "data" / "scierc" / "train.jsonl" if shared else None
        if path is None or not path.exists():
            raise InputError("SciERC train not found under ../shared/data/scierc")
        train_docs += scierc_docs(nlp, path) * scierc_weight
    random.Random(seed).shuffle(train_docs)
    work = Path(tempfile.mkdtemp(prefix="kg-train-"))
    try:
        DocBin(docs=train_docs).to_disk(work / "train.spacy")
        DocBin(docs=dev_docs).to_disk(work / "dev.spacy")
        config = TAGGER_CONFIG.format(
            seed=seed, width=width, depth=depth, epochs=epochs, patience=1600, eval_frequency=100
        )
        (work / "config.cfg").write_text(config, encoding="utf-8")
        spacy_train(
            work / "config.cfg",
            work / "out",
            overrides={
                "paths.train": str(work / "train.spacy"),
                "paths.dev": str(work / "dev.spacy"),
            },
        )
        best = work / "out" / ("model-last" if last else "model-best")
        output = Path(output)
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(best, output)
        meta = json.loads((output / "meta.json").read_text())
        return {
            "train_docs": len(train_docs),
            "dev_docs": len(dev_docs),
            "dev_ents_f": meta.get("performance", {}).get("ents_f"),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --------------------------------------------------------------------------- learned tables


def write_learned_lexicon(gold: list[dict], path: str | Path) -> int:
    """Lexicon TSV of the names and mention forms in training annotations.

    A form annotated with several labels keeps its majority label. Returns the number of
    entries written.
    """
    from collections import Counter, defaultdict

    from .normalize import name_key

    votes: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, Counter] = defaultdict(Counter)
    forms: dict[str, set[str]] = defaultdict(set)
    for rec in gold:
        for e in rec["entities"]:
            key = name_key(e["name"])
            if len(key) < 2:
                continue
            votes[key][e["label"]] += 1
            names[key][e["name"]] += 1
            forms[key].update(m for m in e.get("mentions", []) if len(m.strip()) >= 2)
    owner: dict[str, str] = {}  # alias key -> entry key (first, most frequent wins)
    rows = []
    for key in sorted(votes, key=lambda k: (-sum(votes[k].values()), k)):
        label = votes[key].most_common(1)[0][0]
        name = sorted(names[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        aliases = []
        for form in sorted(forms[key]):
            fk = name_key(form)
            if fk == key or owner.setdefault(fk, key) != key or "\t" in form or "|" in form:
                continue
            aliases.append(form)
        owner.setdefault(key, key)
        rows.append(f"{label}\t{name}\t{'|'.join(aliases)}")
    Path(path).write_text("label\tname\taliases\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def learn_filter(nlp, gold: list[dict], papers: dict):
    """Candidate statistics on annotated papers the tagger did not train on."""
    from .evaluate import gold_mentions
    from .extractors.candidate_filter import CandidateFilter

    chooser = nlp.get_pipe("kg_entities")
    cfilter = CandidateFilter()
    for rec in gold:
        paper = papers[rec["id"]]
        gm = gold_mentions(paper, rec)
        for field in ("title", "abstract"):
            text = paper.text(field)
            if not text:
                continue
            doc = nlp.make_doc(text)
            doc.user_data["kg_field"] = field
            for name, proc in nlp.pipeline:
                if name == "kg_entities":
                    break
                doc = proc(doc)
            for _prio, span, tag in chooser.candidates(doc):
                correct = (field, span.start_char, span.end_char, span.label_) in gm
                cfilter.observe(tag, span.label_, span.text, correct)
    return cfilter


def select_threshold(
    gold: list[dict], papers: dict, filter_path: Path, tagger, learned: Path | bool = True
) -> tuple[float, dict]:
    """The filter threshold with the best per-paper entity F1 on ``gold``."""
    from .evaluate import evaluate
    from .extract import extract_papers, extraction_to_json
    from .extractors import make_pipeline

    best = (0.0, -1.0)
    table = {}
    for threshold in (0.0, 0.15, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6):
        nlp = make_pipeline(
            tagger=tagger,
            learned=learned,
            entities={"filter_path": str(filter_path), "threshold": threshold},
        )
        todo = [papers[g["id"]] for g in gold]
        preds = {ex.paper.id: extraction_to_json(ex) for ex in extract_papers(todo, nlp)}
        f1 = evaluate(gold, papers, preds).as_dict()["entity_typed"]["overall"]["f1"]
        table[threshold] = f1
        if f1 > best[1]:
            best = (threshold, f1)
    return best[0], table


def _fold(paper_id: str) -> int:
    import hashlib

    return int(hashlib.md5(paper_id.encode()).hexdigest()[:4], 16) % 2


def _train_job(args: tuple) -> dict:
    output, train, dev, papers, kwargs = args
    return train_tagger(output, train=train, dev=dev, papers=papers, **kwargs)


def train_all(
    data_dir: str | Path,
    *,
    gold_paths: list[str],
    use_scierc: bool = False,
    epochs: int = 20,
    seed: int = 0,
    final: bool = True,
    width: int = 96,
    depth: int = 4,
    log=print,
) -> dict:
    """Train everything the shipped pipeline learns from annotations, into ``data_dir``:

    1. ``lexicon-learned.tsv`` from the train split's names and mention forms;
    2. ``tagger/`` (tok2vec + ner) on the train split, dev picking the checkpoint;
    3. ``candidate-filter.json``: candidate precision counted out of fold (two halves of
       train, each seen by a tagger and learned lexicon trained on the other half), its
       threshold chosen for per-paper entity F1 on dev.

    With ``final`` (the default), once the threshold is chosen the shipped tagger and
    learned lexicon are trained again on train + dev. The test split is not read.
    """
    from concurrent.futures import ProcessPoolExecutor

    from .extractors import make_pipeline

    data_dir = Path(data_dir)
    splits, papers = load_gold_splits(gold_paths)
    train, dev = splits["train"], splits["dev"]
    folds = [[g for g in train if _fold(g["id"]) == k] for k in (0, 1)]
    log(
        f"gold papers: train {len(train)} (folds {len(folds[0])}/{len(folds[1])}), "
        f"dev {len(dev)}, test {len(splits['test'])} (not used)"
    )
    work = Path(tempfile.mkdtemp(prefix="kg-train-all-"))
    kwargs = {
        "use_scierc": use_scierc,
        "epochs": epochs,
        "seed": seed,
        "width": width,
        "depth": depth,
    }
    try:
        jobs = [
            (work / "tagger-0", folds[0], dev, papers, kwargs),
            (work / "tagger-1", folds[1], dev, papers, kwargs),
            (work / "tagger-all", train, dev, papers, kwargs),
        ]
        with ProcessPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(_train_job, jobs))
        log(f"taggers trained: {results}")
        from .extractors.candidate_filter import CandidateFilter

        cfilter = CandidateFilter()
        for k in (0, 1):
            other = 1 - k
            lex = work / f"learned-{k}.tsv"
            write_learned_lexicon(folds[k], lex)
            nlp = make_pipeline(
                tagger=work / f"tagger-{k}", learned=lex, entities={"filter_path": "none"}
            )
            part = learn_filter(nlp, folds[other], papers)
            for name in ("forms", "classes", "sources"):
                for key, (n, c) in getattr(part, name).items():
                    getattr(cfilter, name)[key][0] += n
                    getattr(cfilter, name)[key][1] += c
        data_dir.mkdir(parents=True, exist_ok=True)
        n_learned = write_learned_lexicon(train, data_dir / "lexicon-learned.tsv")
        tagger_dir = data_dir / "tagger"
        if tagger_dir.exists():
            shutil.rmtree(tagger_dir)
        shutil.copytree(work / "tagger-all", tagger_dir)
        filter_path = data_dir / "candidate-filter.json"
        cfilter.save(filter_path)
        threshold, table = select_threshold(
            dev, papers, filter_path, tagger_dir, learned=data_dir / "lexicon-learned.tsv"
        )
        cfilter.threshold = threshold
        cfilter.save(filter_path)
        log(f"filter threshold {threshold} (dev entity F1 by threshold: {table})")
        if final:
            # model selection is over: the shipped tagger and learned lexicon also learn from
            # dev (the filter keeps its out-of-fold counts and its threshold)
            n_learned = write_learned_lexicon(train + dev, data_dir / "lexicon-learned.tsv")
            final_run = train_tagger(
                work / "tagger-final",
                train=train + dev,
                dev=dev,
                papers=papers,
                last=True,
                **kwargs,
            )
            shutil.rmtree(tagger_dir)
            shutil.copytree(work / "tagger-final", tagger_dir)
            log(f"final tagger on train+dev: {final_run}")
        return {
            "learned_lexicon_entries": n_learned,
            "taggers": results,
            "threshold": threshold,
            "dev_entity_f1_by_threshold": table,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
