"""The HTML network view: the RDF graph as a networkx graph, an ego subgraph, and an offline pyvis page.

``to_networkx`` keeps one node per person, organization, place, event and creative work (node id = the
IRI string) and turns posts, participations, jurisdictions, locations … into labelled edges.
``render_html`` writes a self-contained page: vis-network's JS and CSS (shipped inside the pyvis package)
are inlined, nothing is fetched from a CDN, and every text that reaches HTML is escaped.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from laocu_kg.model import LaocuError
from laocu_kg.vocab import FOAF, LK, ORG, PROV, RDF, RDFS, SCHEMA, SKOS

__all__ = ["KINDS", "ego", "render_html", "to_networkx", "view"]

# kind → (legend name, colour, vis-network shape, legend glyph)
KINDS: dict[str, tuple[str, str, str, str]] = {
    "person": ("人物", "#e15759", "dot", "●"),
    "organization": ("组织", "#4e79a7", "square", "■"),
    "place": ("地点", "#59a14f", "triangle", "▲"),
    "event": ("活动", "#f28e2b", "diamond", "◆"),
    "work": ("作品", "#b07aa1", "star", "★"),
}

_ORG_CLASSES = (
    ORG.Organization,
    ORG.FormalOrganization,
    ORG.OrganizationalUnit,
    LK.LaocuAssociation,
    LK.PartyCommittee,
    LK.PartyDepartment,
    LK.PeoplesGovernment,
    LK.GovernmentDepartment,
    LK.PeoplesCongress,
    LK.PoliticalConsultativeConference,
    LK.MediaOrganization,
    LK.University,
    LK.Enterprise,
    LK.MilitaryOrganization,
    LK.SocialOrganization,
)
_EVENT_CLASSES = (
    SCHEMA.Event,
    LK.Meeting,
    LK.SurveyVisit,
    LK.Exhibition,
    LK.FoundingCongress,
    LK.Election,
    LK.Training,
    LK.Ceremony,
)
_PLACE_CLASSES = (SCHEMA.Place, LK.AdministrativeDivision, LK.Site)
# first match wins when a resource has several types
_KIND_CLASSES: tuple[tuple[str, tuple[URIRef, ...]], ...] = (
    ("person", (FOAF.Person,)),
    ("organization", _ORG_CLASSES),
    ("event", _EVENT_CLASSES),
    ("place", _PLACE_CLASSES),
    ("work", (SCHEMA.CreativeWork,)),
)

# common surnames whose reading differs from the character's ordinary reading
_SURNAME_READINGS = {
    "曾": ("zēng", "zeng"),
    "单": ("shàn", "shan"),
    "解": ("xiè", "xie"),
    "仇": ("qiú", "qiu"),
    "朴": ("piáo", "piao"),
    "查": ("zhā", "zha"),
    "区": ("ōu", "ou"),
    "盖": ("gě", "ge"),
    "乐": ("yuè", "yue"),
    "华": ("huà", "hua"),
    "任": ("rén", "ren"),
    "覃": ("qín", "qin"),
    "缪": ("miào", "miao"),
    "翟": ("zhái", "zhai"),
    "尉": ("yù", "yu"),
    "召": ("shào", "shao"),
    "員": ("yùn", "yun"),
    "员": ("yùn", "yun"),
}

_MAX_TOOLTIP_DETAILS = 25
_MAX_TOOLTIP_EVIDENCE = 6
_STABILIZATION_ITERATIONS = 150


# ------------------------------------------------------------------------------------------------
# RDF → networkx
# ------------------------------------------------------------------------------------------------


def _nid(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _lang_rank(lit: Literal) -> tuple[int, str]:
    lang = (lit.language or "").lower()
    return (0 if lang.startswith("zh") else 1 if not lang else 2, str(lit))


def _texts(g: Graph, s: Node, p: URIRef) -> list[str]:
    lits = [o for o in g.objects(s, p) if isinstance(o, Literal)]
    out: list[str] = []
    for lit in sorted(lits, key=_lang_rank):
        t = str(lit).strip()
        if t and t not in out:
            out.append(t)
    return out


def _label(g: Graph, s: Node) -> str:
    for p in (RDFS.label, SKOS.prefLabel, SCHEMA.name, FOAF.name, SCHEMA.headline):
        texts = _texts(g, s, p)
        if texts:
            return texts[0]
    text = str(s)
    for sep in ("#", "/"):
        if sep in text.rstrip(sep):
            text = text.rstrip(sep).rsplit(sep, 1)[1]
    return text


def _text(g: Graph, s: Node, p: URIRef) -> str:
    texts = _texts(g, s, p)
    return texts[0] if texts else ""


def _kind_of(types: set[Node]) -> str | None:
    for kind, classes in _KIND_CLASSES:
        if any(c in types for c in classes):
            return kind
    return None


@cache
def _compound_surnames() -> frozenset[str]:
    try:
        from laocu_kg.extract.lexicon import load_lexicon

        return load_lexicon().compound_surnames
    except Exception:  # the view must not fail on a broken data file
        return frozenset({"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐"})


def _pinyin(text: str, person: bool) -> list[str]:
    """Readings for search: tone-marked, plain spaced, plain joined, surname+initials (persons), initials."""
    from pypinyin import Style, lazy_pinyin

    tone = lazy_pinyin(text, style=Style.TONE)
    plain = lazy_pinyin(text, style=Style.NORMAL)
    pairs = [(t, p) for t, p in zip(tone, plain, strict=False) if any(ch.isalnum() for ch in p)]
    if not pairs or all(t == p and not p.isascii() for t, p in pairs):
        return []
    n_surname = 0
    if person:
        n_surname = 2 if text[:2] in _compound_surnames() else 1
        if n_surname == 1 and text[:1] in _SURNAME_READINGS and pairs[0][1] != text[:1]:
            pairs[0] = _SURNAME_READINGS[text[:1]]
    tones = [t.lower() for t, _ in pairs]
    plains = [p.lower() for _, p in pairs]
    out = [" ".join(tones), " ".join(plains), "".join(plains)]
    if person and len(plains) > n_surname:
        out.append("".join(plains[:n_surname]) + "".join(p[0] for p in plains[n_surname:]))
    if len(plains) > 1:
        out.append("".join(p[0] for p in plains))
    return list(dict.fromkeys(out))


def _date_text(g: Graph, event: Node) -> str:
    start = _text(g, event, SCHEMA.startDate) or _text(g, event, LK.startMonthDay)
    end = _text(g, event, SCHEMA.endDate) or _text(g, event, LK.endMonthDay)
    if start and end and end != start:
        return f"{start} 至 {end}"
    return start or end


def _evidence_of(g: Graph, holders: Iterable[Node]) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, int, str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for holder in holders:
        for ev in g.objects(holder, LK.evidence):
            quote = _text(g, ev, LK.quote)
            if not quote:
                continue
            report = g.value(ev, PROV.wasQuotedFrom) or g.value(holder, PROV.wasDerivedFrom)
            headline = date = ""
            if report is not None:
                headline = _text(g, report, SCHEMA.headline) or _text(g, report, RDFS.label)
                date = _text(g, report, SCHEMA.datePublished)
            key = (quote, headline, date)
            if key in seen:
                continue
            seen.add(key)
            offset = g.value(ev, LK.startOffset)
            try:
                off = int(offset) if offset is not None else 0
            except (TypeError, ValueError):
                off = 0
            rows.append((date, headline, off, quote, str(ev)))
    rows.sort()
    return [(quote, headline, date) for date, headline, _, quote, _ in rows]


def to_networkx(g: Graph) -> nx.MultiDiGraph:
    """The graph's people, organizations, places, events and works with the relations between them.

    Node attributes: label, kind, aliases (list), pinyin (list of readings), details (list of lines),
    evidence (list of (quote, report headline, report date)). Edge attributes: label, relation.
    """
    nxg = nx.MultiDiGraph()
    kinds: dict[Node, str] = {}
    for s in set(g.subjects(RDF.type, None)):
        if (s, RDF.type, SCHEMA.NewsArticle) in g:
            continue
        kind = _kind_of(set(g.objects(s, RDF.type)))
        if kind is not None:
            kinds[s] = kind

    details: dict[Node, list[str]] = {}
    holders: dict[Node, list[Node]] = {}  # resource → nodes whose evidence it shows

    def ensure(term: Node | None, kind: str) -> str | None:
        """The node id of term, adding an untyped IRI as a node of the kind its relation implies."""
        if term is None or isinstance(term, Literal):
            return None
        if term not in kinds:
            if not isinstance(term, URIRef) or not _texts(g, term, RDFS.label):
                return None
            kinds[term] = kind
        return _nid(term)

    def add_detail(term: Node, line: str) -> None:
        lines = details.setdefault(term, [])
        if line and line not in lines:
            lines.append(line)

    def add_edge(u: str | None, v: str | None, label: str, relation: str) -> None:
        if u is None or v is None:
            return
        key = f"{relation}:{label}"
        if not nxg.has_edge(u, v, key=key):
            nxg.add_edge(u, v, key=key, label=label, relation=relation)

    # memberships: person → organization labelled with the post
    memberships = set(g.subjects(ORG.member, None)) | set(g.subjects(RDF.type, ORG.Membership))
    member_edges: list[tuple[Node, Node, str]] = []
    for m in memberships:
        person, organization = g.value(m, ORG.member), g.value(m, ORG.organization)
        pid, oid = ensure(person, "person"), ensure(organization, "organization")
        if pid is None or oid is None:
            continue
        role = g.value(m, ORG.role)
        title = ""
        if isinstance(role, Literal):
            title = str(role).strip()
        elif role is not None:
            title = _label(g, role)
        title = title or _text(g, m, LK.titleAsWritten) or "成员"
        former = g.value(m, LK.isFormer)
        if former is not None and bool(former.toPython() if isinstance(former, Literal) else former):
            if not title.startswith("原"):
                title = "原" + title
        member_edges.append((person, organization, title))
        holders.setdefault(person, []).append(m)
        add_edge(pid, oid, title, "membership")
    for person, organization, title in sorted(member_edges, key=lambda t: (str(t[0]), t[2], str(t[1]))):
        add_detail(person, f"{title} @ {_label(g, organization)}")
        add_detail(organization, f"成员: {_label(g, person)} — {title}")

    # organizations
    for s, o in g.subject_objects(ORG.subOrganizationOf):
        if s in kinds and kinds[s] == "organization":
            add_edge(_nid(s), ensure(o, "organization"), "上级", "subOrganizationOf")
            add_detail(s, f"上级: {_label(g, o)}")
    for s, o in g.subject_objects(LK.jurisdiction):
        if s in kinds:
            add_edge(_nid(s), ensure(o, "place"), "辖区", "jurisdiction")
            add_detail(s, f"辖区: {_label(g, o)}")
    # places
    for s, o in g.subject_objects(SCHEMA.containedInPlace):
        if s in kinds:
            add_edge(_nid(s), ensure(o, "place"), "属于", "containedInPlace")
            add_detail(s, f"属于: {_label(g, o)}")

    # events
    event_nodes = sorted((s for s, k in kinds.items() if k == "event"), key=str)
    for ev in event_nodes:
        date = _date_text(g, ev)
        if date:
            add_detail(ev, f"日期: {date}")
        for o in g.objects(ev, SCHEMA.location):
            add_edge(_nid(ev), ensure(o, "place"), "地点", "location")
            add_detail(ev, f"地点: {_label(g, o)}")
        for o in g.objects(ev, LK.visited):
            add_edge(_nid(ev), ensure(o, "place"), "考察", "visited")
            add_detail(ev, f"考察: {_label(g, o)}")
        for o in g.objects(ev, SCHEMA.organizer):
            add_edge(_nid(ev), ensure(o, "organization"), "主办", "organizer")
            add_detail(ev, f"主办: {_label(g, o)}")

    # participation: one edge per (person, event) labelled with everything the person did there
    roles: dict[tuple[Node, Node], list[str]] = {}
    for ev, person in g.subject_objects(SCHEMA.attendee):
        roles.setdefault((person, ev), []).insert(0, "出席")
    for part in set(g.subjects(LK.participant, None)) | set(g.subjects(RDF.type, LK.Participation)):
        person, ev = g.value(part, LK.participant), g.value(part, LK.inEvent)
        if person is None or ev is None:
            continue
        contributions = sorted(_texts(g, part, LK.contribution))
        roles.setdefault((person, ev), []).extend(contributions or ["参加"])
        holders.setdefault(person, []).append(part)
        holders.setdefault(ev, []).append(part)
    for (person, ev), did in sorted(roles.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        label = "/".join(dict.fromkeys(did))
        if label != "出席" and "出席" in did and "参加" in did:
            label = "/".join(x for x in dict.fromkeys(did) if x != "参加")
        pid, eid = ensure(person, "person"), ensure(ev, "event")
        if pid is None or eid is None:
            continue
        add_edge(pid, eid, label, "participation")
        date = _date_text(g, ev)
        add_detail(person, f"活动: {_label(g, ev)}" + (f" ({date})" if date else "") + f" — {label}")
        add_detail(ev, f"参加: {_label(g, person)} — {label}")

    # awards: shown in the recipient's details
    awards = set(g.subjects(RDF.type, LK.AwardConferral)) | set(g.subjects(LK.awardTitle, None))
    for aw in sorted(awards, key=str):
        title = _text(g, aw, LK.awardTitle) or _label(g, aw)
        by = g.value(aw, LK.conferredBy)
        for r in g.objects(aw, LK.recipient):
            if r in kinds:
                add_detail(r, f"获奖: {title}" + (f"（{_label(g, by)} 授予）" if by is not None else ""))
                holders.setdefault(r, []).append(aw)

    for term, kind in kinds.items():
        nid = _nid(term)
        label = _label(g, term)
        aliases = [a for a in _texts(g, term, SKOS.altLabel) if a != label]
        pinyin = _pinyin(label, kind == "person")
        for alias in aliases:
            pinyin.extend(p for p in _pinyin(alias, kind == "person") if p not in pinyin)
        nxg.add_node(
            nid,
            label=label,
            kind=kind,
            aliases=aliases,
            pinyin=pinyin,
            details=details.get(term, []),
            evidence=_evidence_of(g, [term, *holders.get(term, [])]),
        )
    return nxg


# ------------------------------------------------------------------------------------------------
# ego subgraph
# ------------------------------------------------------------------------------------------------


def ego(nxg: nx.MultiDiGraph, name_or_iri: str, depth: int) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` hops (either direction) of the node named ``name_or_iri``.

    The name is matched against node ids (IRIs), then labels, then aliases; every node that matches at
    the first level that matches anything is a centre (homonyms are shown together). The centres are
    recorded in ``graph["focus"]``.
    """
    if depth < 0:
        raise LaocuError(f"depth must be 0 or more, not {depth}")
    name = name_or_iri.strip()
    centres: list[str] = [name] if name in nxg else []
    if not centres:
        centres = [n for n, d in nxg.nodes(data=True) if d.get("label") == name]
    if not centres:
        centres = [n for n, d in nxg.nodes(data=True) if name in (d.get("aliases") or [])]
    if not centres:
        raise LaocuError(f"no person, organization, place, event or work named {name_or_iri!r} in the graph")
    undirected = nxg.to_undirected(as_view=True)
    keep: set[str] = set()
    for c in centres:
        keep.update(nx.single_source_shortest_path_length(undirected, c, cutoff=depth))
    sub = nxg.subgraph(keep).copy()
    sub.graph["focus"] = sorted(centres)
    return sub


