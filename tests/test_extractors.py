"""Each extractor component on small hand-written examples (spacy.blank, no model)."""

import spacy
from kg.extractors.acronyms import find_abbreviations
from kg.extractors.lexicon import LexiconMatcher, spelling_variants
from kg.extractors.relations import MentionRef, pair_relation, variant_relations
from kg.extractors.roles import (
    cue_before,
    heads_its_phrase,
    novel_after,
    passive_after,
    phrase_cue,
    proposal_cues,
    title_proposed,
)
from kg.extractors.rules import head_label, names_a_model, phrase_start

from kg.extract import extract_papers
from kg.models import Paper
from kg.normalize import entity_key, name_key, singular
from kg.resolve import is_acronym


def test_acronym_pairs():
    text = (
        "We propose Beam Tree Recursive Cell (BT-Cell) to extend Recursive Neural Networks "
        "(RvNNs) with beam search; results (Table 2) follow."
    )
    pairs = [(text[a:b], text[c:d]) for (a, b), (c, d) in find_abbreviations(text)]
    assert pairs == [
        ("Beam Tree Recursive Cell", "BT-Cell"),
        ("Recursive Neural Networks", "RvNNs"),
    ]


def test_normalisation_keeps_distinct_things_distinct():
    assert name_key("ResNet-50") == name_key("ResNet50") == name_key("resnet 50")
    assert name_key("ResNet") != name_key("ResNet-50")
    assert name_key("RNNs") == name_key("RNN")
    assert name_key("Recurrent Neural Networks") == name_key("recurrent neural network")
    assert name_key("GPT-4") != name_key("GPT-3")
    assert entity_key("Model", "Transformers") == "model:transformer"
    assert singular("analysis") == "analysis" and singular("losses") == "loss"
    assert is_acronym("BT-Cell") and not is_acronym("dropout")


def test_lexicon_matches_case_plural_and_hyphen_variants(tmp_path):
    lex = tmp_path / "lex.tsv"
    lex.write_text(
        "label\tname\taliases\nModel\trecurrent neural network\tRNN\n"
        "Model\tResNet-50\t\nMethod\tself-attention\t\nDataset\tCIFAR-10\t\n",
        encoding="utf-8",
    )
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_normalizer")
    matcher = LexiconMatcher(nlp, path=str(lex))
    doc = matcher(
        nlp("Recurrent Neural Networks and RNNs beat ResNet50 with self attention on CIFAR-10.")
    )
    found = [(s.text, s.label_, s.kb_id_) for s in doc.spans["kg_lexicon"]]
    assert found == [
        ("Recurrent Neural Networks", "Model", "recurrent neural network"),
        ("RNNs", "Model", "recurrent neural network"),
        ("ResNet50", "Model", "ResNet-50"),
        ("self attention", "Method", "self-attention"),
        ("CIFAR-10", "Dataset", "CIFAR-10"),
    ]
    assert "ResNet 50" in spelling_variants("ResNet-50")


def test_rules_label_unseen_names_by_their_head():
    assert head_label("networks") == "Model" and head_label("Hopformer") == "Model"
    assert head_label("classification") == "Task" and head_label("dataset") == "Dataset"
    assert head_label("accuracy") == "Metric" and head_label("regularization") == "Method"
    words = "we propose the novel multi-label few-shot classification".split()
    assert words[phrase_start(words, 5) :] == ["multi-label", "few-shot", "classification"]


def test_roles_from_cues_and_title():
    words = "In this work we introduce Hopular , a novel deep learning architecture .".split()
    assert cue_before(words, 0, 5, [5])
    assert novel_after(words, 6)
    assert not cue_before("We train LSTMs on text .".split(), 0, 2, [2])
    title = "Hopular : Modern Hopfield Networks for Tabular Data".split()
    assert title_proposed(title, 0, 1, 1) and not title_proposed(title, 2, 5, 1)
    # the means a title brings in ("... with X", "... into a X") is the contribution,
    # unless the lexicon knows the name
    title = "Distilling a Neural Network Into a Soft Decision Tree".split()
    assert title_proposed(title, 6, 9, None)
    assert not title_proposed(title, 6, 9, None, known=True)
    assert not title_proposed(title, 2, 4, None)


