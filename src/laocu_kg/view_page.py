"""The offline HTML page of a view: node and edge data, a layout for large graphs, the page itself.

vis-network's JS and CSS (shipped inside the pyvis package) and the page's own script and style
(``data/view/``) are inlined, so nothing is fetched from a CDN. Data reaches the page only as JSON in
``<script type="application/json">`` blocks (``<``, ``>``, ``&`` escaped) and the script puts every text
into the page with ``textContent``; the few texts in the static markup are HTML-escaped.
"""

from __future__ import annotations

import html
import json
import math
import os
import random
import re
import tempfile
from collections import deque
from collections.abc import Hashable, Iterable
from importlib import resources
from pathlib import Path

import networkx as nx

from laocu_kg.model import LaocuError
from laocu_kg.views import KINDS, RELATIONS

__all__ = ["FIXED_LAYOUT_ABOVE", "positions", "render_html"]

FIXED_LAYOUT_ABOVE = 500  # larger graphs get positions from Python and no physics in the page
_STABILIZATION_ITERATIONS = 150
_MAX_TOOLTIP_LINES = 6
_MAX_PANEL_EVIDENCE = 40
_PIXELS_PER_UNIT = 55.0

# ------------------------------------------------------------------------------------------------
# layout for large graphs (pure Python: no numpy needed)
# ------------------------------------------------------------------------------------------------


def _pack(parts: list[dict[Hashable, tuple[float, float]]], gap: float) -> dict[Hashable, tuple[float, float]]:
    """Component layouts side by side in rows (largest first), the rows about as wide as the whole is tall."""
    boxes = []
    for pos in parts:
        xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
        boxes.append((max(xs) - min(xs) + gap, max(ys) - min(ys) + gap, min(xs), min(ys), pos))
    boxes.sort(key=lambda b: -b[0] * b[1])
    row_width = max(math.sqrt(sum(w * h for w, h, *_ in boxes)) * 1.3, max(w for w, *_ in boxes))
    out: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for w, h, x0, y0, pos in boxes:
        if x + w > row_width and x > 0:
            x, y, row_height = 0.0, y + row_height, 0.0
        out.update({v: (x + px - x0, y + py - y0) for v, (px, py) in pos.items()})
        x, row_height = x + w, max(row_height, h)
    return out


def _radial(adj: dict[Hashable, list[Hashable]]) -> list[dict[Hashable, tuple[float, float]]]:
    """Each component as a radial BFS tree around its best-connected node."""
    rank = {v: (-len(ws), str(v)) for v, ws in adj.items()}
    seen: set[Hashable] = set()
    parts: list[dict[Hashable, tuple[float, float]]] = []
    for root in sorted(adj, key=rank.__getitem__):
        if root in seen:
            continue
        seen.add(root)
        order, depth, children = [root], {root: 0}, {root: []}
        queue = deque([root])
        while queue:
            u = queue.popleft()
            for w in sorted(adj[u], key=rank.__getitem__):
                if w not in seen:
                    seen.add(w)
                    depth[w], children[w] = depth[u] + 1, []
                    children[u].append(w)
                    order.append(w)
                    queue.append(w)
        leaves: dict[Hashable, int] = {}
        for v in reversed(order):
            leaves[v] = max(1, sum(leaves[c] for c in children[v]))
        per_ring: dict[int, int] = {}
        for v in order:
            per_ring[depth[v]] = per_ring.get(depth[v], 0) + 1
        radius = [0.0]
        for d in range(1, len(per_ring)):
            radius.append(max(radius[-1] + 2.0, per_ring[d] / (2 * math.pi)))
        wedge = {root: (0.0, 2 * math.pi)}
        pos = {root: (0.0, 0.0)}
        for v in order:
            a0, a1 = wedge[v]
            for c in children[v]:
                w = (a1 - a0) * leaves[c] / leaves[v]
                wedge[c] = (a0, a0 + w)
                r = radius[depth[c]]
                pos[c] = (r * math.cos(a0 + w / 2), r * math.sin(a0 + w / 2))
                a0 += w
        parts.append(pos)
    return parts


