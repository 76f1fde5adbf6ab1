"""Cypher text handling shared by every engine: tokens, parameters, writes, LadybugDB shim.

The library's queries are written once, in the subset of Cypher that LadybugDB, Neo4j 5
and FalkorDB all accept. LadybugDB differs from the other two in three places that a
query author cannot avoid, and :func:`to_ladybug` rewrites them before a query runs on
the embedded engine:

* ``:Entity`` — LadybugDB nodes have one label (their node table), so the entity tables
  ``Dataset``, ``Method``, ``Metric``, ``Model`` and ``Task`` stand for ``Entity``; a
  pattern label ``:Entity`` becomes the disjunction ``:Dataset:Method:Metric:Model:Task``
  (in LadybugDB ``:A:B`` means *A or B*), and ``:Model:Entity`` becomes ``:Model``.
* ``type(r)`` — LadybugDB names the relationship type ``label(r)``.
* list comprehensions ``[x IN list WHERE pred | expr]`` — LadybugDB spells them
  ``list_transform(list_filter(list, x -> pred), x -> expr)``, and ``reduce(acc = init,
  x IN list | expr)`` becomes ``list_reduce([init] + (list), (acc, x) -> expr)``.

Everything here works on a token stream, so string literals, comments and backquoted
names are never rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryError

ENTITY_LABELS = ("Dataset", "Method", "Metric", "Model", "Task")

WRITE_KEYWORDS = frozenset(
    {
        "CREATE",
        "MERGE",
        "SET",
        "DELETE",
        "DETACH",
        "REMOVE",
        "DROP",
        "COPY",
        "ALTER",
        "INSTALL",
        "ATTACH",
        "IMPORT",
        "EXPORT",
        "CHECKPOINT",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "FOREACH",
    }
)

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<quoted>`[^`]*`)
  | (?P<param>\$[A-Za-z_][A-Za-z0-9_]*|\$`[^`]*`|\$[0-9]+)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\.\.|<>|<=|>=|=~|->|<-|\+=|.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One lexical token of a Cypher query."""

    kind: str
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper()


def tokenize(query: str) -> list[Token]:
    """Split a query into tokens (whitespace and comments included, so text round-trips).

    Examples
    --------
    >>> [t.text for t in tokenize("MATCH (n) RETURN 'a;b'") if t.kind != "ws"]
    ['MATCH', '(', 'n', ')', 'RETURN', "'a;b'"]
    """
    tokens = []
    pos = 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if m is None:  # an unterminated string or comment: keep the rest as one token
            tokens.append(Token("string", query[pos:]))
            break
        tokens.append(Token(m.lastgroup or "op", m.group()))
        pos = m.end()
    return tokens


def _code(tokens: list[Token]) -> list[int]:
    """Indexes of the tokens that are not whitespace or comments."""
    return [i for i, t in enumerate(tokens) if t.kind not in ("ws", "comment")]


def parameters(query: str) -> list[str]:
    """Names of the ``$parameters`` a query uses, in order of first use.

    Examples
    --------
    >>> parameters("MATCH (e {key: $key}) WHERE e.name = '$no' RETURN $key, $limit")
    ['key', 'limit']
    """
    seen: dict[str, None] = {}
    for t in tokenize(query):
        if t.kind == "param":
            seen.setdefault(t.text[1:].strip("`"), None)
    return list(seen)


def check_parameters(query: str, params: dict | None) -> None:
    """Raise :class:`QueryError` when a parameter the query uses is not given.

    Examples
    --------
    >>> check_parameters("RETURN $a", {"a": 1})
    >>> check_parameters("RETURN $a, $b", {"a": 1})
    Traceback (most recent call last):
    kg.errors.QueryError: missing parameter $b (give it with --param b=VALUE)
    """
    missing = [p for p in parameters(query) if p not in (params or {})]
    if missing:
        names = ", ".join(f"${p}" for p in missing)
        hint = " ".join(f"--param {p}=VALUE" for p in missing)
        plural = "s" if len(missing) > 1 else ""
        raise QueryError(f"missing parameter{plural} {names} (give it with {hint})")


