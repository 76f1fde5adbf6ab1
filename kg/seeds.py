"""The seed corpus in ``../shared``: locating it, the reserved hold-out and the gold splits.

Nothing from the seeds is stored in the repository; these helpers read them at run time.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .models import Paper
from .normalize import clean_text
from .readers import read_papers

SPLITS = ("train", "dev", "test")


def shared_dir() -> Path | None:
    """``../shared`` beside the project (or ``$KG_SHARED``), if present."""
    env = os.environ.get("KG_SHARED")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve()
    candidates += [p / "shared" for p in here.parents] + [Path.cwd().parent / "shared"]
    for cand in candidates:
        if (cand / "seeds").is_dir():
            return cand
    return None


def seed_files(shared: Path | None = None) -> list[Path]:
    shared = shared or shared_dir()
    return sorted((shared / "seeds").glob("*.txt")) if shared else []


def holdout_prefixes(shared: Path | None = None) -> set[str]:
    """First 80 characters of each reserved abstract."""
    shared = shared or shared_dir()
    path = shared / "data" / "seed-holdout.txt" if shared else None
    if path is None or not path.exists():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {clean_text(x)[:80].rstrip() for x in lines if x.strip() and not x.startswith("#")}


def is_holdout(paper: Paper, prefixes: set[str]) -> bool:
    # the reserved list was written with trailing spaces stripped
    return clean_text(paper.abstract)[:80].rstrip() in prefixes


def seed_papers(shared: Path | None = None, *, include_holdout: bool = False) -> list[Paper]:
    """Distinct seed papers; the reserved hold-out is left out unless asked for."""
    shared = shared or shared_dir()
    papers = read_papers(seed_files(shared)) if shared else []
    if include_holdout:
        return papers
    prefixes = holdout_prefixes(shared)
    return [p for p in papers if not is_holdout(p, prefixes)]


def split_of(paper_id: str) -> str:
    """Deterministic train/dev/test split of an annotated paper (60/15/25)."""
    bucket = int(hashlib.sha1(paper_id.encode()).hexdigest()[:8], 16) % 20
    return "train" if bucket < 12 else "dev" if bucket < 15 else "test"


def annotation_order(papers: list[Paper]) -> list[Paper]:
    """The order in which seed papers are handed out for annotation (by hashed id)."""
    return sorted(papers, key=lambda p: hashlib.sha1(p.id.encode()).hexdigest())
