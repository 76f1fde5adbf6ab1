"""Pages opened in real headless Chromium: no network, no errors, search, filters, clicks, XSS.

Screenshots go to benchmarks/out/screens/ (gitignored); each test prints its path.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.pages import render, render_rows
from kg.pages.views import whole_view

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENS = Path(__file__).resolve().parents[1] / "benchmarks" / "out" / "screens"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="headless browser tests need /usr/bin/chromium and /usr/bin/chromedriver",
    ),
]


def _small_graph():
    """The hand-built graph of test_pages (imported lazily: tests are not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_tp", Path(__file__).with_name("test_pages.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.small_graph(), module.XSS_IMG, module.XSS_SCRIPT


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    yield drv
    drv.quit()


class Page:
    """One opened page: its requests, console messages and the vis data sets."""

    def __init__(self, driver, path: Path, name: str):
        self.d = driver
        self.name = name
        self.urls: list[str] = []
        driver.get("about:blank")
        driver.get_log("performance")  # drop what the browser did before this page
        driver.get_log("browser")
        driver.get(path.resolve().as_uri())
        deadline = time.monotonic() + 30
        while not driver.execute_script("return window.__kgSettled === true"):
            assert time.monotonic() < deadline, "page did not settle in 30 s"
            time.sleep(0.05)

    def js(self, script: str, *args):
        return self.d.execute_script(script, *args)

    def requested_urls(self) -> list[str]:
        urls = self.urls
        for entry in self.d.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] == "Network.requestWillBeSent":
                urls.append(msg["params"]["request"]["url"])
        return urls

    def assert_clean(self) -> None:
        urls = self.requested_urls()
        assert urls, "no performance log: cannot tell whether the page made requests"
        assert all(u.startswith("file://") for u in urls), urls
        errors = [e for e in self.d.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors

    def counts(self) -> tuple[int, int]:
        return tuple(self.js("return [kg.nodesView.length, kg.edgesView.length]"))

    def details(self) -> str:
        return self.js("return document.getElementById('kg-details').textContent")

    def shot(self) -> Path:
        SCREENS.mkdir(parents=True, exist_ok=True)
        path = SCREENS / f"{self.name}.png"
        self.d.save_screenshot(str(path))
        print(f"screenshot: {path}")
        return path

    def click_node(self, key: str) -> None:
        """A real mouse click on the node's position on the canvas."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By

        x, y = self.js(
            "var p = kg.network.getPositions([arguments[0]])[arguments[0]];"
            "var d = kg.network.canvasToDOM(p); return [d.x, d.y];",
            key,
        )
        canvas = self.d.find_element(By.CSS_SELECTOR, "#kg-network canvas")
        w, h = canvas.size["width"], canvas.size["height"]
        ActionChains(self.d).move_to_element_with_offset(
            canvas, x - w / 2, y - h / 2
        ).click().perform()


def _expected_counts(graph: kg.KnowledgeGraph, nodes: set[str]) -> tuple[int, int]:
    edges = sum(1 for u, v in graph.graph.edges() if u in nodes and v in nodes)
    return len(nodes), edges


def test_seeds_whole_graph_search_filter_click(driver, seeds_graph, tmp_path):
    graph = kg.load(seeds_graph)
    path = render(graph, tmp_path / "whole.html")
    page = Page(driver, path, "seeds-whole")
    page.assert_clean()
    assert page.counts() == _expected_counts(graph, whole_view(graph).nodes)
    page.shot()

    # search by alias selects and focuses the entity, and fills the details panel
    assert page.js("return kg.search('RNNs')") == "model:recurrent neural network"
    assert page.js("return kg.network.getSelectedNodes()") == ["model:recurrent neural network"]
    text = page.details()
    count = graph.entity("RNN")["paper_count"]
    assert "recurrent neural network" in text and f"Papers{count}" in text.replace(" ", "")
    assert "proposed" in text

    # a type filter hides that type (and its edges)
    page.js("kg.setType('Model', false)")
    types = page.js("return kg.nodesView.get().map(n => n.type)")
    assert "Model" not in types and len(types) < 300
    shown = set(page.js("return kg.nodesView.getIds()"))
    assert all(
        e["from"] in shown and e["to"] in shown for e in page.js("return kg.edgesView.get()")
    )
    page.js("kg.setType('Model', true)")
    page.js("kg.setMin(10)")
    assert min(page.js("return kg.nodesView.get().map(n => n.paper_count)")) >= 10
    page.name = "seeds-whole-min10"
    page.shot()
    page.js("kg.setMin(1)")
    assert page.counts()[0] == 300

    # a real click on a node fills the details panel
    page.js("document.getElementById('kg-details').replaceChildren()")
    key = graph.entity("Transformer")["key"]
    page.click_node(key)
    assert page.js("return document.getElementById('kg-details').dataset.id") == key
    assert "Transformer" in page.details()
    page.name = "seeds-whole-clicked"
    page.shot()
    page.assert_clean()


def test_seeds_focus_and_papers_views(driver, seeds_graph, tmp_path):
    from kg.pages.views import focus_view, papers_view

    graph = kg.load(seeds_graph)
    path = render(graph, tmp_path / "rnn.html", focus="recurrent neural network", depth=1)
    page = Page(driver, path, "seeds-focus-rnn")
    page.assert_clean()
    view = focus_view(graph, "recurrent neural network", 1)
    assert page.counts() == _expected_counts(graph, view.nodes)
    assert "recurrent neural network" in page.details()  # the focus is selected on load
    page.shot()

    ids = [p["id"] for p in graph.papers()][:3]
    path = render(graph, tmp_path / "papers.html", papers=ids)
    page = Page(driver, path, "seeds-papers")
    page.assert_clean()
    assert page.counts() == _expected_counts(graph, papers_view(graph, ids).nodes)
    page.shot()


def test_xss_strings_show_as_text(driver, tmp_path):
    graph, xss_img, xss_script = _small_graph()
    path = render(graph, tmp_path / "xss.html", with_papers=True)
    page = Page(driver, path, "xss")
    page.assert_clean()
    assert page.counts() == (7, graph.graph.number_of_edges())
    page.click_node("paper:p1")
    text = page.details()
    assert f"Title {xss_img}" in text and xss_script in text  # title and abstract as text
    page.js("kg.search('evil')")
    assert f"evil {xss_img}" in page.details()
    # hover tooltip is text too
    page.js("kg.network.emit('hoverNode', {node: 'paper:p1', pointer: {DOM: {x: 50, y: 50}}})")
    assert page.js("return document.getElementById('kg-tip').textContent").startswith("Title <img")
    # an edge's details: type, support and evidence sentence
    page.js("kg.showEdge(kg.edges.getIds().find(id => id.includes('COMPARED_WITH')))")
    assert "COMPARED_WITH" in page.details() and "The RNN beats the CNN." in page.details()
    time.sleep(0.2)
    assert page.js("return typeof window.__xss") == "undefined"
    assert page.js("return document.querySelectorAll('img, #kg-details script').length") == 0
    page.shot()
    page.assert_clean()


def test_query_rows_and_python_layout_pages(driver, tmp_path):
    graph, _, _ = _small_graph()
    path = render_rows([{"m": "RNN", "n": 2}, {"m": "CNN", "n": 1}], graph, tmp_path / "q.html")
    page = Page(driver, path, "query-rows")
    page.assert_clean()
    assert page.counts() == (2, 1)
    assert "RNN" in page.js("return document.getElementById('kg-table').textContent")
    page.shot()

    path = render_rows([{"count": "<b>3</b>"}], None, tmp_path / "t.html")
    page = Page(driver, path, "query-table")
    page.assert_clean()
    assert page.js("return document.querySelector('#kg-table td').textContent") == "<b>3</b>"
    page.shot()

    big = nx.MultiDiGraph(graph.graph)
    path = render(big, tmp_path / "layout.html", with_papers=True, layout_threshold=3)
    page = Page(driver, path, "python-layout")
    page.assert_clean()
    assert page.js("return kg.network.physics.options.enabled") is False
    assert page.counts() == (7, graph.graph.number_of_edges())
    page.shot()


def test_chromium_paths_are_checked():
    assert shutil.which(str(CHROMIUM)) and shutil.which(str(CHROMEDRIVER))