def write_clause(query: str) -> str | None:
    """The first clause keyword that would modify a graph, or ``None`` for a read query.

    Examples
    --------
    >>> write_clause("MATCH (n) RETURN n.name AS create")
    >>> write_clause("match (n) detach delete n")
    'DETACH'
    """
    tokens = tokenize(query)
    code = _code(tokens)
    for pos, i in enumerate(code):
        t = tokens[i]
        if t.kind != "word" or t.upper not in WRITE_KEYWORDS:
            continue
        prev = tokens[code[pos - 1]].text if pos else ""
        nxt = tokens[code[pos + 1]].text if pos + 1 < len(code) else ""
        if prev in (".", ":") or prev.upper() == "AS":
            continue  # a property, label or alias named like a keyword
        if prev == "{" or nxt == ":":
            continue  # a map key
        return t.upper
    return None


# --------------------------------------------------------------------------- LadybugDB


def _matching(tokens: list[Token], code: list[int], start: int) -> int:
    """Position in ``code`` of the bracket closing the one at ``code[start]``."""
    depth = 0
    for pos in range(start, len(code)):
        text = tokens[code[pos]].text
        if text in "([{" and tokens[code[pos]].kind == "op":
            depth += 1
        elif text in ")]}" and tokens[code[pos]].kind == "op":
            depth -= 1
            if depth == 0:
                return pos
    raise QueryError("unbalanced brackets in query")


def _rewrite_labels(tokens: list[Token], entity_labels: tuple[str, ...]) -> list[Token]:
    """``:Entity`` -> label disjunction; ``type(`` -> ``label(``."""
    out = list(tokens)
    code = _code(out)
    pos = 0
    while pos < len(code):
        t = out[code[pos]]
        if t.kind == "word" and t.text == "type" and pos + 1 < len(code):
            before = out[code[pos - 1]].text if pos else ""
            if out[code[pos + 1]].text == "(" and before not in (".", ":"):
                out[code[pos]] = Token("word", "label")
        if t.text == ":" and pos + 1 < len(code):
            # collect a label chain  :A:B:C  (only inside node patterns it matters)
            chain = []
            p = pos
            while (
                p + 1 < len(code) and out[code[p]].text == ":" and out[code[p + 1]].kind == "word"
            ):
                chain.append(p + 1)
                p += 2
            names = [out[code[c]].text for c in chain]
            if "Entity" in names:
                others = [n for n in names if n != "Entity"]
                labels = others or list(entity_labels)
                first = code[chain[0]]
                last = code[chain[-1]]
                replacement = ":".join(labels)
                out[first : last + 1] = [Token("word", replacement)]
                code = _code(out)
                pos += 2
                continue
            pos = p if p > pos else pos + 1
            continue
        pos += 1
    return out


