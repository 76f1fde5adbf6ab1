"""Entity resolution on the seed corpus: how many entities before and after each step.

Usage: python benchmarks/seed_funnel.py [--sample N] [--seed S] [--no-tagger] [--with-holdout]

Extracts every seed paper (the 80 reserved hold-out abstracts left out unless
``--with-holdout``, which only counts) with the shipped pipeline and prints, as JSON:

* ``records``: per-paper entities;
* ``typed_forms``: distinct (label, mention text) pairs, what a graph without any
  resolution would hold;
* ``typed_names``: distinct (label, name), once acronyms joined their long forms and the
  other within-paper joins ran;
* ``typed_keys``: distinct (label, normalised name): case, plural, hyphen and spacing;
* ``nodes`` (and by label): after cross-paper resolution.

With ``--sample N`` it also prints N random merged surface forms (a node with its forms),
N random nodes and N random nodes that papers name differently, for a hand audit
against the annotation guidelines.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="random merges and nodes to print")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-tagger", action="store_true")
    parser.add_argument(
        "--with-holdout", action="store_true", help="count the reserved abstracts too"
    )
    args = parser.parse_args(argv)
    if args.with_holdout and args.sample:
        parser.error("--sample shows extractions: not of the reserved hold-out abstracts")

    from kg.extractors import make_pipeline

    from kg.extract import extract_papers
    from kg.normalize import entity_key
    from kg.resolve import resolve
    from kg.seeds import seed_papers

    papers = seed_papers(include_holdout=args.with_holdout)
    if not papers:
        print("no seed corpus found (../shared/seeds)", file=sys.stderr)
        return 1
    extractions = list(extract_papers(papers, make_pipeline(tagger=not args.no_tagger)))
    entities = [e for ex in extractions for e in ex.entities]
    resolution = resolve(extractions)
    nodes = resolution.nodes
    figures = {
        "papers": len(papers),
        "records": len(entities),
        "typed_forms": len({(e.label, m.text) for e in entities for m in e.mentions}),
        "typed_names": len({(e.label, e.name) for e in entities}),
        "typed_keys": len({entity_key(e.label, e.name) for e in entities}),
        "nodes": len(nodes),
        "nodes_by_label": dict(Counter(n.label for n in nodes.values()).most_common()),
        "nodes_from_several_papers": sum(len(n.papers) > 1 for n in nodes.values()),
    }
    print(json.dumps(figures, indent=1))
    if args.sample:
        rng = random.Random(args.seed)
        merged = sorted((n.key, form) for n in nodes.values() for form in n.forms if form != n.name)
        print("\n# random merged forms (form -> node): is each form the node's thing?")
        for key, form in rng.sample(merged, min(args.sample, len(merged))):
            print(f"{form!r} -> {nodes[key].name!r} [{nodes[key].label}]")
        print("\n# random nodes: a real entity of the right type?")
        for key in rng.sample(sorted(nodes), min(args.sample, len(nodes))):
            node = nodes[key]
            print(f"{node.name!r} [{node.label}] forms={sorted(node.forms)[:6]}")
        names_in: dict[str, set[str]] = {}
        for ex in extractions:
            for e in ex.entities:
                names_in.setdefault(resolution.mapping[ex.paper.id][e.key], set()).add(e.name)
        joined = sorted(key for key, names in names_in.items() if len(names) > 1)
        print("\n# random cross-paper joins (papers named it differently): one thing?")
        for key in random.Random(args.seed + 1).sample(joined, min(args.sample, len(joined))):
            print(f"{nodes[key].name!r} [{nodes[key].label}] <- {sorted(names_in[key])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
