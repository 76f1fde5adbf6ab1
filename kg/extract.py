"""Run the extractors over papers and turn their spans into :class:`PaperExtraction`.

Per paper: mentions from the title and the abstract are grouped into entities (acronyms
join their long forms), further occurrences of a found name are added, each entity gets a
role, and relations are read sentence by sentence.
"""

from __future__ import annotations

from collections import ChainMap, Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .extractors.acronyms import initials_match
from .extractors.entities import plain_long_form, singular_name
from .extractors.lexicon import acronym_long_forms
from .extractors.relation_classifier import RelationClassifier
from .extractors.relations import (
    MentionRef,
    SentenceInfo,
    contribution_relations,
    generic_references,
    sentence_relations,
    variant_relations,
)
from .extractors.roles import (
    coordinated,
    cue_before,
    heads_its_phrase,
    novel_after,
    passive_after,
    phrase_cue,
    title_colon,
    title_proposed,
)
from .extractors.rules import looks_like_name, names_a_model
from .models import LABELS, EntityRecord, Mention, Paper, PaperExtraction, RelationRecord
from .normalize import entity_key, name_key, spelled_out, with_neural
from .resolve import is_acronym

FIELDS = ("title", "abstract")
KNOWN_SOURCES = ("kg_lexicon",)
CUE_TASK = {"task", "problem", "benchmark", "challenge", "of"}
#: how far after a proposal cue a new name still counts as proposed (in words)
PROPOSAL_WINDOW = 6
SOURCE_WEIGHT = {
    "kg_intro": 4,
    "kg_learned": 3,
    "kg_lexicon": 3,
    "ner": 2,
    "kg_rules": 1,
    "repeat": 0,
}
_NOT_NAMES = {"a", "an", "the", "we", "it", "in", "on", "of", "to", "is", "as", "at", "or", "and"}


@dataclass
class Found:
    field: str
    start: int  # token index
    end: int
    label: str
    name: str
    source: str
    known: bool  # a lexicon has this name


def _spans(doc: Doc, field: str) -> list[Found]:
    # "known" names are in the hand-written lexicon of well-known entities: such names
    # are mostly used by a paper, not proposed by it
    lexical = {(s.start, s.end) for key in KNOWN_SOURCES for s in doc.spans.get(key, [])}
    return [
        Found(
            field,
            s.start,
            s.end,
            s.label_,
            s._.kg_name or s.text,
            s._.kg_source or "",
            (s.start, s.end) in lexical,
        )
        for s in doc.spans.get("kg_entities", [])
    ]


def _repeat_mentions(docs: dict[str, Doc], found: list[Found]) -> list[Found]:
    """Other occurrences of names already found, where nothing else was found."""
    forms: dict[tuple[str, ...], tuple[Found, str]] = {}
    for f in found:
        norms = tuple(t.norm_ for t in docs[f.field][f.start : f.end])
        text = docs[f.field][f.start : f.end].text
        if len(text) >= 2 and text.lower() not in _NOT_NAMES:
            forms.setdefault(norms, (f, text))
    if not forms:
        return []
    longest = max(len(k) for k in forms)
    extra = []
    for field, doc in docs.items():
        taken = {i for f in found if f.field == field for i in range(f.start, f.end)}
        norms = [t.norm_ for t in doc]
        i = 0
        while i < len(doc):
            hit = None
            for n in range(min(longest, len(doc) - i), 0, -1):
                key = tuple(norms[i : i + n])
                if key in forms and not any(j in taken for j in range(i, i + n)):
                    hit = (n, forms[key])
                    break
            if hit:
                n, (f, form) = hit
                span = doc[i : i + n]
                # never across a sentence; an acronym only in its own case ("leads" is no LEADS)
                if span.sent == doc[i].sent and (
                    not is_acronym(form) or span.text.rstrip("s") == form.rstrip("s")
                ):
                    extra.append(Found(field, i, i + n, f.label, f.name, "repeat", f.known))
                    taken.update(range(i, i + n))
                i += n
            else:
                i += 1
    return extra


