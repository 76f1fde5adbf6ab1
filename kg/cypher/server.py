"""Cypher servers behind one thin interface: Neo4j (Bolt driver) and FalkorDB (native).

Every connection has ``run(query, params) -> list[dict]`` and ``close()``, plus the two
schema statements the writer needs, which is where the dialects differ:

==============  ================================================  ==========================
step            Neo4j 5                                           FalkorDB
==============  ================================================  ==========================
unique key      ``CREATE CONSTRAINT ... REQUIRE n.key IS UNIQUE``  range index on ``key``,
                                                                  then ``GRAPH.CONSTRAINT
                                                                  CREATE ... UNIQUE``
name index      ``CREATE INDEX ... IF NOT EXISTS``                 ``CREATE INDEX`` (an
                                                                  existing one is fine)
==============  ================================================  ==========================

Examples
--------
>>> conn = connect(falkordb="redis://127.0.0.1:6379/kg")          # doctest: +SKIP
>>> conn.run("MATCH (m:Model) RETURN m.name AS name LIMIT $n", {"n": 3})  # doctest: +SKIP
[{'name': 'BERT'}, ...]
"""

from __future__ import annotations

import os
import re
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlparse

from ..errors import ConnectionFailed, QueryError
from .dialect import check_parameters
from .values import plain_rows


@runtime_checkable
class CypherConnection(Protocol):
    """What the CLI, the writer and the query library need from a Cypher store."""

    engine: str

    def run(self, query: str, params: dict | None = None) -> list[dict]:
        """Run one statement; rows as plain dicts in column order."""

    def close(self) -> None:
        """Release the connection."""


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# --------------------------------------------------------------------------- Neo4j


class Neo4jConnection:
    """Neo4j over the official driver (``driver.execute_query``, retried on transient errors).

    ``uri``, ``user``, ``password`` and ``database`` default to ``NEO4J_URI``,
    ``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``. ``driver`` may be given
    directly (tests pass a recording fake).
    """

    engine = "neo4j"

    def __init__(
        self,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        *,
        driver: Any = None,
        verify: bool = True,
    ) -> None:
        self.uri = uri or os.environ.get("NEO4J_URI") or "bolt://127.0.0.1:7687"
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        if driver is None:
            import neo4j

            user = user or os.environ.get("NEO4J_USER") or "neo4j"
            password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
            auth = (user, password) if password is not None else None
            try:
                driver = neo4j.GraphDatabase.driver(self.uri, auth=auth)
                if verify:
                    driver.verify_connectivity()
            except Exception as exc:  # the driver raises many types for one cause
                if driver is not None:
                    driver.close()
                raise ConnectionFailed(
                    f"cannot connect to Neo4j at {self.uri}: {_one_line(exc)}"
                ) from None
        self.driver = driver

    def run(self, query: str, params: dict | None = None) -> list[dict]:
        """Run one statement in a managed (retried) transaction."""
        params = dict(params or {})
        check_parameters(query, params)
        from neo4j import exceptions as nx_exc

        try:
            records, _summary, keys = self.driver.execute_query(
                query, parameters_=params, database_=self.database
            )
        except nx_exc.ServiceUnavailable as exc:
            raise ConnectionFailed(f"Neo4j at {self.uri} unavailable: {_one_line(exc)}") from None
        except nx_exc.AuthError as exc:
            raise ConnectionFailed(f"Neo4j at {self.uri} refused: {_one_line(exc)}") from None
        except nx_exc.Neo4jError as exc:
            raise QueryError(_one_line(exc.message or exc)) from None
        return plain_rows(list(keys), (record.values() for record in records))

    def create_schema(self, labels: list[str], name_labels: list[str]) -> list[str]:
        """Uniqueness constraints on ``key`` and indexes on ``name``; the statements run."""
        statements = []
        for label in labels:
            statements.append(
                f"CREATE CONSTRAINT kg_{label.lower()}_key IF NOT EXISTS "
                f"FOR (n:`{label}`) REQUIRE n.key IS UNIQUE"
            )
        for label in name_labels:
            statements.append(
                f"CREATE INDEX kg_{label.lower()}_name IF NOT EXISTS FOR (n:`{label}`) ON (n.name)"
            )
        for statement in statements:
            self.run(statement)
        return statements

    def close(self) -> None:
        self.driver.close()


