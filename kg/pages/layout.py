"""Node positions computed in Python, for graphs too large for in-browser physics.

networkx's ``spring_layout`` needs scipy for large graphs (not a dependency here) and
its dense fallback is quadratic in memory, so large components use a Fruchterman-Reingold
layout whose repulsion is computed on a grid with FFT convolution (a particle-mesh
method, O(n + G² log G) per iteration). Small components use ``spring_layout``.
Components are laid out separately and packed in rows, largest first; isolated nodes
fill a block at the end. Everything is seeded, so the same graph gives the same page.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

#: components up to this size use networkx's spring_layout
SMALL_COMPONENT = 200


def _pm_layout(
    n: int, edges: np.ndarray, seed: int, iterations: int = 120, grid: int = 128
) -> np.ndarray:
    """Fruchterman-Reingold positions in roughly the unit square, repulsion on a grid."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = 1.0 / math.sqrt(n)
    size = 2 * grid  # zero-padded so the convolution does not wrap around
    d = np.fft.fftfreq(size) * size  # signed offsets in cells
    dx, dy = np.meshgrid(d, d, indexing="ij")
    temperature = 0.1
    for it in range(iterations):
        lo = pos.min(axis=0)
        span = float((pos.max(axis=0) - lo).max()) + 1e-9
        h = span / (grid - 1)  # cell size
        cell = np.clip(np.rint((pos - lo) / h).astype(np.int64), 0, grid - 1)
        rho = np.bincount(cell[:, 0] * size + cell[:, 1], minlength=size * size)
        rho = rho.reshape(size, size).astype(float)
        r2 = (dx * dx + dy * dy) * h * h + (0.5 * h) ** 2
        kx, ky = dx * h / r2, dy * h / r2
        kx[0, 0] = ky[0, 0] = 0.0
        frho = np.fft.rfft2(rho)
        fx = np.fft.irfft2(frho * np.fft.rfft2(kx), s=rho.shape)
        fy = np.fft.irfft2(frho * np.fft.rfft2(ky), s=rho.shape)
        disp = k * k * np.stack([fx[cell[:, 0], cell[:, 1]], fy[cell[:, 0], cell[:, 1]]], 1)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.sqrt((delta**2).sum(1)) + 1e-9
            pull = delta * (dist / k)[:, None]
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
        disp -= (pos - pos.mean(axis=0)) * (0.05 * k * math.sqrt(n))  # weak gravity
        length = np.sqrt((disp**2).sum(1)) + 1e-9
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature = 0.1 * (1 - (it + 1) / iterations) + 1e-4
    return pos


def _component_layout(g: nx.Graph, nodes: list[str], seed: int) -> np.ndarray:
    if len(nodes) == 1:
        return np.zeros((1, 2))
    if len(nodes) <= SMALL_COMPONENT:
        sub = g.subgraph(nodes)
        pos = nx.spring_layout(sub, seed=seed)
        return np.array([pos[v] for v in nodes])
    index = {v: i for i, v in enumerate(nodes)}
    edges = np.array(
        [(index[u], index[v]) for u, v in g.subgraph(nodes).edges() if u != v], dtype=np.int64
    ).reshape(-1, 2)
    return _pm_layout(len(nodes), edges, seed)


def python_layout(keys: list[str], edges: list[tuple[str, str]], seed: int = 7) -> dict:
    """Pixel positions ``{key: (x, y)}`` for vis-network, components packed in rows."""
    g = nx.Graph()
    g.add_nodes_from(keys)
    g.add_edges_from((u, v) for u, v in edges if u != v)
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    spacing = 45.0  # pixels per node-width
    boxes = []
    singles = [c[0] for c in comps if len(c) == 1]
    for comp in comps:
        if len(comp) == 1:
            continue
        pos = _component_layout(g, comp, seed)
        pos = pos - pos.min(axis=0)
        side = spacing * math.sqrt(len(comp)) * 1.6
        pos = pos / (float(pos.max()) or 1.0) * side
        boxes.append((comp, pos, side))
    if singles:
        cols = max(1, math.ceil(math.sqrt(len(singles))))
        pos = np.array([(i % cols, i // cols) for i in range(len(singles))], float) * spacing
        boxes.append((singles, pos, float(pos.max()) if len(singles) > 1 else 0.0))
    total = sum((side + spacing) ** 2 for _, _, side in boxes)
    width = max(math.sqrt(total) * 1.3, max((s for _, _, s in boxes), default=0))
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for nodes, pos, side in boxes:
        if x > 0 and x + side > width:
            x, y, row_h = 0.0, y + row_h + 2 * spacing, 0.0
        for key, (px, py) in zip(nodes, pos, strict=True):
            out[key] = (round(float(px + x), 1), round(float(py + y), 1))
        x += side + 2 * spacing
        row_h = max(row_h, side)
    cx = (max(p[0] for p in out.values()) + min(p[0] for p in out.values())) / 2 if out else 0
    cy = (max(p[1] for p in out.values()) + min(p[1] for p in out.values())) / 2 if out else 0
    return {k: (round(px - cx, 1), round(py - cy, 1)) for k, (px, py) in out.items()}
