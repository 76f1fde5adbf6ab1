"""Name normalisation: the functions that decide when two surface forms are one thing.

Pure functions, no spaCy: they are shared by the extractors, the resolver and evaluation.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")
_LETTER_DIGIT_JOIN = re.compile(r"(?<=[a-z])[\s\-_]+(?=\d)|(?<=\d)[\s\-_]+(?=[a-z]\b)")
_NON_WORD = re.compile(r"[^\w\s+#*]")
# words whose final "s" is not a plural marker
_KEEP_S = {
    "loss",
    "analysis",
    "physics",
    "dynamics",
    "mechanics",
    "statistics",
    "robustness",
    "fairness",
    "bias",
    "process",
    "class",
    "gradients?",
    "series",
    "species",
    "news",
    "lens",
    "gas",
    "yes",
    "kinetics",
    "ros",
    "bayes",
    "mathematics",
    "linguistics",
    "economics",
    "genomics",
    "robotics",
    "graphics",
    "semantics",
    "metrics?",
    "its",
    "thus",
    "is",
    "was",
    "has",
    "this",
    "does",
    "basis",
    "axis",
    "thesis",
    "diagnosis",
    "synthesis",
    "hypothesis",
    "regression",
    "atlas",
    "corpus",
    "focus",
    "consensus",
    "plus",
    "minus",
    "bus",
    "versus",
    "virus",
    "radius",
    "status",
    "calculus",
    "nexus",
    "campus",
    "census",
    "chaos",
    "cos",
    "mos",
    "ms",
    "ss",
    "ls",
    "vs",
    "us",
}
_KEEP_S = {w for w in _KEEP_S if "?" not in w}


def clean_text(text: str) -> str:
    """Unicode-normalise and collapse white space; keeps case and punctuation.

    Examples
    --------
    >>> clean_text("  Beam\\u00a0Tree\\n Cells ")
    'Beam Tree Cells'
    """
    text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=100_000)
def singular(word: str) -> str:
    """Singular of an English (or acronym) plural; anything else unchanged.

    Examples
    --------
    >>> [singular(w) for w in ["networks", "RNNs", "CNN's", "loss", "strategies", "boxes"]]
    ['network', 'RNN', 'CNN', 'loss', 'strategy', 'box']
    """
    if word.endswith("'s") or word.endswith("\u2019s"):
        return word[:-2]
    if re.fullmatch(r"[A-Z][A-Z0-9\-]*[A-Z0-9]s", word):  # RNNs, LLMs, GNNs, ViTs? no: caps only
        return word[:-1]
    low = word.lower()
    if len(word) <= 3 or low in _KEEP_S or not low.endswith("s"):
        return word
    if low.endswith(("ss", "us", "is", "ics")):
        return word
    if low.endswith("ies") and len(word) > 4:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if low.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    return word[:-1]


_TEX = re.compile(r"[$\\]")


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """Normalised form of an entity name: equal keys mean the same thing.

    Case, plural, hyphen and spacing variants collapse; digits stay significant.

    Examples
    --------
    >>> name_key("ResNet-50") == name_key("ResNet50") == name_key("resnet 50")
    True
    >>> name_key("ResNet") == name_key("ResNet-50")
    False
    >>> name_key("Recurrent Neural Networks") == name_key("recurrent neural network")
    True
    >>> name_key("self-attention") == name_key("self attention")
    True
    >>> name_key("Plug & Play Nets") == name_key("Plug and Play Nets")
    True
    >>> name_key("LLM$\\\\times$MapReduce") == name_key("LLMtimesMapReduce")
    True

    Signs that make a different name stay: "A*" is not "A", "Fid-" is not "FID".

    >>> name_key("A* search"), name_key("Fid_-"), name_key("Fid_+"), name_key("FID")
    ('a* search', 'fid minus', 'fid +', 'fid')
    """
    text = clean_text(name)
    text = _DASHES.sub("-", text)
    # a trailing minus is a sign ("Fid-", fidelity-minus), not a hyphen to drop
    sign = " minus" if text.endswith("-") else ""
    text = text.replace("\u2019", "'").replace("&", " and ")
    # TeX markup written into a name ("LLM$\\times$MapReduce") is not part of it
    text = _SPACES.sub(" ", _TEX.sub("", text)).strip()
    words = text.split(" ")
    if words:
        words[-1] = singular(words[-1])
    text = " ".join(words).lower()
    text = _LETTER_DIGIT_JOIN.sub("", text)
    text = _NON_WORD.sub(" ", text.replace("-", " ").replace("_", " "))
    return _SPACES.sub(" ", text).strip() + sign


#: kinds of network that are graphs or probabilistic models, not neural networks
NOT_NEURAL = frozenset(
    """bayesian belief markov causal social citation road sensor wireless communication
    computer gene regulatory metabolic biological power transportation complex random
    petri flow query knowledge semantic scale free world""".split()
)


def with_neural(key: str) -> str | None:
    """The key with the "neural" ML writers leave out ("recurrent network" for "recurrent
    neural network"), or None when the name does not end in an unqualified network.

    Examples
    --------
    >>> with_neural("recurrent network"), with_neural("graph net")
    ('recurrent neural network', 'graph neural net')
    >>> with_neural("recurrent neural network"), with_neural("network")
    (None, None)
    >>> with_neural("bayesian network") is None
    True
    """
    head, _, last = key.rpartition(" ")
    if not head or last not in ("network", "net") or head.endswith("neural"):
        return None
    if head.rpartition(" ")[2] in NOT_NEURAL:
        return None  # a Bayesian network is no Bayesian neural network
    return f"{head} neural {last}"


def spelled_out(key: str, long_forms: Mapping[str, str]) -> str:
    """A name key with each acronym word replaced by its long form's key.

    Examples
    --------
    >>> spelled_out("bidirectional lstm", {"lstm": "long short term memory"})
    'bidirectional long short term memory'
    """
    return " ".join(long_forms.get(word, word) for word in key.split(" "))


def entity_key(label: str, name: str) -> str:
    """Deterministic node key: the label plus the normalised name.

    Examples
    --------
    >>> entity_key("Model", "RNNs")
    'model:rnn'
    """
    return f"{label.lower()}:{name_key(name)}"


def text_fingerprint(text: str) -> str:
    """Lower-cased words only: two scrapes of one abstract give the same fingerprint."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"\w+", text))


def paper_id(title: str, abstract: str) -> str:
    """Stable id of a paper that came without one.

    A hash of the normalised abstract (of the title when there is no abstract): some
    layouts carry titles and some do not, and one paper must keep one id in both.

    Examples
    --------
    >>> paper_id("A title", "An abstract.") == paper_id("", "an  ABSTRACT")
    True
    """
    basis = text_fingerprint(abstract) or text_fingerprint(title)
    return "p-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