# --------------------------------------------------------------------------- FalkorDB


def parse_falkordb_url(url: str) -> dict:
    """Host, port, password and graph name from ``redis://[:password@]host:port/graph``.

    Examples
    --------
    >>> parse_falkordb_url("redis://127.0.0.1:6380/papers")
    {'host': '127.0.0.1', 'port': 6380, 'password': None, 'username': None, 'graph': 'papers'}
    >>> parse_falkordb_url("localhost")["graph"]
    'kg'
    """
    if "://" not in url:
        url = "redis://" + url
    parts = urlparse(url)
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 6379,
        "password": parts.password,
        "username": parts.username or None,
        "graph": parts.path.strip("/") or "kg",
    }


_FALKOR_MSG = re.compile(r"errMsg:\s*(.*?)\s*(?:errCtx:.*)?$", re.DOTALL)


class FalkorDBConnection:
    """FalkorDB over its native (Redis) protocol with the ``falkordb`` client."""

    engine = "falkordb"

    def __init__(self, url: str = "redis://127.0.0.1:6379/kg") -> None:
        from falkordb import FalkorDB

        opts = parse_falkordb_url(url)
        self.url = url
        self.graph_name = opts["graph"]
        try:
            self.db = FalkorDB(
                host=opts["host"],
                port=opts["port"],
                password=opts["password"],
                username=opts["username"],
                socket_connect_timeout=5,
            )
            self.db.connection.ping()
        except Exception as exc:
            raise ConnectionFailed(
                f"cannot connect to FalkorDB at {opts['host']}:{opts['port']}: {_one_line(exc)}"
            ) from None
        self.graph = self.db.select_graph(self.graph_name)

    def run(self, query: str, params: dict | None = None) -> list[dict]:
        params = dict(params or {})
        check_parameters(query, params)
        import redis

        try:
            result = self.graph.query(query, params or None)
        except redis.exceptions.ConnectionError as exc:
            raise ConnectionFailed(
                f"FalkorDB at {self.url} unavailable: {_one_line(exc)}"
            ) from None
        except redis.exceptions.ResponseError as exc:
            text = str(exc)
            m = _FALKOR_MSG.search(text)
            raise QueryError(_one_line(m.group(1) if m else text)) from None
        columns = [h[1] if isinstance(h, list | tuple) else h for h in result.header]
        return plain_rows(columns, result.result_set)

    def _quiet(self, query: str) -> None:
        try:
            self.run(query)
        except QueryError as exc:
            if "already indexed" not in str(exc):
                raise

    def create_schema(self, labels: list[str], name_labels: list[str]) -> list[str]:
        """Indexes on ``key`` and ``name``, and unique constraints on ``key``."""
        import redis

        statements = []
        for label in labels:
            statement = f"CREATE INDEX FOR (n:`{label}`) ON (n.key)"
            self._quiet(statement)
            statements.append(statement)
        for label in name_labels:
            statement = f"CREATE INDEX FOR (n:`{label}`) ON (n.name)"
            self._quiet(statement)
            statements.append(statement)
        for label in labels:
            args = ["CREATE", self.graph_name, "UNIQUE", "NODE", label, "PROPERTIES", "1", "key"]
            try:
                self.db.connection.execute_command("GRAPH.CONSTRAINT", *args)
            except redis.exceptions.ResponseError as exc:
                if "already exists" not in str(exc).lower():
                    raise QueryError(_one_line(exc)) from None
            statements.append("GRAPH.CONSTRAINT " + " ".join(args))
        return statements

    def close(self) -> None:
        try:
            self.db.connection.close()
        except Exception:  # closing a dead connection is not worth an error
            pass


# --------------------------------------------------------------------------- factory


def connect(
    *,
    neo4j: str | None = None,
    falkordb: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> CypherConnection:
    """A connection to the one server named (``neo4j`` URI or ``falkordb`` URL)."""
    if neo4j and falkordb:
        raise QueryError("give either a Neo4j URI or a FalkorDB URL, not both")
    if falkordb:
        return FalkorDBConnection(falkordb)
    neo4j = neo4j or os.environ.get("NEO4J_URI")
    if neo4j:
        return Neo4jConnection(neo4j, user, password, database)
    raise QueryError("no server given (use --neo4j URI, NEO4J_URI or --falkordb URL)")
