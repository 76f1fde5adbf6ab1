"""Rule-based candidates for names the lexicon does not know.

Pure functions decide a label from a phrase's head word and find the left edge of a
name; the ``kg_rules`` component writes candidates to ``doc.spans["kg_rules"]``:

* both halves of an acronym definition whose long form has a telling head word or is
  written as a proper name ("Sparse Identification of Nonlinear Dynamics (SINDy)");
* a short name before the colon of a title ("Hopular: Modern Hopfield Networks ...");
* noun phrases ending in a telling head word ("graph attention networks",
  "multi-label few-shot classification"), excluding generic ones ("neural networks").
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.normalize import singular

SPANS_KEY = "kg_rules"
#: acronym definitions, title names and introduced names: spans the candidate filter must
#: not drop
PROTECTED_KEY = "kg_protected"
#: names a sentence introduces ("we propose X, a ..."): trusted over the tagger and rules
INTRODUCED_KEY = "kg_intro"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MODEL_HEADS = _words("""
    network net transformer gan lstm autoencoder perceptron rnn cnn gnn dnn llm mlp vae
    resnet bert gpt encoder decoder machine model cell operator ode unet vit convnet mixer
""")
TASK_HEADS = _words("""
    classification detection segmentation recognition translation generation forecasting
    prediction estimation answering summarization retrieval parsing tagging captioning
    modeling modelling completion reconstruction localization tracking clustering planning
    reasoning identification inpainting denoising super-resolution diagnosis understanding
    discovery synthesis control verification
""")
DATASET_HEADS = _words("dataset benchmark corpus suite treebank environment")
METRIC_HEADS = _words(
    "accuracy error score precision recall perplexity auc divergence rate distance"
)
METHOD_HEADS = _words("""
    learning regularization regularisation normalization normalisation attention descent
    optimization optimisation training distillation pruning quantization search sampling
    inference propagation decomposition embedding mechanism layer loss dropout augmentation
    algorithm initialization fine-tuning tuning adaptation kernel pooling convolution encoding
    prompting decoding backpropagation regression estimator method framework approach
    technique strategy
""")
# heads that name something only with a real modifier in front
WEAK_HEADS = _words("""
    model network net machine cell operator encoder decoder method framework approach
    technique strategy learning layer error score rate distance control understanding
    generation prediction estimation inference training search algorithm environment
    benchmark dataset mechanism kernel regression modeling modelling synthesis discovery
    verification embedding sampling tuning adaptation encoding decoding
""")
# heads that never make a name from a rule alone (too generic even with modifiers)
VAGUE_HEADS = _words("method framework approach technique strategy")
STOP_MODIFIERS = _words("""
    a an the this that these those our their its his her of in on for to with by from and
    or as at via is are be was were we it which such than not also novel new efficient
    effective simple powerful popular existing standard typical various different several
    many other most more proposed state-of-the-art modern current recent previous
    traditional conventional classical classic widely used based well-known general generic
    single multiple two three some any each all both same trained large-scale small overall
    original underlying corresponding specific particular certain e.g. i.e. using use can
    how when where what while into between whose if so only very highly fully up given
    random respective resulting key main important challenging difficult real-world
    practical wide deeper better high low good first during under after before without
    across through over about against among within like unlike beyond toward towards upon
    propose present introduce show train study apply develop consider analyze analyse
    demonstrate learn achieve evaluate compare perform improve outperform leverage employ
    extend provide build design explore investigate make allow enable require obtain find
    prove call term name my you they them he she there here then thus however further
    furthermore moreover therefore hence yet still even often usually already has have
    had do does did will would should could may might must shall been being no nor but
    because since although though whether either neither versus vs
    outperforms achieves uses shows improves requires learns trains performs provides
    enables allows yields reaches beats surpasses combines extends applies includes
    contains exhibits remains becomes makes produces generates predicts captures leverages
    employs adopts introduces proposes presents studies analyzes explores achieve matches
    rivals replaces augments integrates incorporates reduces increases solves addresses
    tackles called named termed dubbed known see et al
