"""Cross-paper entity resolution: decide which per-paper entities are one graph node.

Pure functions over :class:`~kg.models.PaperExtraction` records. Within a paper the
extractors already joined acronyms to their long forms; here the same thing named in
different papers is joined:

* names are compared by :func:`~kg.normalize.name_key` (case, plural, hyphen and spacing
  variants), so "RNNs" and "RNN", "ResNet-50" and "ResNet50" meet, "ResNet" and
  "ResNet-50" do not;
* an acronym a paper uses without defining it joins the long form other papers define it
  with, when one long form clearly dominates (an ambiguous acronym stays its own node);
* "X network" joins "X neural network" when both are seen ("recurrent networks"), and a
  name holding a well-known acronym joins its spelled-out form ("bidirectional LSTM");
* a name typed differently in different papers takes its majority label, so one thing is
  one node.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .extractors.lexicon import acronym_long_forms
from .models import LABELS, PaperExtraction
from .normalize import name_key, spelled_out, with_neural

ACRONYM_SHARE = 0.6


def is_acronym(text: str) -> bool:
    """Short token with several capitals or digits: "RNN", "BT-Cell", "GPT-4", "ViT".

    Examples
    --------
    >>> [is_acronym(s) for s in ["RNN", "RNNs", "BT-Cell", "ViT", "dropout", "Adam"]]
    [True, True, True, True, False, False]
    """
    if " " in text or len(text) > 12 or len(text) < 2:
        return False
    capitals = sum(c.isupper() for c in text)
    return capitals >= 2 or (capitals >= 1 and any(c.isdigit() for c in text))


@dataclass
class Node:
    """One resolved entity: its key, label and every surface form seen."""

    key: str
    label: str
    names: Counter = field(default_factory=Counter)
    forms: set[str] = field(default_factory=set)
    papers: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        # most frequent canonical name; ties to the longest, then alphabetical
        return sorted(self.names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]

    @property
    def aliases(self) -> list[str]:
        name = self.name
        return sorted(f for f in self.forms if f != name)


@dataclass
class Resolution:
    """Result of resolution: the nodes and, per paper, local entity key -> node key."""

    nodes: dict[str, Node]
    mapping: dict[str, dict[str, str]]


#: last words that only say what kind of thing a long form names
KIND_WORDS = frozenset({"network", "net", "unit", "model", "architecture", "cell"})


def _majority_label(counts: Counter) -> str:
    return sorted(counts.items(), key=lambda kv: (-kv[1], LABELS.index(kv[0])))[0][0]


def resolve(extractions: Iterable[PaperExtraction]) -> Resolution:
    """Join the entities of many papers into graph nodes.

    Examples
    --------
    >>> from kg.models import Paper, EntityRecord, Mention, PaperExtraction
    >>> def ex(pid, name, aliases=()):
    ...     m = Mention(field="abstract", start=0, end=len(name), text=name)
    ...     e = EntityRecord(key="k:" + name, name=name, label="Model", role="used",
    ...                      mentions=[m], aliases=list(aliases))
    ...     return PaperExtraction(paper=Paper(id=pid), entities=[e], relations=[])
    >>> r = resolve([ex("1", "recurrent neural networks", ["RNNs"]), ex("2", "RNN")])
    >>> sorted(r.nodes), r.mapping["2"]["k:RNN"]
    (['model:recurrent neural network'], 'model:recurrent neural network')
    >>> sorted(resolve([ex("1", "recurrent neural network"), ex("2", "recurrent networks")]).nodes)
    ['model:recurrent neural network']
    """
    extractions = list(extractions)
    label_votes: dict[str, Counter] = defaultdict(Counter)
    long_forms: dict[str, Counter] = defaultdict(Counter)  # acronym key -> long-form keys
    for ex in extractions:
        for ent in ex.entities:
            label_votes[name_key(ent.name)][ent.label] += 1
    for ex in extractions:
        for ent in ex.entities:
            if is_acronym(ent.name):
                continue
            for alias in ent.aliases:
                if is_acronym(alias):
                    long_forms[name_key(alias)][name_key(ent.name)] += 1

    # long forms of one acronym that differ by a kind word are one thing ("long short-term
    # memory network", "long short-term memory unit" and "long short-term memory": LSTM)
    shorter: dict[str, str] = {}
    for forms in long_forms.values():
        for form in forms:
            head, _, last = form.rpartition(" ")
            if last in KIND_WORDS and head in forms:
                shorter[form] = head

    # "recurrent network" is how many papers write "recurrent neural network", and
    # "bidirectional LSTM" "bidirectional long short-term memory"
    spelled = acronym_long_forms()
    for key in label_votes:
        fuller = with_neural(key) or spelled_out(key, spelled)
        if fuller in label_votes and fuller != key:
            shorter.setdefault(key, fuller)

    def canonical(name: str) -> str:
        key = name_key(name)
        if is_acronym(name) and key in long_forms:
            counts: Counter = Counter()
            for form, n in long_forms[key].items():
                counts[shorter.get(form, form)] += n
            (best, top), total = counts.most_common(1)[0], sum(counts.values())
            if top / total >= ACRONYM_SHARE:
                return best
        return shorter.get(key, key)

    nodes: dict[str, Node] = {}
    mapping: dict[str, dict[str, str]] = {}
    for ex in extractions:
        local: dict[str, str] = {}
        for ent in ex.entities:
            base = canonical(ent.name)
            votes = label_votes.get(base) or label_votes[name_key(ent.name)]
            label = _majority_label(votes)
            key = f"{label.lower()}:{base}"
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = Node(key=key, label=label)
            if not is_acronym(ent.name) or base == name_key(ent.name):
                node.names[ent.name] += 1
            node.forms.add(ent.name)
            node.forms.update(m.text for m in ent.mentions)
            node.forms.update(ent.aliases)
            node.papers.add(ex.paper.id)
            local[ent.key] = key
        mapping[ex.paper.id] = local
    for node in nodes.values():
        if not node.names:  # only ever seen as an undefined acronym of a known long form
            node.names.update(node.forms)
    return Resolution(nodes=nodes, mapping=mapping)