def test_roles_from_the_mentions_own_phrase_and_passive_voice():
    words = "The network relies on a novel simplified gating mechanism .".split()
    assert phrase_cue(words, 7) and heads_its_phrase(words, 9)
    # "novel" types the framework, not the name that modifies it
    words = "We build a novel Mixture of Experts ( MoE ) framework".split()
    assert phrase_cue(words, 4) and not heads_its_phrase(words, 7)
    # nor the appositive that types a name: "PredRNN, a new recurrent network"
    assert not phrase_cue("PredRNN , a new recurrent network".split(), 4)
    assert phrase_cue("results of the proposed FracNet".split(), 4)
    assert phrase_cue("our resulting TransNAR model".split(), 2)
    assert not phrase_cue("our BERT baseline".split(), 1, known=True)
    assert not phrase_cue("we fine-tune a pretrained ResNet".split(), 4)
    assert passive_after("A graph pruning rule ( GPR ) is then proposed .".split(), 4)
    assert not passive_after("Recently , Stitch-Net was proposed .".split(), 3)
    assert not passive_after("GPR is evaluated on Cora .".split(), 1)


def test_roles_from_gerunds_and_namely():
    words = "by introducing Gradient-Boosting RL , a framework".split()
    assert cue_before(words, 0, 2, [2])
    # a well-known name after a gerund is usually used, not proposed
    assert not cue_before(words, 0, 2, [2], gerunds=False)
    words = "we propose a deep framework , namely LSTNet , for forecasting".split()
    assert cue_before(words, 0, 7, [7])
    words = (
        "we propose a taxonomy which divides the many graph neural networks into four "
        "categories , namely recurrent graph networks"
    ).split()
    assert not cue_before(words, 0, 17, [9, 17])


def test_proposal_cues_name_every_cue_that_fires():
    words = "We propose a novel gating mechanism , a new layer .".split()
    assert proposal_cues(words, 0, 4, 6) == ["before", "phrase", "novel-after"]
    assert proposal_cues("We train LSTMs on text .".split(), 0, 2, 3) == []
    title = "Wide Residual Networks".split()
    assert proposal_cues(title, 0, 0, 3, title=True) == ["title"]


def test_guideline_model_rule_overrides_a_method_label():
    assert names_a_model("Vision Retention Networks") and names_a_model("U-Net")
    assert not names_a_model("retention mechanism") and not names_a_model("network pruning")


def test_relations_from_linking_words():
    w = "BT-Cell achieves near-perfect accuracy on ListOps".split()
    rel = pair_relation(w, MentionRef("bt", "Model", 0, 1), MentionRef("lo", "Dataset", 5, 6))
    assert rel == ("bt", "EVALUATED_ON", "lo")
    w = "self-attention in the Transformer".split()
    rel = pair_relation(w, MentionRef("sa", "Method", 0, 1), MentionRef("tr", "Model", 3, 4))
    assert rel == ("sa", "PART_OF", "tr")
    w = "GNNs for node classification".split()
    rel = pair_relation(w, MentionRef("g", "Model", 0, 1), MentionRef("n", "Task", 2, 4))
    assert rel == ("g", "APPLIED_TO", "n")
    assert variant_relations(
        [
            ("a", "Model", ["linear recurrent neural networks"]),
            ("b", "Model", ["recurrent neural network"]),
        ]
    ) == [("a", "VARIANT_OF", "b")]


def test_pipeline_on_a_paper(rules_nlp):
    paper = Paper(
        id="t1",
        title="GraphMix: Gated Attention Networks for Node Classification",
        abstract=(
            "We propose GraphMix, a novel graph neural network for node classification. "
            "GraphMix outperforms graph convolutional networks (GCNs) on Cora. "
            "GCNs use dropout."
        ),
    )
    ex = next(extract_papers([paper], rules_nlp))
    by_name = {e.name: e for e in ex.entities}
    assert by_name["GraphMix"].role == "proposed"
    gcn = by_name["graph convolutional network"]
    assert gcn.label == "Model" and gcn.role == "used"
    assert {m.text for m in gcn.mentions} == {"graph convolutional networks", "GCNs"}
    assert by_name["node classification"].label == "Task"
    assert by_name["Cora"].label == "Dataset"
    rels = {(r.head, r.type, r.tail) for r in ex.relations}
    keys = {e.name: e.key for e in ex.entities}
    assert (keys["GraphMix"], "COMPARED_WITH", keys["graph convolutional network"]) in rels
    for e in ex.entities:
        for m in e.mentions:
            text = paper.title if m.field == "title" else paper.abstract
            assert text[m.start : m.end] == m.text
            assert m.sentence[0] <= m.start < m.end <= m.sentence[1]