def _rewrite_comprehensions(tokens: list[Token]) -> list[Token]:
    """``[x IN l WHERE p | e]`` -> ``list_transform(list_filter(l, x -> p), x -> e)``."""
    code = _code(tokens)
    for pos, i in enumerate(code):
        if tokens[i].text != "[" or pos + 2 >= len(code):
            continue
        var, kw = tokens[code[pos + 1]], tokens[code[pos + 2]]
        if var.kind not in ("word", "quoted") or kw.upper != "IN":
            continue
        end = _matching(tokens, code, pos)
        depth = 0
        where_at = bar_at = None
        for p in range(pos + 3, end):
            tok = tokens[code[p]]
            if tok.kind == "op" and tok.text in "([{":
                depth += 1
            elif tok.kind == "op" and tok.text in ")]}":
                depth -= 1
            elif depth == 0 and tok.upper == "WHERE" and where_at is None and bar_at is None:
                where_at = p
            elif depth == 0 and tok.text == "|" and bar_at is None:
                bar_at = p

        def text(a: int, b: int) -> str:
            if a >= b:
                return ""
            inner = _rewrite_comprehensions(tokens[code[a] : code[b - 1] + 1])
            return "".join(t.text for t in inner).strip()

        list_end = where_at if where_at is not None else (bar_at if bar_at is not None else end)
        expr = text(pos + 3, list_end)
        if where_at is not None:
            pred = text(where_at + 1, bar_at if bar_at is not None else end)
            expr = f"list_filter({expr}, {var.text} -> {pred})"
        if bar_at is not None:
            expr = f"list_transform({expr}, {var.text} -> {text(bar_at + 1, end)})"
        rest = _rewrite_comprehensions(tokens[code[end] + 1 :])
        return [*tokens[:i], Token("word", expr), *rest]
    return tokens


def _rewrite_reduce(tokens: list[Token]) -> list[Token]:
    """``reduce(acc = init, x IN l | e)`` -> ``list_reduce([init] + (l), (acc, x) -> e)``."""
    code = _code(tokens)
    for pos, i in enumerate(code):
        t = tokens[i]
        if t.kind != "word" or t.text.lower() != "reduce" or pos + 1 >= len(code):
            continue
        if tokens[code[pos + 1]].text != "(" or (pos and tokens[code[pos - 1]].text == "."):
            continue
        end = _matching(tokens, code, pos + 1)
        parts = {"=": None, ",": None, "IN": None, "|": None}
        depth = 0
        for p in range(pos + 2, end):
            tok = tokens[code[p]]
            if tok.kind == "op" and tok.text in "([{":
                depth += 1
            elif tok.kind == "op" and tok.text in ")]}":
                depth -= 1
            elif depth == 0:
                key = tok.upper if tok.kind == "word" else tok.text
                if key in parts and parts[key] is None:
                    parts[key] = p
        if None in parts.values():
            continue

        def text(a: int, b: int) -> str:
            inner = _rewrite_reduce(tokens[code[a] : code[b - 1] + 1])
            return "".join(x.text for x in inner).strip()

        acc = text(pos + 2, parts["="])
        init = text(parts["="] + 1, parts[","])
        var = text(parts[","] + 1, parts["IN"])
        source = text(parts["IN"] + 1, parts["|"])
        body = text(parts["|"] + 1, end)
        expr = f"list_reduce([{init}] + ({source}), ({acc}, {var}) -> {body})"
        rest = _rewrite_reduce(tokens[code[end] + 1 :])
        return [*tokens[:i], Token("word", expr), *rest]
    return tokens


def to_ladybug(query: str, entity_labels: tuple[str, ...] = ENTITY_LABELS) -> str:
    """Rewrite portable Cypher into the LadybugDB dialect (see the module docstring).

    Examples
    --------
    >>> to_ladybug("MATCH (e:Entity)<-[r]-(:Paper) RETURN type(r), e.label")
    'MATCH (e:Dataset:Method:Metric:Model:Task)<-[r]-(:Paper) RETURN label(r), e.label'
    >>> to_ladybug("MATCH (m:Model:Entity) RETURN [x IN m.aliases WHERE x <> '' | toLower(x)]")
    "MATCH (m:Model) RETURN list_transform(list_filter(m.aliases, x -> x <> ''), x -> toLower(x))"
    >>> to_ladybug("RETURN reduce(s = '', k IN ['a', 'b'] | s + k) AS joined")
    "RETURN list_reduce([''] + (['a', 'b']), (s, k) -> s + k) AS joined"
    """
    tokens = _rewrite_labels(tokenize(query), entity_labels)
    tokens = _rewrite_comprehensions(tokens)
    tokens = _rewrite_reduce(tokens)
    return "".join(t.text for t in tokens)
