"""Assemble the extraction pipeline.

``make_pipeline()`` loads the trained tagger shipped in ``data/tagger`` (tokenizer,
tok2vec, ner) when present and adds the rule components around it; nothing is
downloaded. Component order: sentencizer, kg_normalizer, kg_acronyms, kg_lexicon,
kg_learned, [tok2vec, ner], kg_rules, kg_entities, kg_relations (holds the relation
classifier that :func:`kg.extract.extract_papers` uses).
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from kg.errors import ModelError

from . import acronyms, lexicon, rules  # noqa: F401  (register their factories)
from . import entities as _entities  # noqa: F401
from . import relation_classifier as _relation_classifier  # noqa: F401
from .lexicon import LEARNED_LEXICON

DATA_DIR = Path(__file__).parent / "data"
TAGGER_DIR = DATA_DIR / "tagger"
RULE_COMPONENTS = ("kg_normalizer", "kg_acronyms", "kg_lexicon")


def tagger_available(path: Path = TAGGER_DIR) -> bool:
    return (path / "config.cfg").exists()


def make_pipeline(
    *,
    tagger: str | Path | None | bool = True,
    lexicon_path: str | None = None,
    entities: dict | None = None,
    learned: bool | str | Path = True,
    relations: dict | None = None,
) -> Language:
    """The extraction pipeline.

    Parameters
    ----------
    tagger : True (the shipped trained tagger, if any), False (rules and lexicon only), or
        the path of a trained spaCy pipeline with an ``ner`` component.
    lexicon_path : a lexicon TSV other than the shipped one.
    entities : settings of the ``kg_entities`` component (``sources``, ``prefer``,
        ``filter_path``, ``threshold``).
    learned : add the lexicon learned from the training annotations (True: the shipped one,
        when present; or the path of another one; False: none).
    relations : settings of the ``kg_relations`` component (``model_path``: another
        relation classifier, or ``"none"`` for the cue rules alone; ``threshold``).

    Examples
    --------
    >>> nlp = make_pipeline(tagger=False)
    >>> doc = nlp("We propose graph attention networks (GATs) for node classification.")
    >>> [(s.text, s.label_) for s in doc.spans["kg_entities"]]
    [('graph attention networks', 'Model'), ('GATs', 'Model'), ('node classification', 'Task')]
    """
    if tagger is True:
        tagger = TAGGER_DIR if tagger_available() else None
    if tagger:
        path = Path(tagger)
        if not (path / "config.cfg").exists():
            raise ModelError(f"{path}: no trained tagger there (config.cfg missing)")
        try:
            nlp = spacy.load(path, exclude=["kg_entities", "kg_rules"])
        except Exception as exc:  # spaCy raises many kinds here
            raise ModelError(f"{path}: cannot load the trained tagger ({exc})") from exc
        first = nlp.pipe_names[0] if nlp.pipe_names else None
    else:
        nlp = spacy.blank("en")
        first = None
    for name in ("sentencizer", *RULE_COMPONENTS):
        if name in nlp.pipe_names:
            continue
        config = {"path": lexicon_path} if name == "kg_lexicon" and lexicon_path else {}
        if first:
            nlp.add_pipe(name, before=first, config=config)
        else:
            nlp.add_pipe(name, config=config)
    learned_path = LEARNED_LEXICON if learned is True else Path(learned) if learned else None
    if learned_path is not None and learned_path.exists():
        nlp.add_pipe(
            "kg_lexicon",
            name="kg_learned",
            after="kg_lexicon",
            config={"path": str(learned_path), "spans_key": "kg_learned"},
        )
    nlp.add_pipe("kg_rules")
    nlp.add_pipe("kg_entities", config={"use_ner": "ner" in nlp.pipe_names, **(entities or {})})
    nlp.add_pipe("kg_relations", config=relations or {})
    return nlp