# ------------------------------------------------------------------------------------------------
# HTML
# ------------------------------------------------------------------------------------------------


def _vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS as shipped inside the pyvis package."""
    lib = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    return js, css


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
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _node_title(data: dict) -> str:
    kind = data.get("kind", "")
    parts = [
        f'<div class="lk-t-head"><b>{_e(data.get("label", ""))}</b> <span>{_e(KINDS.get(kind, (kind,))[0])}</span></div>'
    ]
    if data.get("aliases"):
        parts.append(f"<div>别名: {_e('、'.join(data['aliases']))}</div>")
    if data.get("pinyin"):
        parts.append(f"<div>拼音: {_e(data['pinyin'][0])}</div>")
    lines = list(data.get("details") or [])
    if lines:
        shown = lines[:_MAX_TOOLTIP_DETAILS]
        parts.append("<ul>" + "".join(f"<li>{_e(x)}</li>" for x in shown) + "</ul>")
        if len(lines) > len(shown):
            parts.append(f"<div>… 另有 {len(lines) - len(shown)} 项</div>")
    evidence = list(data.get("evidence") or [])
    if evidence:
        shown_ev = evidence[:_MAX_TOOLTIP_EVIDENCE]
        items = []
        for quote, headline, date in shown_ev:
            source = " ".join(x for x in (f"《{headline}》" if headline else "", date) if x)
            items.append(
                f"<li>“{_e(quote)}”"
                + (f' <span class="lk-src">— {_e(source)}</span>' if source else "")
                + "</li>"
            )
        parts.append('<div class="lk-ev">证据:</div><ul>' + "".join(items) + "</ul>")
        if len(evidence) > len(shown_ev):
            parts.append(f"<div>… 另有 {len(evidence) - len(shown_ev)} 条证据</div>")
    return "".join(parts)


def _options() -> dict:
    font = '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif'
    return {
        "nodes": {"font": {"size": 14, "face": font}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 10, "face": font, "align": "middle", "color": "#555"},
            "color": {"color": "#aaaaaa", "highlight": "#333333"},
            "smooth": {"type": "continuous"},
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": _STABILIZATION_ITERATIONS, "updateInterval": 25},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    }


def _limit(nxg: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, int]:
    """The graph cut to its ``max_nodes`` best-connected nodes (focus nodes always kept)."""
    total = nxg.number_of_nodes()
    if max_nodes < 1:
        raise LaocuError(f"max_nodes must be 1 or more, not {max_nodes}")
    if total <= max_nodes:
        return nxg, total
    focus = [n for n in nxg.graph.get("focus", []) if n in nxg]
    ranked = sorted(nxg.nodes, key=lambda n: (-nxg.degree(n), str(nxg.nodes[n].get("label", "")), n))
    keep = list(dict.fromkeys([*focus, *ranked]))[:max_nodes]
    sub = nxg.subgraph(keep).copy()
    return sub, total


def _build_network(nxg: nx.MultiDiGraph):
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    focus = set(nxg.graph.get("focus", []))
    for n, data in sorted(nxg.nodes(data=True), key=lambda nd: nd[0]):
        kind = data.get("kind", "")
        _, colour, shape, _ = KINDS.get(kind, ("", "#999999", "dot", "●"))
        deg = nxg.degree(n)
        search = [data.get("label", ""), *(data.get("aliases") or []), *(data.get("pinyin") or [])]
        net.add_node(
            n,
            label=str(data.get("label", n)),
            shape=shape,
            color=colour,
            size=round(min(10 + 5 * math.sqrt(deg), 45), 1),
            title=_node_title(data),
            kind=kind,
            search=[s for s in search if s],
            borderWidth=4 if n in focus else 1,
        )
    for u, v, data in sorted(nxg.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("label", ""))):
        label = str(data.get("label", ""))
        net.add_edge(u, v, label=label, title=_e(label))
    return net


_CSS = """
html, body { margin: 0; padding: 0; height: 100%; font-family: "Noto Sans CJK SC", "PingFang SC",
  "Microsoft YaHei", sans-serif; font-size: 14px; color: #222; }
#lk-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; padding: 6px 10px;
  border-bottom: 1px solid #ddd; background: #fafafa; }
#lk-bar h1 { font-size: 16px; margin: 0; }
#lk-search { position: relative; }
#lk-q { width: 220px; padding: 3px 6px; }
#lk-hits { position: absolute; z-index: 10; background: #fff; border: 1px solid #ccc; min-width: 220px;
  max-height: 300px; overflow-y: auto; display: none; }
