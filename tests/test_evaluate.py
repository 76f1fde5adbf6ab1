"""Scoring against gold, on hand-written examples with known answers."""

import json

import pytest

from kg.evaluate import (
    Scores,
    evaluate,
    evaluate_gold_files,
    find_mentions,
    gold_as_prediction,
    match_entities,
    score_paper,
)
from kg.models import Paper
from kg.readers import read_papers

from .conftest import EXAMPLES, ROOT, run_kg

GOLD = ROOT / "tests" / "data" / "examples-gold.jsonl"

PAPER = Paper(
    id="x",
    title="Pointer Networks",
    abstract="Pointer networks (Ptr-Nets) beat LSTMs on TSP. We report accuracy.",
)
GOLD_REC = {
    "id": "x",
    "entities": [
        {
            "name": "pointer network",
            "label": "Model",
            "role": "proposed",
            "mentions": ["Pointer Networks", "Pointer networks", "Ptr-Nets"],
        },
        {"name": "LSTM", "label": "Model", "role": "used", "mentions": ["LSTMs"]},
        {"name": "accuracy", "label": "Metric", "role": "used", "mentions": ["accuracy"]},
    ],
    "relations": [{"head": "pointer network", "type": "COMPARED_WITH", "tail": "LSTM"}],
}


def test_find_mentions_prefers_longest_and_word_boundaries():
    text = "RNNs and linear RNNs; not RNNsearch"
    assert find_mentions(text, [("RNNs", "Model"), ("linear RNNs", "Model")]) == [
        (0, 4, "Model"),
        (9, 20, "Model"),
    ]


def test_gold_scored_against_itself_is_perfect():
    scores = Scores()
    score_paper(scores, PAPER, gold_as_prediction(PAPER, GOLD_REC), GOLD_REC)
    d = scores.as_dict()
    for key in ("mention_exact_typed", "entity_typed", "relation"):
        assert d[key]["overall"]["f1"] == 1.0
    assert d["proposed"]["f1"] == 1.0 and d["mention_overlap_untyped"]["f1"] == 1.0


def test_partial_prediction_has_the_expected_figures():
    pred = {
        "id": "x",
        "entities": [
            {
                "name": "Pointer Networks",
                "label": "Model",
                "role": "proposed",
                "mentions": [{"field": "title", "start": 0, "end": 16, "text": "Pointer Networks"}],
            },
            {
                "name": "TSP",
                "label": "Dataset",
                "role": "used",  # not in gold: a false positive
                "mentions": [{"field": "abstract", "start": 42, "end": 45, "text": "TSP"}],
            },
            {
                "name": "accuracy",
                "label": "Task",
                "role": "used",  # wrong label
                "mentions": [{"field": "abstract", "start": 57, "end": 65, "text": "accuracy"}],
            },
        ],
        "relations": [{"head": "Pointer Networks", "type": "COMPARED_WITH", "tail": "TSP"}],
    }
    scores = Scores()
    score_paper(scores, PAPER, pred, GOLD_REC)
    d = scores.as_dict()
    # mentions: gold has 5 (3 forms of the pointer network, LSTMs, accuracy); 1 exact hit
    assert d["mention_exact_typed"]["overall"]["tp"] == 1
    assert d["mention_exact_typed"]["overall"]["fp"] == 2
    assert d["mention_exact_typed"]["overall"]["fn"] == 4
    # entities: the pointer network matches (shared form); TSP and typed accuracy do not
    ent = d["entity_typed"]["overall"]
    assert (ent["tp"], ent["fp"], ent["fn"]) == (1, 2, 2)
    assert d["proposed"]["f1"] == 1.0
    assert d["relation"]["overall"]["tp"] == 0
    # overlap untyped: 2 of 3 predictions overlap gold; 2 of 5 gold are hit
    assert d["mention_overlap_untyped"]["p"] == pytest.approx(2 / 3, abs=1e-4)
    assert d["mention_overlap_untyped"]["r"] == pytest.approx(2 / 5, abs=1e-4)


def test_match_entities_is_one_to_one():
    pred = [
        {"name": "RNN", "label": "Model", "mentions": []},
        {"name": "RNNs", "label": "Model", "mentions": []},
    ]
    gold = [{"name": "RNN", "label": "Model", "mentions": ["RNNs"]}]
    assert match_entities(pred, gold) == [(0, 0)]


def test_eval_on_hand_written_gold(rules_nlp):
    scores = evaluate_gold_files([str(GOLD)], corpus=[str(EXAMPLES)], split="all", nlp=rules_nlp)
    d = scores.as_dict()
    assert d["papers"] == 3
    assert 0.4 < d["entity_typed"]["overall"]["f1"] <= 1.0
    assert d["entity_typed"]["Dataset"]["r"] > 0.5


def test_kg_eval_command(tmp_path):
    result = run_kg("eval", str(GOLD), "--corpus", str(EXAMPLES), "--split", "all", "--json")
    assert result.returncode == 0, result.stderr
    d = json.loads(result.stdout)
    assert d["papers"] == 3 and set(d["entity_typed"]) >= {"overall", "Model", "Metric"}
    text = run_kg("eval", str(GOLD), "--corpus", str(EXAMPLES), "--split", "all").stdout
    assert b"mention exact typed" in text and b"relation (per paper)" in text


def test_unknown_gold_id_is_an_error(tmp_path):
    bad = tmp_path / "g.jsonl"
    bad.write_text(json.dumps({"id": "nope", "entities": [], "relations": []}) + "\n")
    result = run_kg("eval", str(bad), "--corpus", str(EXAMPLES), "--split", "all")
    assert result.returncode == 1 and b"nope is not in the corpus" in result.stderr


def test_papers_join_by_id():
    papers = {p.id: p for p in read_papers([str(EXAMPLES)])}
    gold = [json.loads(line) for line in GOLD.read_text().splitlines()]
    preds = {g["id"]: gold_as_prediction(papers[g["id"]], g) for g in gold}
    assert evaluate(gold, papers, preds).as_dict()["entity_typed"]["overall"]["f1"] == 1.0


def test_second_annotator_agreement(shared):
    from kg.evaluate import read_gold
    from kg.seeds import seed_papers

    papers = {p.id: p for p in seed_papers()}
    first = {g["id"]: g for g in read_gold([ROOT / "annotations" / "gold"])}
    second = read_gold([ROOT / "annotations" / "second"])
    preds = {g["id"]: gold_as_prediction(papers[g["id"]], g) for g in second}
    scores = evaluate([first[g["id"]] for g in second], papers, preds).as_dict()
    assert scores["papers"] == 30
    assert scores["entity_typed"]["overall"]["f1"] > 0.85


def test_kg_eval_annotator_agreement(shared):
    result = run_kg("eval", "--annotator", str(ROOT / "annotations" / "second"), "--json")
    assert result.returncode == 0, result.stderr
    d = json.loads(result.stdout)
    assert d["papers"] == 30 and d["entity_typed"]["overall"]["f1"] > 0.85