""")
# -ing / -ed words that are commonly part of names; other verb forms end a name
NAME_PARTICIPLES = _words("""
    learning supervised unsupervised semi-supervised self-supervised pretrained pre-trained
    embedding matching ranking clustering parsing tracking gated weighted distributed
    federated randomized structured regularized quantized connected informed conditioned
    guided augmented generating pooling encoding decoding spiking boosting sampling modeling
    modelling reasoning answering labeling labelling masked shared residual sparse pruning
    unrolled stacked dilated deformable binarized tied recurrent mixed normalized kernelized
""")
GENERIC_NAMES = frozenset(
    [
        "neural network",
        "deep neural network",
        "artificial neural network",
        "deep network",
        "neural net",
        "network",
        "model",
        "deep model",
        "deep learning model",
        "neural model",
        "machine learning model",
        "learning",
        "training",
        "classification",
        "prediction",
        "generation",
        "the model",
        "language",
        "deep neural net",
        "artificial neural net",
        "feedforward network",
        "learning model",
        "base model",
        "baseline model",
        # hardware, the field itself and diseases are named but never annotated
        "gpu",
        "tpu",
        "cpu",
        "fpga",
        "asic",
        "ai",
        "artificial intelligence",
        "covid-19",
        "sars-cov-2",
    ]
)


@lru_cache(maxsize=100_000)
def _model_suffix(word: str) -> bool:
    """A word ending in -former or -net (Performer, DenseNet); lower-cased, singular."""
    return word.endswith("former") and len(word) > 6 or word.endswith("net") and len(word) > 4


def head_label(word: str) -> str | None:
    """Label a phrase by its last word ("networks" -> Model, "detection" -> Task)."""
    w = singular(word).lower()
    if _model_suffix(w):
        return "Model"
    for label, heads in (
        ("Model", MODEL_HEADS),
        ("Task", TASK_HEADS),
        ("Dataset", DATASET_HEADS),
        ("Metric", METRIC_HEADS),
        ("Method", METHOD_HEADS),
    ):
        if w in heads:
            return label
    return None


#: last words that make a term a Model whatever else it is called (the guidelines' rule)
GUIDELINE_MODEL_HEADS = _words("network net model transformer gan lstm autoencoder")


def names_a_model(name: str) -> bool:
    """The guidelines' Model rule on a name's last word (network, net, model, transformer,
    -former, GAN, LSTM, autoencoder; hyphenated and plural forms too).

    Examples
    --------
    >>> [names_a_model(n) for n in ["Vision Retention Networks", "DenseNet", "Performer",
    ...                            "dropout", "language modeling", "Swin-GAN"]]
    [True, True, True, False, False, True]
    """
    words = name.split()
    if not words:
        return False
    last = singular(words[-1].split("-")[-1]).lower()
    return _model_suffix(last) or last in GUIDELINE_MODEL_HEADS


@lru_cache(maxsize=100_000)
def is_modifier(word: str) -> bool:
    low = word.lower()
    if low in STOP_MODIFIERS or not any(c.isalpha() for c in word):
        return False
    if low.endswith("ly") and low not in {"only"}:
        return False
    if low.endswith(("ing", "ed")) and low not in NAME_PARTICIPLES and "-" not in low:
        return False
    return word.replace("-", "").replace("'", "").isalnum()


def phrase_start(words: list[str], head: int, max_modifiers: int = 4) -> int:
    """Index of the first word of the name ending at ``head`` (modifiers to the left).

    Examples
    --------
    >>> w = "we train the physics-informed neural networks".split()
    >>> w[phrase_start(w, 5):]
    ['physics-informed', 'neural', 'networks']
    >>> w = "we use physics - informed neural networks".split()
    >>> w[phrase_start(w, 6):]
    ['physics', '-', 'informed', 'neural', 'networks']
    """
    start = head
    while start > 0 and head - start < max_modifiers:
        if words[start - 1] == "-" and start > 1 and words[start - 2][:1].isalnum():
            start -= 2  # "physics - informed": spaCy splits hyphenated compounds
        elif is_modifier(words[start - 1]):
            start -= 1
        else:
            break
    return start


@lru_cache(maxsize=65536)
def is_generic(text: str) -> bool:
    words = [singular(w).lower() for w in text.split()]
    return " ".join(words) in GENERIC_NAMES or all(w in STOP_MODIFIERS for w in words)


def is_proper_name(words: list[str]) -> bool:
    """Words written as a proper name: every content word capitalised."""
    content = [
        w
        for w in words
        if w.lower() not in {"of", "for", "and", "the", "with", "in", "on", "to", "a"}
    ]
    return len(content) >= 2 and all(w[:1].isupper() for w in content)


INTRO_VERBS = _words("""
    propose proposes introduce introduces present presents call called dub dubbed name
    named term termed coin coined release releases
