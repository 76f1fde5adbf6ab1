"""Train the statistical tagger (spaCy tok2vec + ner, CPU) shipped in ``extractors/data``.

Training data, all read at run time (nothing copied into the repository):

* the project's gold annotations (``annotations/gold``), train split only, their texts
  joined from ``../shared/seeds`` by id, mentions located by :func:`find_mentions`;
* the SciERC train abstracts (``../shared/data/scierc/train.jsonl``) annotated again by
  hand under our guidelines (``annotations/scierc``, standoff like the seed gold): they
  train the taggers and the learned lexicons, never the filter or model selection;
* abstracts the project's annotator sessions wrote themselves, annotated as they wrote
  them (``annotations/written``: the text is our own, so it is kept with the annotation);
  they train the taggers and the learned lexicons like the SciERC annotations;
* optionally SciERC train with its own labels mapped to ours (tried and dropped):
  Task -> Task, Metric -> Metric, Material -> Dataset, Method -> Model when its head word
  names a network (the guidelines' Model rule) else Method; generic spans dropped.

The dev split drives model selection; the test split is never used here.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from .errors import InputError
from .evaluate import find_mentions, read_gold, scierc_words
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
window_size = {window}
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


def _with_gold_ents(doc: Doc, annotation: dict) -> Doc:
    """``doc`` with every occurrence of the annotation's mention forms as an entity."""
    forms = [(m, e["label"]) for e in annotation["entities"] for m in e.get("mentions", [])]
    spans = []
    for s, e, label in find_mentions(doc.text, forms):
        span = doc.char_span(s, e, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.ents = filter_spans(spans)
    return doc


def gold_docs(nlp, gold: list[dict], papers: dict) -> list[Doc]:
    """Title and abstract docs of gold papers with their entity spans."""
    docs = []
    for rec in gold:
        paper = papers[rec["id"]]
        for field in ("title", "abstract"):
            text = paper.text(field)
            if text:
                docs.append(_with_gold_ents(nlp.make_doc(text), rec))
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
        words = scierc_words(rec)
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


def scierc_annotated(gold: list[dict], path: Path) -> Iterator[tuple[dict, list[str]]]:
    """Our annotations of SciERC abstracts (``gold``) with the tokens of the abstract each
    annotates, joined by ``doc_key`` from the SciERC file at ``path``."""
    by_key = {rec["id"]: rec for rec in gold}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        annotation = by_key.pop(rec["doc_key"], None)
        if annotation is not None:
            yield annotation, scierc_words(rec)
    if by_key:
        raise InputError(f"{len(by_key)} annotated SciERC ids are not in the file", path=str(path))


def scierc_gold_docs(nlp, gold: list[dict], path: Path) -> list[Doc]:
    """SciERC abstracts (tokens from ``path``) with the spans of our own annotations of
    them (``gold``, joined by ``doc_key``)."""
    return [
        _with_gold_ents(Doc(nlp.vocab, words=words), annotation)
        for annotation, words in scierc_annotated(gold, path)
    ]


def load_written(paths: list[str] | None) -> list[dict]:
    """Our own written abstracts with their annotations (``title`` and ``abstract`` inline)."""
    records = read_gold(paths) if paths else []
    for rec in records:
        if not rec.get("abstract"):
            raise InputError(f"written record {rec['id']} has no abstract")
    return records


def written_docs(nlp, written: list[dict]) -> list[Doc]:
    """Docs of our own written abstracts with their annotated spans."""
    from .models import Paper

    papers = {
        r["id"]: Paper(id=r["id"], title=r.get("title", ""), abstract=r["abstract"])
        for r in written
    }
    return gold_docs(nlp, written, papers)


def load_scierc_gold(paths: list[str] | None) -> list[dict]:
    """Our annotations of SciERC train abstracts (empty when none are given)."""
    return read_gold(paths) if paths else []


def _scierc_train_path() -> Path:
    shared = shared_dir()
    path = shared / "data" / "scierc" / "train.jsonl" if shared else None
    if path is None or not path.exists():
        raise InputError("SciERC train not found under ../shared/data/scierc")
    return path


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
    scierc_gold: list[dict] | None = None,
    written: list[dict] | None = None,
    epochs: int = 20,
    width: int = 96,
    depth: int = 4,
    window: int = 2,
    seed: int = 0,
    last: bool = False,
) -> dict:
    """Train the tagger on ``train`` gold records (``dev`` picks the best checkpoint, or
    with ``last`` the final one is kept) and write it to ``output``; returns the dev
    scores spaCy reports. ``scierc_gold`` adds our annotations of SciERC abstracts and
    ``written`` our own annotated abstracts."""
    from spacy.cli.train import train as spacy_train

    nlp = spacy.blank("en")
    train_docs = gold_docs(nlp, train, papers)
    dev_docs = gold_docs(nlp, dev, papers)
    if scierc_gold:
        train_docs += scierc_gold_docs(nlp, scierc_gold, _scierc_train_path())
    if written:
        train_docs += written_docs(nlp, written)
    if use_scierc:
        train_docs += scierc_docs(nlp, _scierc_train_path()) * scierc_weight
    random.Random(seed).shuffle(train_docs)
    work = Path(tempfile.mkdtemp(prefix="kg-train-"))
    try:
        DocBin(docs=train_docs).to_disk(work / "train.spacy")
        DocBin(docs=dev_docs).to_disk(work / "dev.spacy")
        config = TAGGER_CONFIG.format(
            seed=seed,
            width=width,
            depth=depth,
            window=window,
            epochs=epochs,
            patience=1600,
            eval_frequency=100,
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
    from .resolve import is_acronym

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
    # a phrase that is also a name of its own stays that name: "language model" is no alias
    # of "large language model", nor "test accuracy" of "accuracy" (acronyms still are)
    owner: dict[str, str] = {key: key for key in votes}  # form key -> entry key
    rows = []
    for key in sorted(votes, key=lambda k: (-sum(votes[k].values()), k)):
        label = votes[key].most_common(1)[0][0]
        name = sorted(names[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        aliases = []
        for form in sorted(forms[key]):
            fk = name_key(form)
            if fk == key or "\t" in form or "|" in form:
                continue
            if owner.get(fk) == fk and is_acronym(form):
                owner[fk] = key  # the most frequent long form owns an acronym
            if owner.setdefault(fk, key) != key:
                continue  # the first, most frequent entry owns an alias
            aliases.append(form)
        rows.append(f"{label}\t{name}\t{'|'.join(aliases)}")
    Path(path).write_text("label\tname\taliases\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def candidate_observations(nlp, gold: list[dict], papers: dict) -> list[tuple]:
    """Every candidate the pipeline proposes on annotated papers, judged against gold:
    ``(context features, source tag, label, text, correct)``."""
    from .evaluate import gold_mentions

    chooser = nlp.get_pipe("kg_entities")
    observations = []
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
            tagged = chooser.candidates(doc)
            for (_prio, span, tag), context in zip(
                tagged, chooser.contexts(doc, tagged), strict=True
            ):
                correct = (field, span.start_char, span.end_char, span.label_) in gm
                observations.append((context, tag, span.label_, span.text, correct))
    return observations


def fit_filter(cfilter, observations: list[tuple]) -> None:
    """Fit the filter's classifier on observations already counted in ``cfilter``; each
    example's count features leave its own observation out."""
    from .extractors.candidate_filter import fit_weights

    examples = [
        (cfilter.features(context, tag, label, text, leave_out=correct), correct)
        for context, tag, label, text, correct in observations
    ]
    cfilter.weights = fit_weights(examples)


def out_of_fold_filter(
    taggers: list[Path],
    folds: list[list[dict]],
    papers: dict,
    lexicon_extra: list[dict],
    work: Path,
):
    """The candidate filter, counted and fitted on candidates each fold's tagger and learned
    lexicon propose on the other fold: ``(filter, number of candidates)``."""
    from .extractors import make_pipeline
    from .extractors.candidate_filter import CandidateFilter

    cfilter = CandidateFilter()
    observations = []
    for k in (0, 1):
        lex = work / f"learned-{k}.tsv"
        write_learned_lexicon(folds[k] + lexicon_extra, lex)
        nlp = make_pipeline(tagger=taggers[k], learned=lex, entities={"filter_path": "none"})
        observations += candidate_observations(nlp, folds[1 - k], papers)
    for _context, tag, label, text, correct in observations:
        cfilter.observe(tag, label, text, correct)
    fit_filter(cfilter, observations)
    return cfilter, len(observations)


def relation_examples(
    gold: list[dict], papers: dict, scierc_gold: list[dict] | None = None
) -> list[tuple[str, str, list[str], str | None]]:
    """Training examples for the relation classifier from gold mentions: every pair of
    mentions in a sentence whose labels allow a relation, with the gold class (type and
    direction) or None. ``papers`` gives the texts of ``gold``; SciERC annotations take
    theirs from the SciERC file."""
    from .extractors.relation_classifier import ALLOWED, RelationClassifier, sentence_pairs
    from .extractors.relations import MentionRef

    nlp = spacy.blank("en")
    sentencizer = nlp.add_pipe("sentencizer")
    texts: list[tuple[dict, Doc]] = []
    for rec in gold:
        paper = papers[rec["id"]]
        texts += [(rec, nlp(paper.text(f))) for f in ("title", "abstract") if paper.text(f)]
    if scierc_gold:
        for annotation, words in scierc_annotated(scierc_gold, _scierc_train_path()):
            texts.append((annotation, sentencizer(Doc(nlp.vocab, words=words))))
    examples = []
    for rec, doc in texts:
        label_of = {e["name"]: e["label"] for e in rec["entities"]}
        proposed = frozenset(e["name"] for e in rec["entities"] if e.get("role") == "proposed")
        forms = [(m, e["name"]) for e in rec["entities"] for m in e.get("mentions", [])]
        gold_rel = {(r["head"], r["type"], r["tail"]) for r in rec.get("relations", [])}
        refs = []
        for start, end, name in find_mentions(doc.text, forms):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                refs.append(MentionRef(name, label_of[name], span.start, span.end))
        words = [t.text for t in doc]
        for sent in doc.sents:
            here = [r for r in refs if sent.start <= r.start and r.end <= sent.end]
            for a, b, feats in sentence_pairs(
                words, here, sent_start=sent.start, sent_end=sent.end, proposed=proposed
            ):
                gold_class = None
                for rtype in ALLOWED:
                    if (a.key, rtype, b.key) in gold_rel:
                        gold_class = RelationClassifier.class_name(rtype, True)
                    elif (b.key, rtype, a.key) in gold_rel:
                        gold_class = RelationClassifier.class_name(rtype, False)
                examples.append((a.label, b.label, feats, gold_class))
    return examples


def select_relation_threshold(
    gold: list[dict], papers: dict, model_path: Path, **pipeline
) -> tuple[float, dict]:
    """The relation classifier's threshold with the best relation F1 on ``gold``."""
    from .evaluate import evaluate
    from .extract import extract_papers, extraction_to_json
    from .extractors import make_pipeline

    table = {}
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6):
        nlp = make_pipeline(
            relations={"model_path": str(model_path), "threshold": threshold}, **pipeline
        )
        todo = [papers[g["id"]] for g in gold]
        preds = {ex.paper.id: extraction_to_json(ex) for ex in extract_papers(todo, nlp)}
        table[threshold] = evaluate(gold, papers, preds).as_dict()["relation"]["overall"]["f1"]
    best = max(table, key=lambda t: (table[t], -abs(t - 0.5)))
    return best, table


def select_threshold(
    gold: list[dict], papers: dict, filter_path: Path, tagger, learned: Path | bool = True
) -> tuple[float, dict]:
    """The filter threshold with the best per-paper entity F1 on ``gold``."""
    from .evaluate import evaluate
    from .extract import extract_papers, extraction_to_json
    from .extractors import make_pipeline

    best = (0.0, -1.0)
    table = {}
    for threshold in (0.0, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6):
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
    scierc_gold_paths: list[str] | None = None,
    written_paths: list[str] | None = None,
    use_scierc: bool = False,
    epochs: int = 20,
    seed: int = 0,
    final: bool = False,
    width: int = 96,
    depth: int = 4,
    window: int = 2,
    log=print,
) -> dict:
    """Train everything the shipped pipeline learns from annotations, into ``data_dir``:

    1. ``lexicon-learned.tsv`` from the names and mention forms of the train split and the
       extra annotated abstracts (SciERC, written);
    2. ``tagger/`` (tok2vec + ner) on the same, dev picking the checkpoint;
    3. ``candidate-filter.json``: candidate precision counted out of fold (two halves of
       train, each seen by a tagger and learned lexicon trained on the other half) and a
       logistic regression over it and the candidates' contexts, its threshold chosen for
       per-paper entity F1 on dev;
    4. ``relation-classifier.json``: fitted on the gold mentions of train and the SciERC
       annotations, its threshold chosen for relation F1 on dev.

    With ``final``, once the thresholds are chosen the shipped tagger, learned
    lexicon and relation classifier are trained again on train + dev. The test split is
    not read.
    """
    from concurrent.futures import ProcessPoolExecutor

    data_dir = Path(data_dir)
    splits, papers = load_gold_splits(gold_paths)
    scierc_gold = load_scierc_gold(scierc_gold_paths)
    written = load_written(written_paths)
    # the names our written abstracts propose are invented: the learned lexicon must not
    # match them in real text
    lexicon_extra = scierc_gold + [
        {**r, "entities": [e for e in r["entities"] if e.get("role") != "proposed"]}
        for r in written
    ]
    train, dev = splits["train"], splits["dev"]
    folds = [[g for g in train if _fold(g["id"]) == k] for k in (0, 1)]
    log(
        f"gold papers: train {len(train)} (folds {len(folds[0])}/{len(folds[1])}), "
        f"dev {len(dev)}, test {len(splits['test'])} (not used); "
        f"SciERC abstracts annotated by us: {len(scierc_gold)}; written by us: {len(written)}"
    )
    work = Path(tempfile.mkdtemp(prefix="kg-train-all-"))
    kwargs = {
        "use_scierc": use_scierc,
        "scierc_gold": scierc_gold,
        "written": written,
        "epochs": epochs,
        "seed": seed,
        "width": width,
        "depth": depth,
        "window": window,
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
        cfilter, n_observations = out_of_fold_filter(
            [work / "tagger-0", work / "tagger-1"], folds, papers, lexicon_extra, work
        )
        log(f"filter fitted on {n_observations} candidates, {len(cfilter.weights)} weights")
        data_dir.mkdir(parents=True, exist_ok=True)
        n_learned = write_learned_lexicon(train + lexicon_extra, data_dir / "lexicon-learned.tsv")
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
        from .extractors.relation_classifier import RelationClassifier

        # the written abstracts' relations were left out: with them the classifier scored
        # lower on dev (0.291 against 0.301 relation F1)
        relation_path = data_dir / "relation-classifier.json"
        RelationClassifier.fit(relation_examples(train, papers, scierc_gold)).save(relation_path)
        rel_threshold, rel_table = select_relation_threshold(
            dev,
            papers,
            relation_path,
            tagger=tagger_dir,
            learned=data_dir / "lexicon-learned.tsv",
            entities={"filter_path": str(filter_path)},
        )
        log(f"relation threshold {rel_threshold} (dev relation F1 by threshold: {rel_table})")
        if final:
            examples = relation_examples(train + dev, papers, scierc_gold)
            RelationClassifier.fit(examples, rel_threshold).save(relation_path)
        else:
            model = RelationClassifier.load(relation_path)
            model.threshold = rel_threshold
            model.save(relation_path)
        if final:
            # model selection is over: the shipped tagger and learned lexicon also learn from
            # dev (the filter keeps its out-of-fold counts and its threshold)
            n_learned = write_learned_lexicon(
                train + dev + lexicon_extra, data_dir / "lexicon-learned.tsv"
            )
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
            "relation_threshold": rel_threshold,
            "dev_relation_f1_by_threshold": rel_table,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