def positions(nxg: nx.Graph, iterations: int = 40, seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """Node → (x, y) in pixels: a radial start refined by Fruchterman–Reingold, deterministic for a seed.

    Repulsion is limited to nearby grid cells (and sampled in crowded ones), so a 2,000-node graph
    takes under a second in pure Python; the components are then packed side by side.
    """
    adj: dict[Hashable, list[Hashable]] = {v: [] for v in nxg.nodes}
    for u, v in nxg.edges():
        if u != v and v not in adj[u]:
            adj[u].append(v)
            adj[v].append(u)
    if not adj:
        return {}
    parts = _radial(adj)
    start = _pack(parts, 2.0)
    nodes = sorted(adj, key=str)
    idx = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    xs, ys = [start[v][0] for v in nodes], [start[v][1] for v in nodes]
    f = math.sqrt(4 * n / (((max(xs) - min(xs)) or 1.0) * ((max(ys) - min(ys)) or 1.0)))
    xs, ys = [x * f for x in xs], [y * f for y in ys]
    pairs = sorted({(min(idx[u], idx[v]), max(idx[u], idx[v])) for u in adj for v in adj[u]})
    rng = random.Random(seed)
    cell, cap, temp = 2.0, 24, math.sqrt(n) / 4
    for _ in range(iterations):
        dx, dy = [0.0] * n, [0.0] * n
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(n):
            grid.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)
        for (gx, gy), members in grid.items():
            near = [j for ox in (-1, 0, 1) for oy in (-1, 0, 1) for j in grid.get((gx + ox, gy + oy), ())]
            weight = 1.0
            if len(near) > cap:
                weight, near = len(near) / cap, rng.sample(near, cap)
            for i in members:
                xi, yi, fx, fy = xs[i], ys[i], 0.0, 0.0
                for j in near:
                    ddx, ddy = xi - xs[j], yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if 0 < d2 < cell * cell:
                        fx, fy = fx + ddx / d2, fy + ddy / d2
                    elif d2 == 0 and j != i:
                        fx, fy = fx + rng.uniform(-1, 1), fy + rng.uniform(-1, 1)
                dx[i], dy[i] = fx * weight, fy * weight
        for i, j in pairs:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            d = math.sqrt(ddx * ddx + ddy * ddy)
            dx[i], dy[i], dx[j], dy[j] = dx[i] - ddx * d, dy[i] - ddy * d, dx[j] + ddx * d, dy[j] + ddy * d
        for i in range(n):
            gx, gy = dx[i], dy[i]
            d = math.sqrt(gx * gx + gy * gy)
            if d > temp:
                gx, gy = gx * temp / d, gy * temp / d
            xs[i], ys[i] = xs[i] + gx, ys[i] + gy
        temp = max(temp * 0.9, 0.05)
    s = _PIXELS_PER_UNIT
    done = _pack([{v: (xs[idx[v]] * s, ys[idx[v]] * s) for v in part} for part in parts], 1.5 * s)
    return {v: (round(x, 1), round(y, 1)) for v, (x, y) in done.items()}


# ------------------------------------------------------------------------------------------------
# escaping and writing
# ------------------------------------------------------------------------------------------------


def _vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS as shipped inside the pyvis package."""
    lib = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    return lib.joinpath("vis-network.min.js").read_text(encoding="utf-8"), lib.joinpath(
        "vis-network.css"
    ).read_text(encoding="utf-8")


def _own_assets() -> tuple[str, str]:
    """The page's script and style (package data in ``laocu_kg/data/view``)."""
    folder = resources.files("laocu_kg").joinpath("data", "view")
    return folder.joinpath("page.js").read_text(encoding="utf-8"), folder.joinpath("page.css").read_text(
        encoding="utf-8"
    )


def _script_safe(text: str) -> str:
    """Text that cannot end the <script>/<style> element it is inlined into.

    Only ``</script``/``</style`` (and ``<!--``) matter to the HTML parser; a blanket ``</`` → ``<\\/``
    would corrupt vis-network's code (it has the regex literal ``/</``).
    """
    text = re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.IGNORECASE)
    return text.replace("<!--", "<\\!--")


def _json_for_script(obj: object) -> str:
    """JSON to embed in <script>: no <, >, & or line separators appear raw."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; give the page the mode a plain open() would
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ------------------------------------------------------------------------------------------------
# nodes, edges, options
# ------------------------------------------------------------------------------------------------

_SECTION_NAMES = {  # kind → headings of the posts and events lists in the side panel
    "person": ("职务", "活动"),
    "organization": ("成员", "活动"),
    "event": ("", "参加者"),
}


def _sections(data: dict) -> list[list]:
    """The side panel's lists: [[heading, [line, …]], …]; details not in posts or events go last."""
    kind = data.get("kind", "")
    posts, events = list(data.get("posts") or []), list(data.get("events") or [])
    shown = set(posts) | {p + x for x in posts + events for p in ("成员: ", "活动: ", "参加: ")}
    rest = [d for d in data.get("details") or [] if d not in shown]
    names = _SECTION_NAMES.get(kind, ("职务", "活动"))
    out = [[name, lines] for name, lines in zip(names, (posts, events), strict=True) if lines]
    if rest:
        out.append(["信息", rest])
    return out