""")
INTRO_SKIP = _words("a an the novel new simple our this efficient general unified scalable")
QUOTES = frozenset("\"'“‘")
CLOSING_QUOTES = frozenset("\"'”’")
NAMING_VERBS = _words("call called dub dubbed name named term termed coin coined")


def looks_like_name(word: str) -> bool:
    """A coined name: capitals after the first letter, or digits with capitals
    ("PropGAT", "BT-Cell", "SMR", "GPT-4"), not a plain capitalised word."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and (
        any(c.isupper() for c in word[1:])
        or (word[:1].isupper() and any(c.isdigit() for c in word))
    )


#: lower-case words after a hyphen that make the name a modifier ("DP-like", "ViT-based")
MODIFIER_SUFFIXES = _words("like based style type aware free specific driven guided inspired")
#: small words a long name may hold when an acronym follows it ("Salient Attributes for
#: Network Explanation (SANE)")
NAME_CONNECTORS = _words("of for and on with in to")


def _name_end(words: list[str], i: int) -> int:
    """End of the capitalised / coined run of words starting at ``i``; a hyphen joins
    whatever follows it ("Sort-of-CLEVR", "PSP-entropy", "MapReduce-V2")."""
    end = i
    while end < len(words) and end - i < 8:
        w = words[end]
        if looks_like_name(w) or (w[:1].isupper() and w.isalpha()):
            end += 1
        elif w == "-" and end > i and end + 1 < len(words) and words[end + 1][:1].isalnum():
            end += 2
        else:
            break
    return end


