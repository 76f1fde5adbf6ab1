"""The networkx store: one graph, one node-link JSON file.

Format (documented in the README): a JSON object ``{"format", "directed", "multigraph",
"graph", "nodes", "edges"}`` as networkx's node-link layout with ``key`` as the node
identifier (``id`` is a paper property), one node or edge a line, nodes sorted by
``key``, edges by ``(source, target, key)``, object keys sorted. The same
graph therefore always gives the same bytes. Writes go to a temporary file in the same
directory that replaces the target only when complete, so an interrupted write leaves the
previous graph intact.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx

from .errors import GraphFileError

FORMAT = "kg-node-link/1"


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def graph_chunks(graph: nx.MultiDiGraph) -> Iterator[str]:
    """The canonical node-link JSON text of a graph, a node or edge at a time (so that a
    large graph is never held twice in memory as text)."""
    head = {"format": FORMAT, "directed": True, "multigraph": True, "graph": dict(graph.graph)}
    yield _dump(head)[:-1] + ',"nodes":['
    for n, node in enumerate(sorted(graph.nodes)):
        yield ("\n" if n == 0 else ",\n") + _dump(dict(graph.nodes[node], key=node))
    yield '\n],"edges":['
    edges = sorted(graph.edges(keys=True))
    for n, (u, v, k) in enumerate(edges):
        yield ("\n" if n == 0 else ",\n") + _dump(
            dict(graph.edges[u, v, k], source=u, target=v, key=k)
        )
    yield "\n]}\n"


def graph_to_text(graph: nx.MultiDiGraph) -> str:
    """Serialise a graph to the canonical node-link JSON text."""
    return "".join(graph_chunks(graph))


def graph_from_data(data: dict, path: str = "<graph>") -> nx.MultiDiGraph:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GraphFileError(f"{path}: not a kg graph file (expected format {FORMAT!r})")
    graph = nx.MultiDiGraph()
    graph.graph.update(data.get("graph", {}))
    for node in data["nodes"]:
        attrs = dict(node)
        graph.add_node(attrs["key"], **attrs)
    for edge in data["edges"]:
        attrs = dict(edge)
        graph.add_edge(attrs.pop("source"), attrs.pop("target"), key=attrs.pop("key"), **attrs)
    return graph


def load_graph(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph file written by :func:`save_graph`.

    Examples
    --------
    >>> import tempfile, os, networkx as nx
    >>> g = nx.MultiDiGraph(); g.add_edge("a", "b", key="USES", support=1)
    'USES'
    >>> nx.set_node_attributes(g, {"a": "a", "b": "b"}, "key")
    >>> p = os.path.join(tempfile.mkdtemp(), "g.json"); save_graph(g, p)
    >>> sorted(load_graph(p).edges(keys=True, data=True))
    [('a', 'b', 'USES', {'support': 1})]
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such graph file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphFileError(f"{path}: cannot read graph file ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GraphFileError(
            f"{path}:{exc.lineno}: graph file is not valid JSON ({exc.msg})"
        ) from None
    try:
        return graph_from_data(data, str(path))
    except (KeyError, TypeError) as exc:
        raise GraphFileError(f"{path}: graph file is damaged ({exc})") from None


def atomic_write_text(path: str | Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (a string or its pieces) to ``path`` so that readers see the old or
    the new file, never half of one."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                fh.writelines(text)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; keep usual modes
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def save_graph(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write a graph atomically in the canonical format."""
    try:
        atomic_write_text(path, graph_chunks(graph))
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot write graph file ({exc.strerror or exc})") from None
