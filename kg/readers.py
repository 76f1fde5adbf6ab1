"""Readers: turn abstract files into :class:`~kg.models.Paper` records.

Formats are recognised by content (``format="auto"``) and can be forced:

* ``text`` - web scrapes in one of three layouts (``layout``): ``lines`` (one abstract a
  line), ``pairs`` (a title line, then an abstract line), ``blocks`` (title, blank line,
  abstract); ``auto`` handles all three and their page boilerplate.
* ``jsonl`` - one JSON object a line with arXiv-metadata field names.
* ``csv`` - a header with ``title`` and ``abstract`` columns.

A directory is read file by file (sorted); ``-`` reads standard input. Problems that
affect one record are logged as warnings naming file and line and the record is skipped;
problems that make a named input unusable raise :class:`~kg.errors.InputError`.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .models import Paper, Source
from .normalize import clean_text, paper_id, text_fingerprint

log = logging.getLogger("kg.readers")

FORMATS = ("auto", "text", "jsonl", "csv")
LAYOUTS = ("auto", "lines", "pairs", "blocks")
MAX_RECORD_CHARS = 100_000
TITLE_MAX_CHARS = 300
READABLE_SUFFIXES = {".txt", ".text", ".jsonl", ".ndjson", ".json", ".csv", ".tsv", ""}

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_BOILERPLATE = re.compile(
    r"^(?:new|subscribe|daily papers|byak and the research community|"
    r"get trending papers in your email inbox(?: once a day)?!?|"
    rf"{_MONTH} \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} {_MONTH}(?: \d{{4}})?)$",
    re.IGNORECASE,
)
_GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=[A-Z0-9\"'(\[])")
_ENGLISH = frozenset(
    "the of and a an to in is are we for that with on this by as be from our it which "
    "can these their or not at has have than such its using based show".split()
)


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    text: str


def is_boilerplate(line: str) -> bool:
    """True for the page furniture of the scraped listings (banners, dates).

    Examples
    --------
    >>> [is_boilerplate(s) for s in ["Subscribe", "Oct 9", "Daily Papers", "Pointer Networks"]]
    [True, True, True, False]
    """
    return bool(_BOILERPLATE.match(line.strip()))


def strip_glued_boilerplate(line: str) -> str:
    """Remove a "Subscribe" banner glued to the start of a title.

    Examples
    --------
    >>> strip_glued_boilerplate("SubscribeBeam Tree Recursive Cells")
    'Beam Tree Recursive Cells'
    """
    return _GLUED_SUBSCRIBE.sub("", line)


def looks_like_title(line: str) -> bool:
    """A short line with at most one sentence end reads as a title, not an abstract."""
    if len(line) > TITLE_MAX_CHARS:
        return False
    if line.endswith(".") and len(line.split()) >= 12:  # titles rarely end in a full stop
        return False
    sentence_ends = len(re.findall(r"[.!?](?:\s|$)", line.rstrip(".!? ")))
    return sentence_ends <= 1


def looks_english(text: str) -> bool:
    """Cheap language check on function words; short texts always pass.

    Examples
    --------
    >>> looks_english("We propose a model for the translation of text.")
    True
    >>> looks_english("Este texto cuenta de forma breve como se entrena una red con muchos "
    ...               "datos y por que cambian los resultados cuando hay pocos ejemplos")
    False
    """
    words = re.findall(r"[a-zA-Z]+", text.lower())
    if len(words) < 15:
        return True
    hits = sum(w in _ENGLISH for w in words)
    return hits / len(words) >= 0.08


# --------------------------------------------------------------------------- text layouts


def content_lines(text: str) -> list[Line]:
    """Numbered lines with boilerplate removed; blank lines kept (as empty text)."""
    out = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = strip_glued_boilerplate(raw.strip())
        out.append(Line(number, "" if is_boilerplate(line) else line))
    return out


def detect_layout(lines: list[Line]) -> str:
    """Guess which of the three scrape layouts a file uses.

    Examples
    --------
    >>> detect_layout(content_lines("T\\n\\nFirst. Second. Third.\\n\\nU\\n\\nA. B. C."))
    'blocks'
    """
    filled = [ln for ln in lines if ln.text]
    if not filled:
        return "lines"
    if not any(looks_like_title(ln.text) for ln in filled):
        return "lines"
    numbers = [ln.number for ln in filled]
    gaps = [b - a for a, b in zip(numbers, numbers[1:], strict=False)]
    if gaps and sum(g > 1 for g in gaps) > len(gaps) / 2:
        return "blocks"
    return "pairs"


def parse_text(text: str, path: str, layout: str = "auto") -> Iterator[tuple[int, dict]]:
    """Yield ``(line number, record)`` for each abstract in a scraped text file."""
    lines = content_lines(text)
    if layout == "auto":
        layout = detect_layout(lines)
    filled = [ln for ln in lines if ln.text]
    if layout == "lines":
        for ln in filled:
            yield ln.number, {"title": "", "abstract": ln.text}
        return
    # pairs and blocks both alternate title / abstract once blank lines are dropped; a line
    # that cannot be a title starts a title-less record instead of shifting every pair
    i = 0
    while i < len(filled):
        ln = filled[i]
        nxt = filled[i + 1] if i + 1 < len(filled) else None
        # a title-length line right before a much longer one is that record's title, even
        # when it reads like a sentence
        short = len(ln.text) <= TITLE_MAX_CHARS
        titled = looks_like_title(ln.text) or (
            nxt is not None and short and len(nxt.text) >= 2 * len(ln.text)
        )
        if titled and nxt is not None and not looks_like_title(nxt.text):
            yield ln.number, {"title": ln.text, "abstract": nxt.text}
            i += 2
        elif looks_like_title(ln.text) and nxt is not None and layout != "lines":
            # two short lines: a title followed by a short abstract
            yield ln.number, {"title": ln.text, "abstract": nxt.text}
            i += 2
        elif looks_like_title(ln.text):
            log.warning("%s:%d: title without an abstract, skipped", path, ln.number)
            i += 1
        else:
            yield ln.number, {"title": "", "abstract": ln.text}
            i += 1


# --------------------------------------------------------------------------- jsonl and csv


def parse_jsonl(text: str, path: str) -> Iterator[tuple[int, dict]]:
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            log.warning("%s:%d: not valid JSON (%s), skipped", path, number, exc.msg)
            continue
        if not isinstance(obj, dict):
            log.warning("%s:%d: expected a JSON object, skipped", path, number)
            continue
        yield number, obj


def parse_csv(text: str, path: str) -> Iterator[tuple[int, dict]]:
    csv.field_size_limit(sys.maxsize)
    dialect = "excel-tab" if "\t" in text.split("\n", 1)[0] else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    fields = {(name or "").strip().lower(): name for name in (reader.fieldnames or [])}
    if "abstract" not in fields:
        raise InputError(
            f"CSV header has no 'abstract' column (columns: {', '.join(fields) or 'none'})",
            path=path,
            line=1,
        )
    for row in reader:
        yield reader.line_num, {k: row.get(v) for k, v in fields.items()}


# --------------------------------------------------------------------------- records


def _as_list(value: object, sep: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [clean_text(str(v)) for v in value if str(v).strip()]
    parts = re.split(sep, str(value))
    return [clean_text(p) for p in parts if p.strip()]


def _year(record: dict) -> int | None:
    for key in ("year", "update_date", "published", "date"):
        value = record.get(key)
        if value is None:
            continue
        match = re.search(r"(19|20)\d\d", str(value))
        if match:
            return int(match.group(0))
    return None


def to_paper(record: dict, path: str, line: int) -> Paper | None:
    """Validate one raw record; None (with a warning) when it cannot be a paper."""
    title = record.get("title") or ""
    abstract = record.get("abstract") or ""
    if not isinstance(title, str) or not isinstance(abstract, str):
        log.warning("%s:%d: title and abstract must be strings, skipped", path, line)
        return None
    title, abstract = clean_text(title), clean_text(abstract)
    if not abstract and not title:
        log.warning("%s:%d: no title and no abstract, skipped", path, line)
        return None
    if len(title) + len(abstract) > MAX_RECORD_CHARS:
        log.warning(
            "%s:%d: record of %d characters is longer than the %d allowed, skipped",
            path,
            line,
            len(title) + len(abstract),
            MAX_RECORD_CHARS,
        )
        return None
    if not looks_english(abstract):
        log.warning("%s:%d: abstract does not look like English, skipped", path, line)
        return None
    given = record.get("id")
    pid = clean_text(str(given)) if given not in (None, "") else paper_id(title, abstract)
    return Paper(
        id=pid,
        title=title,
        abstract=abstract,
        authors=_as_list(record.get("authors"), r",\s*|\s+and\s+"),
        categories=_as_list(record.get("categories"), r"[\s,;]+"),
        year=_year(record),
        sources=[Source(path=path, line=line)],
    )


# --------------------------------------------------------------------------- files


def decode(data: bytes, path: str) -> str:
    """Bytes to text; binary data raises, undecodable lines are dropped with a warning."""
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not text", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    kept = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            kept.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            log.warning(
                "%s:%d: bytes that are not UTF-8 (%s), line skipped", path, number, exc.reason
            )
            kept.append("")
    return "\n".join(kept)


def detect_format(text: str, path: str) -> str:
    """jsonl, csv or text, from the file name and its first line."""
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".tsv"):
        return "csv"
    first = next((ln for ln in text.split("\n") if ln.strip()), "").strip()
    if first.startswith("{"):
        return "jsonl"
    header = [c.strip().strip('"').lower() for c in re.split(r"[,\t]", first)]
    if "abstract" in header and len(header) >= 2:
        return "csv"
    return "text"


def read_text_source(
    text: str, path: str, *, format: str = "auto", layout: str = "auto"
) -> Iterator[Paper]:
    """Papers from the text of one input (already decoded)."""
    fmt = detect_format(text, path) if format == "auto" else format
    if fmt == "jsonl":
        records = parse_jsonl(text, path)
    elif fmt == "csv":
        records = parse_csv(text, path)
    elif fmt == "text":
        records = parse_text(text, path, layout)
    else:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})", path=path)
    count = 0
    for line, record in records:
        paper = to_paper(record, path, line)
        if paper is not None:
            count += 1
            yield paper
    if count == 0:
        log.warning("%s: no papers found", path)


def expand_inputs(inputs: Iterable[str | Path]) -> list[tuple[str, bool]]:
    """Input names to ``(path, named)`` pairs; directories expand to their files."""
    out: list[tuple[str, bool]] = []
    for item in inputs:
        name = str(item)
        if name == "-":
            out.append((name, True))
            continue
        p = Path(name)
        if p.is_dir():
            files = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and not f.name.startswith(".")
                and f.suffix.lower() in READABLE_SUFFIXES
            )
            if not files:
                log.warning("%s: directory holds no readable files", name)
            out.extend((str(f), False) for f in files)
        elif p.is_file():
            out.append((name, True))
        elif p.exists():
            raise InputError("not a regular file or directory", path=name)
        else:
            raise InputError("no such file or directory", path=name)
    return out


def iter_papers(
    inputs: Iterable[str | Path], *, format: str = "auto", layout: str = "auto"
) -> Iterator[Paper]:
    """Every record of every input, duplicates included, in input order."""
    if format not in FORMATS:
        raise InputError(f"unknown format {format!r} (choose from {', '.join(FORMATS)})")
    if layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
    for path, named in expand_inputs(inputs):
        try:
            if path == "-":
                data = sys.stdin.buffer.read()
                path = "<stdin>"
            else:
                data = Path(path).read_bytes()
            text = decode(data, path)
            yield from read_text_source(text, path, format=format, layout=layout)
        except InputError:
            if named:
                raise
            log.warning("%s: unreadable, skipped", path, exc_info=False)
        except OSError as exc:
            raise InputError(exc.strerror or str(exc), path=path) from exc


def read_papers(
    inputs: Iterable[str | Path], *, format: str = "auto", layout: str = "auto"
) -> list[Paper]:
    """Distinct papers from all inputs, in first-seen order, with every source recorded.

    Two records are one paper when they share an id or the same abstract (compared by
    words, ignoring case and punctuation); the first title found is kept.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> p, q = os.path.join(d, "a.txt"), os.path.join(d, "b.txt")
    >>> _ = open(p, "w").write("First sentence here. And a second one. A third.\\n")
    >>> _ = open(q, "w").write("A Title\\nFirst sentence here. And a second one. A third.\\n")
    >>> [(x.title, len(x.sources)) for x in read_papers([p, q])]
    [('A Title', 2)]
    """
    by_id: dict[str, Paper] = {}
    by_text: dict[str, str] = {}
    for paper in iter_papers(inputs, format=format, layout=layout):
        fingerprint = text_fingerprint(paper.abstract or paper.title)
        known = by_id.get(paper.id) or by_id.get(by_text.get(fingerprint, ""))
        if known is None:
            by_id[paper.id] = paper
            by_text.setdefault(fingerprint, paper.id)
            continue
        for src in paper.sources:
            if src not in known.sources:
                known.sources.append(src)
        if not known.title and paper.title:
            known.title = paper.title
        for attr in ("authors", "categories"):
            if not getattr(known, attr):
                setattr(known, attr, getattr(paper, attr))
        known.year = known.year or paper.year
    return list(by_id.values())