def _long_forms(docs: dict[str, Doc], found: list[Found]) -> dict[str, str]:
    """Acronym key -> the name of its long form in this paper."""
    # acronyms defined anywhere in the paper name their long form everywhere in it
    # (even when the long form is no entity: "intermediate representation (IR)" keeps that
    # IR from joining information retrieval across papers)
    long_of: dict[str, str] = {}
    for field, doc in docs.items():
        for long_span, short_span in doc._.kg_acronyms:
            bounds = (field, long_span.start, long_span.end)
            name = next((f.name for f in found if (f.field, f.start, f.end) == bounds), None)
            if name is None and plain_long_form(short_span.text, long_span):
                name = singular_name(long_span.text)
            if name is not None:
                long_of.setdefault(name_key(short_span.text), name)
    # an acronym never defined in the paper may still spell a name it found ("PPGNs")
    long_names = {f.name for f in found if not is_acronym(f.name) and " " in f.name}
    for f in found:
        short = name_key(f.name)
        if is_acronym(f.name) and short not in long_of:
            spelt = [name for name in long_names if initials_match(f.name, name)]
            if len({name_key(name) for name in spelt}) == 1:
                long_of[short] = spelt[0]
    return long_of


def extraction_from_docs(
    paper: Paper, docs: dict[str, Doc], *, relation_model: RelationClassifier | None = None
) -> PaperExtraction:
    """Group the mentions found in a paper's docs into entities with roles and relations.

    Sentence relations come from ``relation_model`` when one is given, else from the cue
    rules."""
    found = [f for field, doc in docs.items() for f in _spans(doc, field)]
    long_of = _long_forms(docs, found)
    found += _repeat_mentions(docs, found)
    for f in found:
        text = docs[f.field][f.start : f.end].text
        if is_acronym(text) and name_key(text) in long_of:
            f.name = long_of[name_key(text)]

    groups: dict[str, list[Found]] = defaultdict(list)
    for f in found:
        groups[name_key(f.name)].append(f)
    # "recurrent networks" and "recurrent neural networks" in one paper are one thing, and
    # so are "bidirectional LSTM" and "bidirectional long short-term memory"
    spelled = ChainMap(
        {short: name_key(long) for short, long in long_of.items()}, acronym_long_forms()
    )
    for key in list(groups):
        fuller = with_neural(key) or spelled_out(key, spelled)
        if fuller in groups and fuller != key:
            groups[fuller] += groups.pop(key)

    entities: list[EntityRecord] = []
    local_key: dict[int, str] = {}  # id(Found) -> entity key
    words_of = {field: [t.text for t in doc] for field, doc in docs.items()}
    starts_of = {field: [g.start for g in found if g.field == field] for field in docs}
    colon_at = title_colon(words_of["title"]) if "title" in docs else None
    for _, members in sorted(groups.items()):
        votes: Counter = Counter()
        for f in members:
            votes[f.label] += 1 + SOURCE_WEIGHT.get(f.source, 0)
        label = sorted(votes.items(), key=lambda kv: (-kv[1], LABELS.index(kv[0])))[0][0]
        names = Counter(f.name for f in members)
        name = sorted(names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
        if is_acronym(name):
            longer = [f.name for f in members if not is_acronym(f.name)]
            name = longer[0] if longer else name
        if label == "Method" and names_a_model(name):
            label = "Model"
        key = entity_key(label, name)
        mentions = []
        proposed = False
        for f in sorted(members, key=lambda f: (FIELDS.index(f.field), f.start)):
            doc = docs[f.field]
            span = doc[f.start : f.end]
            sent = span.sent
            mentions.append(
                Mention(
                    field=f.field,
                    start=span.start_char,
                    end=span.end_char,
                    text=span.text,
                    sentence=(sent.start_char, sent.end_char),
                )
            )
            local_key[id(f)] = key
            words, starts = words_of[f.field], starts_of[f.field]
            if f.field == "title":
                if title_proposed(words, f.start, f.end, colon_at, f.known) and (
                    colon_at is not None or f.label != "Task"
                ):
                    proposed = True
            elif f.label != "Task" or f.start > 0 and words[f.start - 1].lower() in CUE_TASK:
                # a task is proposed only as "we introduce the task of X"-like wording
                if (
                    novel_after(words, f.end)
                    or (
                        phrase_cue(words, f.start, f.known)
                        and heads_its_phrase(words, f.end, coined=_coined(f, words))
                    )
                    or passive_after(words, f.end, sent.start)
                ) or (
                    # a well-known name is proposed only right after the cue; a new one also
                    # a little further on ("we propose X with a Y and a Z")
                    cue_before(words, sent.start, f.start, starts, max_gap=3, gerunds=False)
                    if f.known
                    else cue_before(
                        words,
                        sent.start,
                        f.start,
                        starts,
                        through_entities=True,
                        max_gap=PROPOSAL_WINDOW,
                    )
                ):
                    proposed = True
        unique_mentions = sorted(set(mentions), key=lambda m: (FIELDS.index(m.field), m.start))
        aliases = sorted({m.text for m in unique_mentions} - {name})
        entities.append(
            EntityRecord(
                key=key,
                name=name,
                label=label,
                role="proposed" if proposed else "used",
                mentions=unique_mentions,
                aliases=aliases,
            )
        )

    _coordinated_proposals(entities, found, local_key, words_of, docs)

    relations: list[RelationRecord] = []
    seen: set[tuple[str, str, str]] = set()
    main = _main_contribution(entities)
    proposed = frozenset(e.key for e in entities if e.role == "proposed")
    for field, doc in docs.items():
        words = words_of[field]
        for sent in doc.sents:
            refs = [
                MentionRef(local_key[id(f)], _label_of(entities, local_key[id(f)]), f.start, f.end)
                for f in found
                if f.field == field and sent.start <= f.start < sent.end
            ]
            if main is not None:
                taken = {i for r in refs for i in range(r.start, r.end)}
                refs += [
                    MentionRef(main.key, main.label, s, e)
                    for s, e in generic_references(words, sent.start, sent.end)
                    if not any(i in taken for i in range(s, e))
                ]
            if relation_model is not None:
                found_here = relation_model.sentence_relations(
                    words, refs, sent_start=sent.start, sent_end=sent.end, proposed=proposed
                )
            else:
                found_here = sentence_relations(words, refs)
            for head, rtype, tail in found_here:
                if (head, rtype, tail) in seen:
                    continue
                seen.add((head, rtype, tail))
                relations.append(
                    RelationRecord(
                        head=head,
                        type=rtype,
                        tail=tail,
                        field=field,
                        sentence=(sent.start_char, sent.end_char),
                    )
                )
    if main is not None:
        for head, rtype, tail, where in _contribution_relations(
            main, entities, docs, found, local_key
        ):
            if (head, rtype, tail) in seen:
                continue
            seen.add((head, rtype, tail))
            field, sent = where
            relations.append(
                RelationRecord(head=head, type=rtype, tail=tail, field=field, sentence=sent)
            )
    if main is not None and main.label == "Model":
        # the methods a paper proposes beside its model are most often parts of it
        for e in entities:
            pair = {(e.key, main.key), (main.key, e.key)}
            if (
                e.role == "proposed"
                and e.label == "Method"
                and not any((h, t) in pair for h, _, t in seen)
            ):
                seen.add((e.key, "PART_OF", main.key))
                m = e.mentions[0]
                relations.append(
                    RelationRecord(
                        head=e.key,
                        type="PART_OF",
                        tail=main.key,
                        field=m.field,
                        sentence=m.sentence,
                    )
                )
    forms = ((e.key, e.label, [e.name, *(m.text for m in e.mentions)]) for e in entities)
    for head, rtype, tail in variant_relations(forms):
        if (head, rtype, tail) not in seen:
            m = next(e for e in entities if e.key == head).mentions[0]
            seen.add((head, rtype, tail))
            relations.append(
                RelationRecord(head=head, type=rtype, tail=tail, field=m.field, sentence=m.sentence)
            )
    return PaperExtraction(paper=paper, entities=entities, relations=relations)


def _contribution_relations(main, entities, docs, found, local_key):
    """Paper-level relations of the main contribution, with the sentence that states each."""
    sentences: list[SentenceInfo] = []
    where: list[tuple[str, tuple[int, int]]] = []
    index: dict[tuple[str, int], int] = {}
    main_spans = {(f.field, f.start) for f in found if local_key[id(f)] == main.key}
    for field, doc in docs.items():
        words = [t.text for t in doc]
        for sent in doc.sents:
            about = any((field, i) in main_spans for i in range(sent.start, sent.end)) or bool(
                generic_references(words, sent.start, sent.end)
            )
            index[(field, sent.start)] = len(sentences)
            sentences.append(
                SentenceInfo(
                    frozenset(w.lower() for w in words[sent.start : sent.end]),
                    about,
                    field == "title",
                )
            )
            where.append((field, (sent.start_char, sent.end_char)))
    mentions_of: dict[str, list[int]] = defaultdict(list)
    for f in found:
        sent = docs[f.field][f.start].sent
        i = index[(f.field, sent.start)]
        if i not in mentions_of[local_key[id(f)]]:
            mentions_of[local_key[id(f)]].append(i)
    rows = [(e.key, e.label, sorted(mentions_of[e.key])) for e in entities]
    return [
        (h, t, tl, where[i]) for h, t, tl, i in contribution_relations(main.key, rows, sentences)
    ]


def _coordinated_proposals(entities, found, local_key, words_of, docs) -> None:
    """A new name listed right after a proposed one is proposed too ("we introduce X and
    Y"); well-known names are left as they are."""
    by_key = {e.key: e for e in entities}
    in_abstract = sorted((f for f in found if f.field == "abstract"), key=lambda f: f.start)
    for a, b in zip(in_abstract, in_abstract[1:], strict=False):
        first, second = by_key[local_key[id(a)]], by_key[local_key[id(b)]]
        if (
            first.role == "proposed"
            and second.role == "used"
            and not b.known
            and docs["abstract"][a.start].sent.start == docs["abstract"][b.start].sent.start
            and coordinated(words_of["abstract"], a.end, b.start)
        ):
            second.role = "proposed"


def _coined(f: Found, words: list[str]) -> bool:
    # a name no lexicon knows, written like a coined one ("TransNAR", "GPT-4o")
    return not f.known and looks_like_name(words[f.end - 1])


def _main_contribution(entities: list[EntityRecord]) -> EntityRecord | None:
    """The paper's first proposed method or model, which "our method" and the like mean."""
    proposed = [e for e in entities if e.role == "proposed" and e.label in ("Method", "Model")]
    return min(
        proposed, key=lambda e: (e.mentions[0].field != "title", e.mentions[0].start), default=None
    )


def _label_of(entities: list[EntityRecord], key: str) -> str:
    return next(e.label for e in entities if e.key == key)


def extract_papers(
    papers: Iterable[Paper], nlp: Language, *, batch_size: int = 64
) -> Iterator[PaperExtraction]:
    """Extractions for papers, in input order (texts go through ``nlp.pipe`` in batches)."""
    store = nlp.get_pipe("kg_relations") if "kg_relations" in nlp.pipe_names else None
    relation_model = store.model if store is not None else None

    def docs_in():
        for paper in papers:
            for field in FIELDS:
                doc = nlp.make_doc(paper.text(field))
                doc.user_data["kg_field"] = field
                yield doc, paper

    current: Paper | None = None
    docs: dict[str, Doc] = {}
    for doc, paper in nlp.pipe(docs_in(), as_tuples=True, batch_size=batch_size):
        if current is not None and paper is not current:
            yield extraction_from_docs(current, docs, relation_model=relation_model)
            docs = {}
        current = paper
        docs[doc.user_data["kg_field"]] = doc
    if current is not None:
        yield extraction_from_docs(current, docs, relation_model=relation_model)


def extraction_to_json(ex: PaperExtraction) -> dict:
    """The ``kg extract --format jsonl`` shape of one paper."""
    names = {e.key: e.name for e in ex.entities}
    return {
        "id": ex.paper.id,
        "title": ex.paper.title,
        "abstract": ex.paper.abstract,
        "entities": [
            {
                "key": e.key,
                "name": e.name,
                "label": e.label,
                "role": e.role,
                "mentions": [
                    {"field": m.field, "start": m.start, "end": m.end, "text": m.text}
                    for m in e.mentions
                ],
            }
            for e in ex.entities
        ],
        "relations": [
            {"head": names[r.head], "type": r.type, "tail": names[r.tail]} for r in ex.relations
        ],
    }
