"""Build throughput and peak memory: the seeds and a synthetic corpus.

Usage: python benchmarks/bench_build.py [--synthetic N] [--no-tagger]

Prints papers/s, words/s and peak resident memory for each corpus. Extraction and
assembly are timed separately; each corpus runs in a fresh process so peak memory is its
own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_one(inputs: list[str], tagger: bool) -> dict:
    from kg.extractors import make_pipeline

    import kg
    from kg.assemble import assemble
    from kg.extract import extract_papers
    from kg.store import save_graph

    t0 = time.perf_counter()
    papers = kg.read_papers(inputs)
    t1 = time.perf_counter()
    nlp = make_pipeline(tagger=tagger)
    t2 = time.perf_counter()
    exs = list(extract_papers(papers, nlp))
    t3 = time.perf_counter()
    graph = assemble(exs)
    with tempfile.TemporaryDirectory() as d:
        save_graph(graph, Path(d) / "g.json")
        size = (Path(d) / "g.json").stat().st_size
    t4 = time.perf_counter()
    words = sum(len(p.title.split()) + len(p.abstract.split()) for p in papers)
    return {
        "papers": len(papers),
        "words": words,
        "pipeline": nlp.pipe_names,
        "read_s": round(t1 - t0, 2),
        "load_pipeline_s": round(t2 - t1, 2),
        "extract_s": round(t3 - t2, 2),
        "assemble_save_s": round(t4 - t3, 2),
        "extract_papers_per_s": round(len(papers) / (t3 - t2), 1),
        "extract_words_per_s": round(words / (t3 - t2)),
        "end_to_end_papers_per_s": round(len(papers) / (t4 - t0), 1),
        "end_to_end_words_per_s": round(words / (t4 - t0)),
        "graph_nodes": graph.number_of_nodes(),
        "graph_edges": graph.number_of_edges(),
        "graph_file_mb": round(size / 1e6, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=int, default=100_000)
    parser.add_argument("--no-tagger", action="store_true")
    parser.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(run_one(args.child, tagger=not args.no_tagger)))
        return
    from kg.seeds import seed_files
    from kg.synthetic import write_jsonl

    print(
        f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}; one process, "
        "one core used for extraction"
    )
    corpora = []
    seeds = [str(p) for p in seed_files()]
    if seeds:
        corpora.append(("seeds", seeds))
    else:
        print("seeds: ../shared/seeds not found, skipped")
    tmp = tempfile.mkdtemp()
    synth = os.path.join(tmp, "synthetic.jsonl")
    write_jsonl(synth, args.synthetic, seed=1)
    corpora.append((f"synthetic-{args.synthetic}", [synth]))
    for name, inputs in corpora:
        cmd = [sys.executable, __file__, "--child", *inputs]
        if args.no_tagger:
            cmd.insert(2, "--no-tagger")
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"{name}: {r['papers']} papers, {r['words']} words, pipeline {'+'.join(r['pipeline'])}"
        )
        print(
            f"  extraction: {r['extract_papers_per_s']} papers/s, "
            f"{r['extract_words_per_s']} words/s "
            f"({r['extract_s']} s)"
        )
        print(
            f"  end to end (read+extract+assemble+save): {r['end_to_end_papers_per_s']} papers/s, "
            f"{r['end_to_end_words_per_s']} words/s"
        )
        print(
            f"  graph: {r['graph_nodes']} nodes, {r['graph_edges']} edges, "
            f"{r['graph_file_mb']} MB; "
            f"peak RSS {r['peak_rss_mb']} MB"
        )


if __name__ == "__main__":
    main()