def introduced_name(words: list[str], verb: int) -> tuple[int, int, str] | None:
    """The name a paper introduces after the verb at ``verb`` ("we introduce PropGAT, a
    graph neural network"): ``(start, end, label)``, the label read from the name's own
    head word ("... Cell"), else from the appositive's ("a graph neural network"), else
    Method.

    Examples
    --------
    >>> w = "We introduce PropGAT , a graph neural network for node classification".split()
    >>> introduced_name(w, 1)
    (2, 3, 'Model')
    >>> w = "We propose Beam Tree Recursive Cell ( BT-Cell ) for parsing".split()
    >>> introduced_name(w, 1)
    (2, 6, 'Model')
    >>> introduced_name("We present ManipLog , a dataset of robot episodes".split(), 1)
    (2, 3, 'Dataset')
    >>> introduced_name("We release the ManipLog benchmark".split(), 1)
    (3, 4, 'Dataset')
    >>> introduced_name("we introduce Aaren , an attention-based module".split(), 1)
    (2, 3, 'Method')
    >>> introduced_name("a dataset called Sort - of - CLEVR we".split(), 2)
    (3, 8, 'Dataset')
    >>> w = "we introduce Salient Attributes for Network Explanation ( SANE )".split()
    >>> introduced_name(w, 1)
    (2, 7, 'Method')
    >>> introduced_name('call them " Plug and Play Nets " .'.split(), 0)
    (3, 7, 'Model')
    >>> introduced_name("We propose a method for parsing".split(), 1) is None
    True
    >>> introduced_name("We propose a DP - like recursive algorithm".split(), 2) is None
    True
    >>> introduced_name("Long - term RNN models".split(), 2) is None
    True
    """
    if verb > 0 and words[verb - 1] == "-":
        return None  # "so-called", "long-term"
    i = verb + 1
    if words[verb].lower() in NAMING_VERBS:
        # "call the general class of models "Plug and Play Nets""
        i = next((k + 1 for k in range(i, min(i + 8, len(words))) if words[k] in QUOTES), i)
    while i < len(words) and i - verb <= 3 and words[i].lower() in INTRO_SKIP | QUOTES:
        i += 1
    if i >= len(words) or not words[i][:1].isupper():
        return None
    quoted = words[i - 1] in QUOTES
    end = _name_end(words, i)
    while end + 1 < len(words) and words[end] in NAME_CONNECTORS and words[end + 1][:1].isupper():
        longer = _name_end(words, end + 1)
        if longer >= len(words) or not (
            words[longer] == "(" or (quoted and words[longer] in CLOSING_QUOTES)
        ):
            break  # without an acronym or a closing quote, "X for Y" is a name and a use
        end = longer
    if words[end - 1] == "-" or (
        end - i > 2 and words[end - 2] == "-" and words[end - 1] in MODIFIER_SUFFIXES
    ):
        return None  # "DP-like", "ViT-based": a modifier, not a name
    appositive = end + 1 < len(words) and words[end] == "," and words[end + 1] in {"a", "an"}
    if end == i or (
        end - i < 2
        and not looks_like_name(words[i])
        and not appositive
        and words[verb].lower() not in NAMING_VERBS
    ):
        return None  # one plain capitalised word ("We propose Bayesian ...") is no name
    label = head_label(words[end - 1]) if end - i > 1 else None
    if label is None and end < len(words) and words[end][:1].islower():
        label = head_label(words[end])  # the kind word after it: "the FlowBench dataset"
    if label is None and words[verb].lower() in NAMING_VERBS:
        # what the name is called: "a curated dataset called Sort-of-CLEVR"
        before = verb - 1 - (verb > 1 and words[verb - 1] == ",")
        label = head_label(words[before]) if before >= 0 else None
    j = end
    if j < len(words) and words[j] == "(":  # skip "(BT-Cell)"
        while j < len(words) and words[j] != ")" and j - end < 6:
            j += 1
        j += 1
    if label is None and j + 1 < len(words) and words[j] == "," and words[j + 1] in {"a", "an"}:
        # the appositive: "PropGAT, a graph neural network for ..."
        for w in words[j + 2 : j + 9]:
            if w in {".", ";", ",", "for", "that", "which", "to", "with", "of"}:
                break
            label = head_label(w) or label
    return i, end, label or "Method"


#: words that make a title's lead a claim or question, not a name ("Order Matters:")
TITLE_CLAIM_WORDS = _words("""
    is are was were be matter matters meet meets need needs do does can may make makes
    beyond towards toward when why how what which where who
""")


#: what ends a title's leading name: a colon, or a spaced dash ("VALERIE22 -- A dataset")
TITLE_SEPARATORS = frozenset({":", "--", "—", "–"})


def title_name(title_words: list[str]) -> int | None:
    """Number of leading title words forming a proposed name before a colon, if any.

    Examples
    --------
    >>> title_name("Hopular : Modern Hopfield Networks for Tabular Data".split())
    1
    >>> title_name("Transformers are RNNs : Fast Autoregressive Transformers".split()) is None
    True
    >>> title_name("Plug & Play Generative Networks : Iterative Generation".split())
    5
    >>> title_name("Meta Pruning via Graph Metanetwork : a study".split()) is None
    True
    """
    for i, w in enumerate(title_words[:6]):
        if w in TITLE_SEPARATORS or w.endswith(":"):
            n = i if w in TITLE_SEPARATORS else i + 1
            words = title_words[:n]
            if (
                words
                # a long lead is a name only when every word is capitalised ("Plug & Play
                # Generative Networks:"), not a phrase ("Pay Attention to Evolution:")
                and (n <= 3 or all(w[:1].isupper() or w in {"&", "-"} for w in words))
                and not any(w.lower().rstrip(":") in TITLE_CLAIM_WORDS for w in words)
                and any(c.isupper() for c in "".join(words))
                and not (
                    len(words) == 1
                    and words[0].rstrip(":").istitle()
                    and len(words[0]) > 3
                    and words[0].rstrip(":").lower()
                    in {
                        "understanding",
                        "survey",
                        "review",
                        "towards",
                        "beyond",
                        "rethinking",
                        "revisiting",
                        "position",
                        "tutorial",
                    }
                )
            ):
                return n
            return None
    return None


