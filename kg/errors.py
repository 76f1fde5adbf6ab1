"""One exception hierarchy for the whole project.

Every error a user can cause derives from :class:`KGError`; the CLI turns it into a
one-line message and a non-zero exit status.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error this project raises on purpose."""


class InputError(KGError):
    """Unusable input, located by file and (when known) line.

    Examples
    --------
    >>> str(InputError("not valid JSON", path="a.jsonl", line=3))
    'a.jsonl:3: not valid JSON'
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.reason = message
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")


class GraphFileError(KGError):
    """A graph file that cannot be read or written."""


class QueryError(KGError):
    """A Cypher query that cannot run: bad syntax, unknown name, missing parameter."""


class ConnectionFailed(KGError):
    """A graph server that cannot be reached or refuses the credentials."""


class ModelError(KGError):
    """A trained extraction model that is missing or cannot be loaded."""
