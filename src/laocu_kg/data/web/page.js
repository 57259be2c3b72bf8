/* laocu-kg query page: YASGUI pointed at this server's /sparql, the example query library, permalinks
   (#query=… runs the query on load) and a small network view for CONSTRUCT results. Offline: no CDN. */
(function () {
  "use strict";
  const endpoint = new URL("sparql", location.href.split("#")[0]).href;
  const RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
  const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

  // What the address said before YASGUI reads (and clears) it: a permalink's query is run once loaded.
  const linked = new URLSearchParams(location.hash.slice(1)).get("query") ||
                 new URLSearchParams(location.search).get("query");

  /** A YASR plugin drawing CONSTRUCT / DESCRIBE results as a small force-directed network (SVG). */
  class NetworkPlugin {
    constructor(yasr) {
      this.yasr = yasr;
      this.label = "Network";
      this.priority = 20;
      this.hideFromSelection = false;
    }
    statements() {
      const r = this.yasr.results;
      return r && r.getStatements ? r.getStatements() : null;
    }
    canHandleResults() {
      const s = this.statements();
      return !!(s && s.length);
    }
    getIcon() {
      const span = document.createElement("span");
      span.textContent = "◉";
      return span;
    }
    draw() {
      const prefixes = (window.laocuPrefixes || {});
      const short = (iri) => {
        for (const [p, ns] of Object.entries(prefixes)) if (iri.startsWith(ns)) return p + ":" + iri.slice(ns.length);
        const cut = Math.max(iri.lastIndexOf("/"), iri.lastIndexOf("#"));
        return cut >= 0 ? iri.slice(cut + 1) : iri;
      };
      const stmts = this.statements() || [];
      const labels = new Map();
      for (const s of stmts) if (s.predicate.value === RDFS_LABEL && !labels.has(s.subject.value)) labels.set(s.subject.value, s.object.value);
      const nodes = new Map();
      const edges = [];
      const node = (term) => {
        const key = term.termType + " " + term.value;
        if (!nodes.has(key)) {
          const lit = term.termType === "Literal";
          const text = lit ? term.value : (labels.get(term.value) || short(term.value));
          nodes.set(key, { key, text: text.length > 24 ? text.slice(0, 23) + "…" : text, literal: lit,
                           x: Math.random() * 600, y: Math.random() * 400, vx: 0, vy: 0 });
        }
        return nodes.get(key);
      };
      for (const s of stmts) {
        if (s.predicate.value === RDFS_LABEL || s.predicate.value === RDF_TYPE) { node(s.subject); continue; }
        if (edges.length >= 600) break;
        edges.push({ a: node(s.subject), b: node(s.object), label: short(s.predicate.value) });
      }
      const list = [...nodes.values()].slice(0, 400);
      layout(list, edges.filter((e) => list.includes(e.a) && list.includes(e.b)));
      const wrap = document.createElement("div");
      wrap.className = "laocu-network";
      const info = document.createElement("div");
      info.className = "info";
      info.textContent = `${list.length} nodes, ${edges.length} links (labels and types are shown as names, not links)`;
      wrap.appendChild(info);
      wrap.appendChild(svg(list, edges));
      this.yasr.resultsEl.appendChild(wrap);
    }
  }

  function layout(nodes, edges) {
    for (let it = 0; it < 250; it++) {
      const t = 1 - it / 250;
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i], b = nodes[j];
          let dx = a.x - b.x, dy = a.y - b.y;
          const d2 = Math.max(dx * dx + dy * dy, 1);
          const f = 400 / d2;
          dx *= f; dy *= f;
          a.vx += dx; a.vy += dy; b.vx -= dx; b.vy -= dy;
        }
      }
      for (const e of edges) {
        const dx = e.b.x - e.a.x, dy = e.b.y - e.a.y;
        e.a.vx += dx * 0.05; e.a.vy += dy * 0.05; e.b.vx -= dx * 0.05; e.b.vy -= dy * 0.05;
      }
      for (const n of nodes) {
        n.vx += (300 - n.x) * 0.03; n.vy += (250 - n.y) * 0.03;
        n.x += Math.max(-20, Math.min(20, n.vx)) * t; n.y += Math.max(-20, Math.min(20, n.vy)) * t;
        n.vx *= 0.5; n.vy *= 0.5;
      }
    }
  }

  function svg(nodes, edges) {
    const NS = "http://www.w3.org/2000/svg";
    const el = (name, attrs, text) => {
      const e = document.createElementNS(NS, name);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      if (text) e.textContent = text;
      return e;
    };
    const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
    const pad = 60;
    const w = Math.max(...xs) - Math.min(...xs) + 2 * pad, h = Math.max(...ys) - Math.min(...ys) + 2 * pad;
    const root = el("svg", { viewBox: `${Math.min(...xs) - pad} ${Math.min(...ys) - pad} ${w} ${h}` });
    const scale = Math.max(w / 1000, h / 520, 0.5);  // keep labels readable whatever the drawing's extent
    root.style.fontSize = `${11 * scale}px`;
    for (const e of edges) {
      const line = el("line", { x1: e.a.x, y1: e.a.y, x2: e.b.x, y2: e.b.y, "stroke-width": scale });
      line.appendChild(el("title", {}, e.label));
      root.appendChild(line);
    }
    for (const n of nodes) {
      const c = el("circle", { cx: n.x, cy: n.y, r: (n.literal ? 3 : 5) * scale, class: n.literal ? "literal" : "" });
      c.appendChild(el("title", {}, n.text));
      root.appendChild(c);
      root.appendChild(el("text", { x: n.x + 7 * scale, y: n.y + 4 * scale }, n.text));
    }
    return root;
  }

  /** Declare the ontology's prefixes a query uses without declaring (the server predeclares them; the
      editor's syntax check does not know that). */
  function declarePrefixes(yasqe, query) {
    const declared = new Set([...query.matchAll(/PREFIX\s+([\w-]*):/gi)].map((m) => m[1]));
    const missing = {};
    for (const [p, iri] of Object.entries(window.laocuPrefixes || {})) {
      if (!declared.has(p) && new RegExp(`(^|[^\\w:?$-])${p}:`).test(query)) missing[p] = iri;
    }
    if (Object.keys(missing).length) yasqe.addPrefixes(missing);
  }

  function exampleText(q) {
    return q.example || q.sparql;
  }

  async function main() {
    Yasgui.Yasr.registerPlugin("network", NetworkPlugin);
    let lib = { prefixes: {}, queries: [] };
    try {
      lib = await (await fetch("queries.json")).json();
    } catch (err) {
      console.warn("no example queries", err);
    }
    window.laocuPrefixes = lib.prefixes;
    document.getElementById("endpoint").textContent = endpoint;

    const yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: () => [{ endpoint }] },
      persistenceId: "laocu-kg",
      yasqe: { autocompleters: ["variables", "prefixes"] },  // no LOV look-ups: they need the internet
      yasr: { prefixes: lib.prefixes },
    });
    window.yasgui = yasgui;
    const tab = () => yasgui.getTab();
    if (tab().getEndpoint() !== endpoint) tab().setEndpoint(endpoint);

    const select = document.getElementById("examples");
    const description = document.getElementById("description");
    for (const q of lib.queries) {
      const opt = document.createElement("option");
      opt.value = q.name;
      opt.textContent = q.name + (q.params.length ? ` (${q.params.join(", ")})` : "");
      select.appendChild(opt);
    }
    select.addEventListener("change", () => {
      const q = lib.queries.find((x) => x.name === select.value);
      if (!q) return;
      description.textContent = q.description + (q.params.length ? ` — parameters: ${q.params.join(", ")} (bound by the VALUES line)` : "");
      tab().setEndpoint(endpoint);
      tab().setQuery(exampleText(q));
    });

    document.getElementById("permalink").addEventListener("click", () => {
      const q = tab().getQuery();
      history.replaceState(null, "", "#query=" + encodeURIComponent(q));
      if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(() => {});
    });

    // CONSTRUCT / DESCRIBE answers open in the network view (the table stays one click away)
    yasgui.on("queryResponse", (_y, t) => setTimeout(() => {  // once the tab has handed YASR the response
      const yasr = t.getYasr();
      const r = yasr.results;
      if (r && r.getStatements && r.getStatements()) yasr.selectPlugin("network");
    }, 0));
    if (linked) {
      tab().setEndpoint(endpoint);
      tab().setQuery(linked);
      declarePrefixes(tab().getYasqe(), linked);
      history.replaceState(null, "", "#query=" + encodeURIComponent(linked));
      // YASGUI runs a linked query itself, unless it had a tab with this query and a stored answer
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (!tab().getYasqe().req) tab().getYasqe().query().catch((err) => console.warn(err));
    }
    document.body.dataset.ready = "1";
  }

  main();
})();
