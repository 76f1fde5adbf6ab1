"""Interactive, self-contained HTML pages of a knowledge graph (vis-network, inlined).

>>> import kg, kg.pages                                             # doctest: +SKIP
>>> kg.pages.render(kg.load("graph.json"), "graph.html")            # doctest: +SKIP
>>> kg.pages.render(kg.load("graph.json"), "rnn.html", focus="RNN") # doctest: +SKIP
"""

from .render import LAYOUT_THRESHOLD, render, render_rows
from .views import DEFAULT_TOP

__all__ = ["DEFAULT_TOP", "LAYOUT_THRESHOLD", "render", "render_rows"]