def test_trim_keeps_capitalised_modifiers_of_a_name():
    from kg.extractors.entities import trim
    from spacy.tokens import Span

    nlp = spacy.blank("en")
    doc = nlp("We train Wide Residual Networks and the efficient Transformer .")
    assert trim(Span(doc, 2, 5, label="Model")).text == "Wide Residual Networks"
    assert trim(Span(doc, 6, 9, label="Model")).text == "Transformer"
    doc = nlp("They use simple wide residual networks .")
    assert trim(Span(doc, 2, 6, label="Model")).text == "wide residual networks"


def test_trim_keeps_naming_compounds_and_drops_rating_words():
    from kg.extractors.entities import trim

    nlp = spacy.blank("en")
    for text, kept in [
        ("low-rank adaptation", "low-rank adaptation"),
        ("two-layer networks", "two-layer networks"),
        ("high-quality images", "images"),
        ("the best LSTM", "LSTM"),
        ("expressive GNN models", "expressive GNN"),
        ("examine convolutional neural networks", "convolutional neural networks"),
        ("guide LLMs", "LLMs"),
        ("random node initialization", "random node initialization"),
        ("fully connected networks", "fully connected networks"),
        ("today's large language models", "large language models"),
    ]:
        assert trim(nlp(text)[:]).text == kept
    assert trim(nlp("single-cell")[:]) is None


def _extract_one(nlp, abstract: str, title: str = ""):
    """The extraction of one hand-written paper."""
    return next(extract_papers([Paper(id="t", title=title, abstract=abstract)], nlp))


def test_repeated_acronym_matches_only_in_its_own_case(rules_nlp):
    ex = _extract_one(
        rules_nlp,
        (
            "We propose Learning Across Dynamical Systems (LEADS). This leads to lower error. "
            "LEADS beats RNNs, and an RNN is weaker."
        ),
    )
    texts = {m.text for e in ex.entities for m in e.mentions}
    assert "LEADS" in texts and "leads" not in texts
    rnn = next(e for e in ex.entities if e.name == "RNN")
    assert {m.text for m in rnn.mentions} == {"RNNs", "RNN"}


def _one_entity_paper(pid: str, name: str, aliases: tuple[str, ...] = ()):
    from kg.models import EntityRecord, Mention, PaperExtraction

    mention = Mention(field="abstract", start=0, end=len(name), text=name)
    entity = EntityRecord(
        key="k:" + name,
        name=name,
        label="Model",
        role="used",
        mentions=[mention],
        aliases=list(aliases),
    )
    return PaperExtraction(paper=Paper(id=pid), entities=[entity], relations=[])


def test_long_forms_of_one_acronym_differing_by_a_kind_word_are_one_node():
    from kg.resolve import resolve

    r = resolve(
        [
            _one_entity_paper("1", "long short-term memory", ("LSTM",)),
            _one_entity_paper("2", "long short-term memory network", ("LSTM",)),
            _one_entity_paper("3", "Long Short-Term Memory units", ("LSTMs",)),
            _one_entity_paper("4", "LSTM"),
        ]
    )
    assert len(r.nodes) == 1
    # different acronyms keep different things apart
    r = resolve(
        [
            _one_entity_paper("1", "Bayesian network", ("BN",)),
            _one_entity_paper("2", "Bayesian neural network", ("BNN",)),
        ]
    )
    assert len(r.nodes) == 2


def test_one_paper_joins_the_ways_it_writes_one_name(rules_nlp):
    ex = _extract_one(
        rules_nlp,
        (
            'We call this class of models "Plug and Play Generative Networks". PPGNs draw '
            "sharper images than recurrent networks. Recurrent neural networks are slow."
        ),
        title="Plug & Play Generative Networks: Sampling Images Anew",
    )
    forms = {e.name: {m.text for m in e.mentions} for e in ex.entities}
    ppgn = next(f for f in forms.values() if "PPGNs" in f)
    assert {"Plug & Play Generative Networks", "Plug and Play Generative Networks"} <= ppgn
    assert any({"recurrent networks", "Recurrent neural networks"} <= f for f in forms.values())
    assert [forms[e.name] for e in ex.entities if e.role == "proposed"] == [ppgn]


