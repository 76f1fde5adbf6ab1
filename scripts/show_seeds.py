"""Print seed papers for annotation: ``python scripts/show_seeds.py START END``.

Reads ``../shared/seeds`` at run time; prints id, split, title and abstract of papers
START..END-1 in annotation order. The reserved hold-out is never shown.
"""

import sys

from kg.seeds import annotation_order, seed_papers, split_of


def main() -> None:
    start, end = int(sys.argv[1]), int(sys.argv[2])
    papers = annotation_order(seed_papers())
    for i, p in enumerate(papers[start:end], start=start):
        print(f"### [{i}] id={p.id} split={split_of(p.id)}")
        print(f"TITLE: {p.title}")
        print(f"ABSTRACT: {p.abstract}")
        print()


if __name__ == "__main__":
    main()