def _tooltip(data: dict) -> str:
    """Plain-text hover text (vis-network puts a string title in with innerText)."""
    kind = data.get("kind", "")
    lines = [f"{data.get('label', '')}（{KINDS.get(kind, (kind,))[0]}）"]
    if data.get("pinyin"):
        lines.append(f"拼音: {data['pinyin'][0]}")
    if data.get("aliases"):
        lines.append("别名: " + "、".join(data["aliases"]))
    details = list(data.get("details") or [])
    lines.extend(details[:_MAX_TOOLTIP_LINES])
    if len(details) > _MAX_TOOLTIP_LINES:
        lines.append(f"… 另有 {len(details) - _MAX_TOOLTIP_LINES} 项")
    lines.append("（点击查看详情与证据）")
    return "\n".join(lines)


def _nodes_and_edges(nxg: nx.MultiDiGraph, xy: dict) -> tuple[list[dict], list[dict]]:
    focus = set(nxg.graph.get("focus", []))
    nodes = []
    for n, data in sorted(nxg.nodes(data=True), key=lambda nd: str(nd[0])):
        kind = data.get("kind", "")
        _, colour, shape, _ = KINDS.get(kind, ("", "#999999", "dot", "●"))
        search = [data.get("label", ""), *(data.get("aliases") or []), *(data.get("pinyin") or [])]
        evidence = [list(e) for e in data.get("evidence") or []]
        node = {
            "id": str(n),
            "label": str(data.get("label", n)),
            "kind": kind,
            "shape": shape,
            "color": colour,
            "size": round(min(10 + 5 * math.sqrt(nxg.degree(n)), 45), 1),
            "title": _tooltip(data),
            "search": [str(s) for s in search if s],
            "borderWidth": 4 if n in focus else 1,
            "info": {
                "aliases": list(data.get("aliases") or []),
                "pinyin": list(data.get("pinyin") or [])[:3],
                "sections": _sections(data),
                "evidence": evidence[:_MAX_PANEL_EVIDENCE],
                "more": max(0, len(evidence) - _MAX_PANEL_EVIDENCE),
            },
        }
        if n in xy:
            node["x"], node["y"] = xy[n]
        nodes.append(node)
    edges = []
    ordered = sorted(nxg.edges(data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2].get("label", ""))))
    for i, (u, v, data) in enumerate(ordered):
        label = str(data.get("label", ""))
        relation = str(data.get("relation", ""))
        edges.append({"id": f"e{i}", "from": str(u), "to": str(v), "label": label, "title": label, "relation": relation})
    return nodes, edges


def _options(fixed: bool, n: int) -> dict:
    font = '"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","PingFang SC","Microsoft YaHei",sans-serif'
    options: dict = {
        "nodes": {"font": {"size": 14, "face": font}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 10, "face": font, "align": "middle", "color": "#555"},
            "color": {"color": "#aaaaaa", "highlight": "#333333"},
            "smooth": False if fixed else {"type": "continuous"},
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": _STABILIZATION_ITERATIONS, "updateInterval": 25},
        },
        "layout": {"improvedLayout": n <= 150, "randomSeed": 7},  # same page, same picture
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    }
    if fixed:
        options["physics"] = {"enabled": False}
        options["interaction"].update(hideEdgesOnDrag=True, hideEdgesOnZoom=True)
    return options


def _limit(nxg: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, int]:
    """The graph cut to its ``max_nodes`` best-connected nodes (focus nodes always kept)."""
    total = nxg.number_of_nodes()
    if max_nodes < 1:
        raise LaocuError(f"max_nodes must be 1 or more, not {max_nodes}")
    if total <= max_nodes:
        return nxg, total
    focus = [n for n in nxg.graph.get("focus", []) if n in nxg]
    ranked = sorted(nxg.nodes, key=lambda n: (-nxg.degree(n), str(nxg.nodes[n].get("label", "")), str(n)))
    sub = nxg.subgraph(list(dict.fromkeys([*focus, *ranked]))[:max_nodes]).copy()
    return sub, total