def test_introduced_names_join_hyphens_and_skip_modifiers(rules_nlp):
    ex = _extract_one(
        rules_nlp,
        (
            "We introduce Aaren, an attention-based module. Using a curated dataset called "
            "Sort-of-CLEVR we test it. We propose a DP-like recursive algorithm."
        ),
    )
    by_name = {e.name: e for e in ex.entities}
    assert by_name["Aaren"].role == "proposed"
    assert by_name["Sort-of-CLEVR"].label == "Dataset"
    assert not any(name.startswith("DP") for name in by_name)


def test_hardware_the_field_and_diseases_are_generic():
    from kg.extractors.rules import is_generic

    assert all(is_generic(t) for t in ["GPUs", "TPU", "AI", "Artificial Intelligence", "COVID-19"])
    assert not any(is_generic(t) for t in ["GPT-4", "ResNet-50", "graph neural networks"])


def test_web_addresses_are_no_candidates():
    from kg.extractors.entities import EntityChooser
    from spacy.tokens import Span

    doc = spacy.blank("en")("The FlowBench data are at https://github.com/anon/FlowBench .")
    doc.spans["kg_rules"] = [Span(doc, 1, 2, label="Dataset"), Span(doc, 5, 6, label="Dataset")]
    chooser = EntityChooser(use_ner=False, sources=["kg_rules"])
    assert [span.text for _, span, _ in chooser.candidates(doc)] == ["FlowBench"]


def test_a_new_name_listed_after_a_proposed_one_is_proposed():
    from kg.extract import Found, _coordinated_proposals
    from kg.models import EntityRecord

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Our system uses FlowNorm , a zigzag flow and an LSTM . We test GRU and ZigLoss .")
    words = [t.text for t in doc]
    spans = {"FlowNorm": (3, 4, False), "zigzag flow": (6, 8, False), "LSTM": (10, 11, True)}
    spans |= {"GRU": (14, 15, True), "ZigLoss": (16, 17, False)}
    found = [Found("abstract", s, e, "Method", n, "ner", k) for n, (s, e, k) in spans.items()]
    roles = {"FlowNorm": "proposed", "GRU": "proposed"}
    entities = [EntityRecord(n, n, "Method", roles.get(n, "used"), []) for n in spans]
    local_key = {id(f): f.name for f in found}
    _coordinated_proposals(entities, found, local_key, {"abstract": words}, {"abstract": doc})
    got = {e.name: e.role for e in entities}
    # listed after a proposed name: proposed; a well-known name in the list stays used
    assert got["zigzag flow"] == "proposed" and got["LSTM"] == "used"
    assert got["ZigLoss"] == "proposed"


def test_names_joined_across_papers_by_a_spelled_out_acronym_or_a_left_out_neural():
    from kg.resolve import resolve

    r = resolve(
        [
            _one_entity_paper("1", "bidirectional LSTM"),
            _one_entity_paper("2", "bidirectional long short-term memory"),
            _one_entity_paper("3", "recurrent networks"),
            _one_entity_paper("4", "recurrent neural network"),
            _one_entity_paper("5", "Bayesian networks"),
            _one_entity_paper("6", "Bayesian neural network"),
        ]
    )
    assert sorted(r.nodes) == [
        "model:bayesian network",
        "model:bayesian neural network",
        "model:bidirectional long short term memory",
        "model:recurrent neural network",
    ]


def test_a_method_proposed_beside_the_proposed_model_is_part_of_it(rules_nlp):
    ex = _extract_one(
        rules_nlp,
        (
            "We propose GraphMix, a novel graph neural network for node classification. "
            "We also propose Edge Mixing Regularization (EMR). EMR needs no labels."
        ),
        title="GraphMix: Gated Attention Networks for Node Classification",
    )
    rels = {(r.head, r.type, r.tail) for r in ex.relations}
    assert ("method:edge mixing regularization", "PART_OF", "model:graphmix") in rels
    # a method the paper only uses is not made a part
    assert not any(r[1] == "PART_OF" and r[0] == "model:graph neural network" for r in rels)


def test_an_acronym_defined_by_a_non_entity_keeps_that_meaning(rules_nlp):
    # without the definition's name, this IR would join "information retrieval" elsewhere
    ex = _extract_one(
        rules_nlp, "We compile models to an intermediate representation (IR). The IR is small."
    )
    ir = next(e for e in ex.entities if "IR" in {m.text for m in e.mentions})
    assert ir.name == "intermediate representation"