#lk-hits button { display: block; width: 100%; text-align: left; border: 0; background: none;
  padding: 3px 6px; cursor: pointer; }
#lk-hits button:hover { background: #eef; }
#lk-legend span.lk-item { margin-right: 10px; white-space: nowrap; }
#lk-notice { color: #a15c00; }
#lk-counts { color: #666; }
#mynetwork { position: absolute; top: 46px; bottom: 0; left: 0; right: 0; }
div.vis-tooltip { max-width: 460px; white-space: normal; font-size: 12px; line-height: 1.45; }
div.vis-tooltip ul { margin: 2px 0 2px 16px; padding: 0; }
.lk-t-head span, .lk-src { color: #777; }
"""

_JS = """
(function () {
  var nodeData = JSON.parse(document.getElementById("lk-nodes").textContent);
  var edgeData = JSON.parse(document.getElementById("lk-edges").textContent);
  var options = JSON.parse(document.getElementById("lk-options").textContent);
  var focus = JSON.parse(document.getElementById("lk-focus").textContent);
  // vis-network shows string titles as plain text; the titles here are HTML built from escaped
  // text in Python, so turn them into elements to keep their layout.
  function asElement(markup) { var d = document.createElement("div"); d.innerHTML = markup; return d; }
  nodeData.forEach(function (n) { if (n.title) { n.title = asElement(n.title); } });
  edgeData.forEach(function (e) { if (e.title) { e.title = asElement(e.title); } });
  var nodes = new vis.DataSet(nodeData);
  var edges = new vis.DataSet(edgeData);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  window.lkNetwork = network;
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: false});
    if (focus.length) { network.focus(focus[0], {scale: 1.0}); network.selectNodes(focus); }
  });

  function norm(s) { return String(s).toLowerCase().replace(/\\s+/g, ""); }
  var index = nodeData.map(function (n) {
    return {id: n.id, label: n.label, keys: (n.search || []).map(norm)};
  });
  function find(q) {
    q = norm(q);
    if (!q) { return []; }
    var scored = [];
    index.forEach(function (it) {
      var best = 9;
      it.keys.forEach(function (k) {
        var s = k === q ? 0 : (k.indexOf(q) === 0 ? 1 : (k.indexOf(q) >= 0 ? 2 : 9));
        if (s < best) { best = s; }
      });
      if (best < 9) { scored.push([best, it]); }
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1].label.length - b[1].label.length; });
    return scored.slice(0, 12).map(function (x) { return x[1]; });
  }
  function go(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: 1.4, animation: {duration: 500, easingFunction: "easeInOutQuad"}});
    hits.style.display = "none";
  }
  var box = document.getElementById("lk-q");
  var hits = document.getElementById("lk-hits");
  box.addEventListener("input", function () {
    while (hits.firstChild) { hits.removeChild(hits.firstChild); }
    var found = find(box.value);
    found.forEach(function (it) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = it.label;
      b.addEventListener("click", function () { go(it.id); });
      hits.appendChild(b);
    });
    hits.style.display = found.length ? "block" : "none";
  });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var found = find(box.value);
      if (found.length) { go(found[0].id); }
    } else if (ev.key === "Escape") { hits.style.display = "none"; }
  });
})();
"""


def _page(
    title: str, nodes: list, edges: list, options: dict, focus: list[str], notice: str, counts: str
) -> str:
    js, css = _vis_assets()
    legend = "".join(
        f'<span class="lk-item" data-kind="{_e(kind)}"><span style="color:{_e(colour)}">{_e(glyph)}</span> {_e(name)}</span>'
        for kind, (name, colour, _shape, glyph) in KINDS.items()
    )
    notice_html = f'<span id="lk-notice">{_e(notice)}</span>' if notice else ""
    return f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{_script_safe(css)}</style>
<style>{_CSS}</style>
<script>{_script_safe(js)}</script>
</head>
<body>
<div id="lk-bar">
<h1>{_e(title)}</h1>
<div id="lk-search"><input id="lk-q" type="search" placeholder="搜索 名称 / 别名 / 拼音" autocomplete="off">
<div id="lk-hits"></div></div>
<div id="lk-legend">{legend}</div>
<span id="lk-counts">{_e(counts)}</span>
{notice_html}
</div>
<div id="mynetwork"></div>
<script type="application/json" id="lk-nodes">{_json_for_script(nodes)}</script>
<script type="application/json" id="lk-edges">{_json_for_script(edges)}</script>
<script type="application/json" id="lk-options">{_json_for_script(options)}</script>
<script type="application/json" id="lk-focus">{_json_for_script(focus)}</script>
<script>{_script_safe(_JS)}</script>
</body>
</html>
"""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the page the mode a plain open() would
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


