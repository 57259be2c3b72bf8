/* laocu-kg view: filters, search and the side panel. Every text goes into the page with textContent. */
(function () {
  "use strict";
  function json(id) { return JSON.parse(document.getElementById(id).textContent); }
  var nodeData = json("lk-nodes"), edgeData = json("lk-edges"), options = json("lk-options");
  var focus = json("lk-focus"), meta = json("lk-meta");
  var info = {}, kindOf = {};
  nodeData.forEach(function (n) { info[n.id] = n.info; kindOf[n.id] = n.kind; delete n.info; });
  var nodes = new vis.DataSet(nodeData);
  var edges = new vis.DataSet(edgeData);
  var network = new vis.Network(document.getElementById("mynetwork"), {nodes: nodes, edges: edges}, options);
  var api = {network: network, nodes: nodes, edges: edges, ready: false, readyMs: null, shown: null};
  window.lkView = api;
  window.lkNetwork = network;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  // ---- side panel ----------------------------------------------------------------------------
  var panel = document.getElementById("lk-panel"), body = document.getElementById("lk-panel-body");
  function list(heading, items) {
    body.appendChild(el("h3", heading));
    var ul = el("ul");
    items.forEach(function (t) { ul.appendChild(el("li", t)); });
    body.appendChild(ul);
  }
  function show(id) {
    var n = nodes.get(id), d = info[id];
    if (!n || !d) { return; }
    while (body.firstChild) { body.removeChild(body.firstChild); }
    body.appendChild(el("h2", n.label));
    body.appendChild(el("div", meta.kinds[n.kind] || n.kind, "lk-kind"));
    if (d.pinyin.length) { body.appendChild(el("div", d.pinyin.join(" · "), "lk-pinyin")); }
    if (d.aliases.length) { list("别名", d.aliases); }
    d.sections.forEach(function (s) { list(s[0], s[1]); });
    if (d.evidence.length) {
      body.appendChild(el("h3", "证据"));
      d.evidence.forEach(function (ev) {
        var box = el("div", null, "lk-quote");
        box.appendChild(el("span", "“" + ev[0] + "”"));
        var src = [ev[1] ? "《" + ev[1] + "》" : "", ev[2] || ""].filter(Boolean).join(" ");
        if (src) { box.appendChild(el("span", "— " + src, "lk-src")); }
        body.appendChild(box);
      });
      if (d.more) { body.appendChild(el("div", "… 另有 " + d.more + " 条证据", "lk-more")); }
    }
    panel.hidden = false;
    panel.scrollTop = 0;
    api.shown = id;
  }
  function hide() { panel.hidden = true; api.shown = null; }
  document.getElementById("lk-close").addEventListener("click", hide);
  network.on("click", function (p) {
    if (p.nodes.length) { show(p.nodes[0]); } else if (!p.edges.length) { hide(); }
  });
  api.show = show;
  api.hide = hide;

  // ---- filters by node kind and edge relation ------------------------------------------------
  function boxes(attr) { return Array.prototype.slice.call(document.querySelectorAll("input[data-" + attr + "]")); }
  function applyFilters() {
    var kindOn = {}, relOn = {}, nodeUpdates = [], edgeUpdates = [];
    boxes("kind").forEach(function (b) { kindOn[b.getAttribute("data-kind")] = b.checked; });
    boxes("relation").forEach(function (b) { relOn[b.getAttribute("data-relation")] = b.checked; });
    nodes.forEach(function (n) {
      var hidden = kindOn[n.kind] === false;
      if (Boolean(n.hidden) !== hidden) { nodeUpdates.push({id: n.id, hidden: hidden}); }
    });
    edges.forEach(function (e) {
      var hidden = relOn[e.relation] === false || kindOn[kindOf[e.from]] === false || kindOn[kindOf[e.to]] === false;
      if (Boolean(e.hidden) !== hidden) { edgeUpdates.push({id: e.id, hidden: hidden}); }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    if (api.shown && nodes.get(api.shown).hidden) { hide(); }
  }
  boxes("kind").concat(boxes("relation")).forEach(function (b) { b.addEventListener("change", applyFilters); });
  applyFilters();  // a reload may restore unticked boxes
  api.applyFilters = applyFilters;

  // ---- search by name, alias or pinyin ---------------------------------------------------------
  function norm(s) { return String(s).toLowerCase().replace(/\s+/g, ""); }
  var index = nodeData.map(function (n) { return {id: n.id, label: n.label, kind: n.kind, keys: (n.search || []).map(norm)}; });
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
      if (best < 9 && !nodes.get(it.id).hidden) { scored.push([best, it]); }
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1].label.length - b[1].label.length; });
    return scored.slice(0, 12).map(function (x) { return x[1]; });
  }
  var box = document.getElementById("lk-q"), hits = document.getElementById("lk-hits");
  function go(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: 1.4, animation: {duration: 500, easingFunction: "easeInOutQuad"}});
    hits.style.display = "none";
    show(id);
  }
  box.addEventListener("input", function () {
    while (hits.firstChild) { hits.removeChild(hits.firstChild); }
    var found = find(box.value);
    found.forEach(function (it) {
      var b = el("button", it.label);
      b.type = "button";
      b.appendChild(el("small", meta.kinds[it.kind] || it.kind));
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
  api.find = find;
  api.go = go;

  // ---- settle: bounded stabilisation (or fixed positions), then physics off ---------------------
  function markReady() {
    api.ready = true;
    api.readyMs = performance.now();
    document.body.setAttribute("data-ready", "1");
  }
  var fixed = Boolean(options.physics && options.physics.enabled === false);
  function settled() {
    if (api.settled) { return; }
    api.settled = true;
    if (!fixed) { network.setOptions({physics: false}); }
    if (focus.length) {
      network.selectNodes(focus);
      network.focus(focus[0], {scale: 1.0});
      show(focus[0]);
    } else if (!fixed) {
      network.fit();
    } else {
      markReady();  // fitted before the first drawing, which was the final one
      return;
    }
    network.once("afterDrawing", markReady);
    network.redraw();
  }
  if (fixed) {
    network.fit();  // positions are known: fit before the first drawing
    network.once("afterDrawing", settled);
  } else {
    network.once("stabilizationIterationsDone", settled);
  }
  if (!nodeData.length) { settled(); }
  setTimeout(settled, 30000);  // never leave physics running
})();
