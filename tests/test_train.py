"""Training on hand-written examples: the tagger, the learned lexicon and the filter."""

import json

from kg.extractors import make_pipeline
from kg.extractors.candidate_filter import CandidateFilter

from kg.readers import read_papers
from kg.train import gold_docs, learn_filter, train_tagger, write_learned_lexicon

from .conftest import EXAMPLES, ROOT

GOLD = [
    json.loads(line) for line in (ROOT / "tests/data/examples-gold.jsonl").read_text().splitlines()
]


def papers():
    return {p.id: p for p in read_papers([str(EXAMPLES)])}


def test_gold_docs_carry_the_annotated_spans():
    import spacy

    docs = gold_docs(spacy.blank("en"), GOLD[:1], papers())
    ents = {(e.text, e.label_) for d in docs for e in d.ents}
    assert ("SMR", "Method") in ents and ("WikiText-103", "Dataset") in ents
    assert ("Long-Context Language Modeling", "Task") in ents


def test_learned_lexicon(tmp_path):
    path = tmp_path / "learned.tsv"
    n = write_learned_lexicon(GOLD, path)
    rows = path.read_text().splitlines()
    assert rows[0] == "label\tname\taliases" and len(rows) == n + 1
    assert any(r.startswith("Model\tgraph attention network\t") and "GATs" in r for r in rows)


def test_train_a_tiny_tagger_that_the_pipeline_loads(tmp_path):
    result = train_tagger(tmp_path / "tagger", train=GOLD, dev=GOLD, papers=papers(), epochs=2)
    assert result["train_docs"] == 6 and result["dev_docs"] == 6
    nlp = make_pipeline(tagger=tmp_path / "tagger", learned=False)
    assert "ner" in nlp.pipe_names and "kg_entities" in nlp.pipe_names
    doc = nlp("We evaluate PropGAT on Cora.")
    assert all(s.label_ in {"Method", "Model", "Dataset", "Task", "Metric"} for s in doc.ents)


def test_filter_counts_candidates_against_gold(rules_nlp):
    f = learn_filter(rules_nlp, GOLD, papers())
    assert isinstance(f, CandidateFilter)
    n, correct = f.sources["kg_lexicon+"] if "kg_lexicon+" in f.sources else f.sources["kg_lexicon"]
    assert n > 5 and 0 < correct <= n