def title_name_label(title_words: list[str], n: int) -> str:
    """The label of the name made of a title's first ``n`` words: from its own head word,
    else from what the rest of the title calls it ("X: A Dataset of ...", "X: ... with
    Transformers"), else Method.

    Examples
    --------
    >>> title_name_label("CliCR : A Dataset of Clinical Case Reports".split(), 1)
    'Dataset'
    >>> title_name_label("PROSE : Predicting Operators using Multimodal Transformers".split(), 1)
    'Model'
    >>> title_name_label("Codebook Features : Sparse and Discrete Interpretability".split(), 2)
    'Method'
    """
    own = head_label(title_words[n - 1])
    if own in ("Model", "Method", "Dataset"):
        return own
    rest = {head_label(w) for w in title_words[n + 1 :]}
    return next((label for label in ("Dataset", "Model") if label in rest), "Method")


# --------------------------------------------------------------------------- component


@Language.factory("kg_rules", default_config={"max_modifiers": 4})
def make_rules(nlp: Language, name: str, *, max_modifiers: int) -> RuleCandidates:
    return RuleCandidates(max_modifiers=max_modifiers)


class RuleCandidates:
    """Writes rule-based entity candidates to ``doc.spans["kg_rules"]``."""

    def __init__(self, *, max_modifiers: int = 4) -> None:
        self.max_modifiers = max_modifiers

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        protected: list[Span] = []
        introduced: list[Span] = []
        for long_span, short_span in doc._.kg_acronyms:
            words = [t.text for t in long_span]
            label = head_label(words[-1]) or ("Method" if is_proper_name(words) else None)
            if label is None or is_generic(long_span.text):
                continue
            pair = [
                Span(doc, long_span.start, long_span.end, label=label),
                Span(doc, short_span.start, short_span.end, label=label),
            ]
            spans += pair
            protected += pair
        words = [t.text for t in doc]
        if doc.user_data.get("kg_field") == "title":
            n = title_name(words)
            if n:
                spans.append(Span(doc, 0, n, label=title_name_label(words, n)))
                protected.append(spans[-1])
        for tok in doc:
            if tok.lower_ in INTRO_VERBS:
                found = introduced_name(words, tok.i)
                if (
                    found is not None
                    and doc[found[0]].sent == doc[found[1] - 1].sent
                    and not any((s.start, s.end) == found[:2] for s in protected)
                ):
                    # an acronym's long form is already kept, with its own label
                    introduced.append(Span(doc, found[0], found[1], label=found[2]))
        for sent in doc.sents:
            for tok in sent:
                label = head_label(tok.text)
                if label is None or not tok.text[:1].isalpha():
                    continue
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is not None and nxt.text[:1].isalpha() and head_label(nxt.text):
                    continue  # the phrase goes on ("network training")
                start = max(phrase_start(words, tok.i, self.max_modifiers), sent.start)
                head = singular(tok.text).lower()
                if head in VAGUE_HEADS or (head in WEAK_HEADS and start == tok.i):
                    continue
                span = Span(doc, start, tok.i + 1, label=label)
                if is_generic(span.text):
                    continue
                spans.append(span)
        doc.spans[INTRODUCED_KEY] = filter_spans(introduced)
        doc.spans[PROTECTED_KEY] = list(protected) + list(introduced)
        doc.spans[SPANS_KEY] = filter_spans(spans)
        return doc
