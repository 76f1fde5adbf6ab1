"""Training on hand-written examples: the tagger, the learned lexicon and the filter."""

import json

from kg.extractors import make_pipeline
from kg.extractors.candidate_filter import CandidateFilter

from kg.readers import read_papers
from kg.train import (
    candidate_observations,
    fit_filter,
    gold_docs,
    train_tagger,
    write_learned_lexicon,
)

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


def test_learned_aliases_never_take_another_entrys_name(tmp_path):
    def paper(pid, *entities):
        return {
            "id": pid,
            "entities": [{"name": n, "label": "Model", "mentions": m} for n, m in entities],
        }

    gold = [
        paper("a", ("large language model", ["LLMs", "language models"])),
        paper("b", ("large language model", ["LLM"])),
        paper("c", ("language model", ["language model"]), ("LLM", ["LLM"])),
    ]
    path = tmp_path / "learned.tsv"
    write_learned_lexicon(gold, path)
    rows = {r.split("\t")[1]: r.split("\t")[2] for r in path.read_text().splitlines()[1:]}
    # "language models" names a thing of its own; the acronym still goes to its long form
    assert rows["large language model"] == "LLM|LLMs"
    assert rows["language model"] == ""


def test_train_a_tiny_tagger_that_the_pipeline_loads(tmp_path):
    result = train_tagger(tmp_path / "tagger", train=GOLD, dev=GOLD, papers=papers(), epochs=2)
    assert result["train_docs"] == 6 and result["dev_docs"] == 6
    nlp = make_pipeline(tagger=tmp_path / "tagger", learned=False)
    assert "ner" in nlp.pipe_names and "kg_entities" in nlp.pipe_names
    doc = nlp("We evaluate PropGAT on Cora.")
    assert all(s.label_ in {"Method", "Model", "Dataset", "Task", "Metric"} for s in doc.ents)


def test_filter_classifier_learns_from_observations_and_round_trips(rules_nlp, tmp_path):
    obs = candidate_observations(rules_nlp, GOLD, papers())
    assert obs and any(o[-1] for o in obs) and not all(o[-1] for o in obs)
    f = CandidateFilter()
    for _context, tag, label, text, correct in obs:
        f.observe(tag, label, text, correct)
    fit_filter(f, obs)
    assert f.weights
    path = tmp_path / "filter.json"
    f.save(path)
    g = CandidateFilter.load(path)
    # the fitted classifier separates the training candidates better than chance
    right = [g.probability(t, lab, x, c) for c, t, lab, x, ok in obs if ok]
    wrong = [g.probability(t, lab, x, c) for c, t, lab, x, ok in obs if not ok]
    assert sum(right) / len(right) > sum(wrong) / len(wrong)


def test_leave_one_out_counts_ignore_the_candidate_itself():
    f = CandidateFilter()
    f.observe("ner", "Model", "PropGAT", True)
    # seen once, and that once was itself: left out, the estimate falls back to the prior
    assert f.precision("ner", "Model", "PropGAT", leave_out=True) == 0.5
    assert f.precision("ner", "Model", "PropGAT") > 0.5


def test_context_features_see_agreement_conflict_and_nesting():
    from kg.extractors.candidate_filter import context_features

    words = "we apply graph attention networks to node classification".split()
    cands = [
        (2, 5, "Model", "ner+"),
        (2, 5, "Model", "kg_rules+"),
        (3, 4, "Method", "kg_lexicon"),
        (6, 8, "Task", "ner"),
        (6, 8, "Method", "kg_rules"),
    ]
    f0 = context_features(cands, 0, words)
    assert "nsrc=2|Model" in f0 and "srcs=kg_rules,ner" in f0 and "covers|Model" in f0
    assert "covered|Method" in context_features(cands, 2, words)
    f3 = context_features(cands, 3, words, field="title")
    assert "conflict=Task/Method" in f3 and "field=title|Task" in f3 and "next=</s>" in f3


def test_relation_examples_from_gold_mentions():
    from kg.train import relation_examples

    examples = relation_examples(GOLD, papers())
    by_class = {gold for *_, gold in examples}
    # "ViT-Tiny ... reaches ... ResNet-18" is annotated as a comparison
    assert "COMPARED_WITH>" in by_class and None in by_class
    assert all(isinstance(f, str) for _, _, feats, _ in examples for f in feats)


def test_relation_classifier_learns_cue_words_and_round_trips(tmp_path):
    from kg.extractors.relation_classifier import RelationClassifier, sentence_pairs
    from kg.extractors.relations import MentionRef

    def examples(text, gold):
        words = text.split()
        refs = [
            MentionRef("x", "Model", 0, 1),
            MentionRef("y", "Model", len(words) - 1, len(words)),
        ]
        return [
            ("Model", "Model", feats, gold)
            for _a, _b, feats in sentence_pairs(words, refs, sent_start=0, sent_end=len(words))
        ]

    data = []
    for name in ("A", "B", "C", "D"):
        data += examples(f"{name} clearly outperforms {name}2", "COMPARED_WITH>")
        data += examples(f"{name} and {name}2", None)
        data += examples(f"{name} is a component of {name}2", "PART_OF>")
    model = RelationClassifier.fit(data * 5, threshold=0.5)
    path = tmp_path / "rel.json"
    model.save(path)
    model = RelationClassifier.load(path)
    refs = [MentionRef("p", "Model", 0, 1), MentionRef("g", "Model", 3, 4)]
    found = model.sentence_relations(
        "P clearly outperforms G".split(), refs, sent_start=0, sent_end=4
    )
    assert found == [("p", "COMPARED_WITH", "g")]
    refs = [MentionRef("p", "Model", 0, 1), MentionRef("g", "Model", 2, 3)]
    assert model.sentence_relations("P and G".split(), refs, sent_start=0, sent_end=3) == []
    # labels that allow no relation never get one
    cora = [MentionRef("c", "Dataset", 0, 1), MentionRef("d", "Dataset", 2, 3)]
    assert (
        model.sentence_relations(
            "Cora outperforms Citeseer".split(), cora, sent_start=0, sent_end=3
        )
        == []
    )
