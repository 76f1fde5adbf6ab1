"""Benchmark of kg.pages: page size, render time and time to a settled layout in Chromium.

Run from the project root::

    python benchmarks/bench_pages.py            # seeds graph (needs ../shared) + synthetic 10k

Renders the seeds graph (whole, and focused on "recurrent neural network") and a
synthetic graph of 10,000 nodes, opens each page in headless Chromium and reports the
time from navigation start to ``window.__kgSettledAt`` (set by the page once physics has
stabilised and been switched off, or at the first drawing when positions came from
Python). Pages and screenshots go to benchmarks/out/.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import kg
from kg.graph import KnowledgeGraph
from kg.pages import render

OUT = Path(__file__).resolve().parent / "out"


def synthetic_graph(n_papers: int, n_entities: int, seed: int = 0) -> KnowledgeGraph:
    """The project's synthetic graph (papers mentioning Zipf-distributed entities)."""
    from kg.synthetic_graph import synthetic_graph as generate

    return KnowledgeGraph(generate(n_papers, n_entities, seed))


def make_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,900",
                f"--user-data-dir={tempfile.mkdtemp(prefix='kg-bench-')}"):  # fmt: skip
        opts.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def settle_ms(driver, path: Path, shot: Path, timeout: float = 300) -> float:
    driver.get("about:blank")
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while not driver.execute_script("return window.__kgSettled === true"):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path} did not settle in {timeout} s")
        time.sleep(0.05)
    driver.save_screenshot(str(shot))
    return float(driver.execute_script("return window.__kgSettledAt"))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    cases = []
    from kg.seeds import shared_dir

    shared = shared_dir()
    if shared is not None:
        seeds = OUT / "seeds.json"
        kg.build(sorted(str(p) for p in (shared / "seeds").glob("*.txt")), seeds, rebuild=True)
        g = kg.load(seeds)
        cases.append(("seeds-whole", g, {}))
        cases.append(("seeds-whole-all", g, {"top": 0, "with_papers": True}))
        cases.append(("seeds-focus-rnn", g, {"focus": "recurrent neural network"}))
        cases.append(("seeds-focus-rnn-d2", g, {"focus": "recurrent neural network", "depth": 2}))
    else:
        print("../shared is absent: seeds cases skipped", file=sys.stderr)
    t = time.perf_counter()
    synth = synthetic_graph(5000, 12000, seed=1)
    print(f"synthetic graph: {len(synth):,} nodes, {synth.graph.number_of_edges():,} edges "
          f"({time.perf_counter() - t:.1f} s to build)")  # fmt: skip
    cases.append(("synthetic-10k", synth, {"top": 0, "with_papers": True}))

    driver = make_driver()
    try:
        print(f"{'case':<22}{'nodes':>8}{'edges':>8}{'bytes':>12}{'render s':>10}{'settle ms':>11}")
        for name, graph, kwargs in cases:
            page = OUT / f"{name}.html"
            t = time.perf_counter()
            render(graph, page, **kwargs)
            render_s = time.perf_counter() - t
            ms = settle_ms(driver, page, OUT / f"{name}.png")
            n, e = driver.execute_script("return [kg.nodesView.length, kg.edgesView.length]")
            size = page.stat().st_size
            print(f"{name:<22}{n:>8,}{e:>8,}{size:>12,}{render_s:>10.2f}{ms:>11.0f}")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