# ------------------------------------------------------------------------------------------------
# the page
# ------------------------------------------------------------------------------------------------


def _checkboxes(attr: str, items: Iterable[tuple[str, str, str]]) -> str:
    """Filter checkboxes, all ticked: (value, glyph markup already escaped, plain name) each."""
    return "".join(
        f'<label class="lk-item" data-{attr}="{_e(value)}"><input type="checkbox" checked data-{attr}="{_e(value)}">'
        f"{glyph} {_e(name)}</label>"
        for value, glyph, name in items
    )


def _page(title: str, nodes: list, edges: list, options: dict, focus: list, notice: str) -> str:
    vis_js, vis_css = _vis_assets()
    js, css = _own_assets()
    by_kind = {k: sum(1 for n in nodes if n["kind"] == k) for k in KINDS}
    legend = _checkboxes(
        "kind",
        (
            (kind, f'<span class="lk-glyph" style="color:{_e(colour)}">{_e(glyph)}</span>', f"{name} {by_kind[kind]}")
            for kind, (name, colour, _shape, glyph) in KINDS.items()
        ),
    )
    by_relation: dict[str, int] = {}
    for e in edges:
        by_relation[e["relation"]] = by_relation.get(e["relation"], 0) + 1
    order = [r for r in RELATIONS if r in by_relation] + sorted(r for r in by_relation if r not in RELATIONS)
    relations = _checkboxes(
        "relation", ((r, '<span class="lk-glyph">—</span>', f"{RELATIONS.get(r, r)} {by_relation[r]}") for r in order)
    )
    notice_html = f'<span id="lk-notice">{_e(notice)}</span>' if notice else ""
    counts = f"{len(nodes)} 个节点 · {len(edges)} 条边"
    meta = {"kinds": {k: v[0] for k, v in KINDS.items()}}
    blocks = "\n".join(
        f'<script type="application/json" id="{name}">{_json_for_script(value)}</script>'
        for name, value in (("lk-nodes", nodes), ("lk-edges", edges), ("lk-options", options), ("lk-focus", focus), ("lk-meta", meta))
    )
    return f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{_script_safe(vis_css)}</style>
<style>{_script_safe(css)}</style>
<script>{_script_safe(vis_js)}</script>
</head>
<body>
<div id="lk-bar">
<h1>{_e(title)}</h1>
<div id="lk-search"><input id="lk-q" type="search" placeholder="搜索 名称 / 别名 / 拼音" autocomplete="off">
<div id="lk-hits"></div></div>
<span id="lk-counts">{_e(counts)}</span>
{notice_html}
</div>
<div id="lk-filters">
<div id="lk-legend"><b>节点</b> {legend}</div>
<div id="lk-relations"><b>关系</b> {relations}</div>
</div>
<div id="lk-main">
<div id="mynetwork"></div>
<aside id="lk-panel" hidden><button type="button" id="lk-close" title="关闭">×</button><div id="lk-panel-body"></div></aside>
</div>
{blocks}
<script>{_script_safe(js)}</script>
</body>
</html>
"""


def render_html(
    nxg: nx.MultiDiGraph, path: str | os.PathLike, title: str = "laocu-kg", max_nodes: int = 2000
) -> dict:
    """Write an offline HTML page of the graph; the counts shown: {"nodes": n, "edges": m}.

    Graphs over ``max_nodes`` nodes are cut to the best-connected ``max_nodes`` (the page says so).
    Graphs over ``FIXED_LAYOUT_ABOVE`` nodes get positions from :func:`positions` and no physics, so the
    page is drawn at once; smaller ones settle with bounded physics (≤ 150 iterations), then freeze.
    """
    shown, total = _limit(nxg, max_nodes)
    fixed = shown.number_of_nodes() > FIXED_LAYOUT_ABOVE
    nodes, edges = _nodes_and_edges(shown, positions(shown) if fixed else {})
    notice = ""
    if total > shown.number_of_nodes():
        notice = f"图中共有 {total} 个节点，仅显示连接最多的 {shown.number_of_nodes()} 个（可用 --focus、--types 或 --since 缩小范围）。"
    elif total == 0:
        notice = "图中没有可显示的节点。"
    focus = [str(n) for n in shown.graph.get("focus", []) if n in shown]
    _write_atomic(Path(path), _page(title, nodes, edges, _options(fixed, len(nodes)), focus, notice))
    return {"nodes": len(nodes), "edges": len(edges)}