def render_html(
    nxg: nx.MultiDiGraph, path: str | os.PathLike, title: str = "laocu-kg", max_nodes: int = 2000
) -> dict:
    """Write an offline HTML page of the graph; the counts shown: {"nodes": n, "edges": m}.

    Graphs over ``max_nodes`` nodes are cut to the best-connected ``max_nodes`` (the page says so).
    """
    shown, total = _limit(nxg, max_nodes)
    net = _build_network(shown)
    notice = ""
    if total > shown.number_of_nodes():
        notice = f"图中共有 {total} 个节点，仅显示连接最多的 {shown.number_of_nodes()} 个。"
    elif total == 0:
        notice = "图中没有可显示的节点。"
    counts = f"{len(net.nodes)} 个节点 · {len(net.edges)} 条边"
    focus = [n for n in shown.graph.get("focus", []) if n in shown]
    page = _page(title, net.nodes, net.edges, _options(), focus, notice, counts)
    _write_atomic(Path(path), page)
    return {"nodes": len(net.nodes), "edges": len(net.edges)}


def view(
    g: Graph,
    path: str | os.PathLike,
    focus: str | None = None,
    depth: int = 2,
    max_nodes: int = 2000,
    title: str = "laocu-kg",
) -> dict:
    """RDF graph → HTML page at ``path`` (the ego graph of ``focus`` when given); {"nodes": n, "edges": m}."""
    nxg = to_networkx(g)
    if focus:
        nxg = ego(nxg, focus, depth)
        if title == "laocu-kg":
            title = f"laocu-kg: {focus}"
    return render_html(nxg, path, title=title, max_nodes=max_nodes)
