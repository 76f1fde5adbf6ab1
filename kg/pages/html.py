"""Assemble one self-contained HTML file: template, CSS, vis-network and data, all inline."""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import KGError

_ASSETS = resources.files("kg.pages") / "assets"
#: vis-network shipped inside the pyvis package (no CDN)
VIS_JS = ("lib", "vis-9.1.2", "vis-network.min.js")
_SOURCE_MAP = re.compile(r"^\s*//[#@]\s*sourceMappingURL=.*$", re.MULTILINE)
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


@cache
def vis_network_js() -> str:
    """The vis-network bundle from the pyvis package, without its source-map comment."""
    try:
        import pyvis
    except ImportError as exc:  # pragma: no cover - pyvis is a dependency
        raise KGError(f"pyvis is needed to draw pages ({exc})") from None
    path = Path(pyvis.__file__).parent.joinpath(*VIS_JS)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KGError(f"cannot read vis-network from pyvis ({path}: {exc})") from None
    text = _SOURCE_MAP.sub("", text)
    if re.search(r"</script", text, re.IGNORECASE):
        raise KGError(f"{path}: cannot be inlined (contains '</script')")
    return text


def script_json(data: object) -> str:
    """JSON safe inside ``<script type="application/json">``: ``< > &`` and U+2028/9 escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def page_html(payload: dict, config: dict) -> str:
    """The complete page for a payload (see :mod:`kg.pages.payload`)."""
    parts = {
        "__KG_TITLE__": html.escape(str(payload.get("title", "Knowledge graph"))),
        "__KG_CSS__": _asset("page.css"),
        "__KG_DATA__": script_json(payload),
        "__KG_CONFIG__": script_json(config),
        "__KG_VIS__": vis_network_js(),
        "__KG_JS__": _asset("page.js"),
    }
    pattern = re.compile("|".join(re.escape(k) for k in parts))
    return pattern.sub(lambda m: parts[m.group()], _asset("page.html"))
