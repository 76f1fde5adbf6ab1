/* kg page script: draws the embedded graph with vis-network.
 * Every string from the data is written with textContent or as an attribute value;
 * nothing is ever parsed as HTML. */
(function () {
  "use strict";
  window.__kgSettled = false;
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var CONFIG = JSON.parse(document.getElementById("kg-config").textContent);
  var byId = new Map();
  DATA.nodes.forEach(function (n) { byId.set(n.id, n); });
  var edgeById = new Map();
  DATA.edges.forEach(function (e) { edgeById.set(e.id, e); });

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function settle() {
    if (window.__kgSettled) return;
    window.__kgSettledAt = performance.now();
    window.__kgSettled = true;
    document.documentElement.setAttribute("data-kg-settled", "1");
  }

  document.title = DATA.title;
  $("kg-title").textContent = DATA.title;
  DATA.notes.forEach(function (t) { $("kg-notes").appendChild(el("li", null, t)); });
  if (CONFIG.note) $("kg-notes").appendChild(el("li", null, CONFIG.note));

  // ------------------------------------------------------------------ legend + filters
  var state = { types: new Set(DATA.legend.nodes.map(function (t) { return t[0]; })), min: 1 };
  var typeCounts = {};
  DATA.nodes.forEach(function (n) { typeCounts[n.type] = (typeCounts[n.type] || 0) + 1; });
  DATA.legend.nodes.forEach(function (t) {
    var label = el("label", "kg-type");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = t[0];
    box.id = "kg-type-" + t[0];
    box.addEventListener("change", function () {
      if (box.checked) state.types.add(t[0]); else state.types.delete(t[0]);
      refresh();
    });
    var sw = el("span", "kg-swatch");
    sw.style.background = t[1];
    label.appendChild(box);
    label.appendChild(sw);
    label.appendChild(el("span", null, t[0]));
    label.appendChild(el("span", "kg-count", "(" + (typeCounts[t[0]] || 0) + ")"));
    $("kg-types").appendChild(label);
  });
  DATA.legend.edges.forEach(function (r) {
    var row = el("div", "kg-rel");
    var line = el("span", "kg-line" + (r[2] ? " dashed" : ""));
    line.style.borderTopColor = r[1];
    row.appendChild(line);
    row.appendChild(el("span", null, r[0]));
    $("kg-rels").appendChild(row);
  });
  var maxCount = 1;
  DATA.nodes.forEach(function (n) { if (n.paper_count > maxCount) maxCount = n.paper_count; });
  $("kg-min-range").max = String(maxCount);
  $("kg-min").max = String(maxCount);
  function setMin(v) {
    v = Math.max(1, Math.min(maxCount, parseInt(v, 10) || 1));
    state.min = v;
    $("kg-min").value = String(v);
    $("kg-min-range").value = String(v);
    refresh();
  }
  $("kg-min-range").addEventListener("input", function () { setMin(this.value); });
  $("kg-min").addEventListener("change", function () { setMin(this.value); });

  // ------------------------------------------------------------------ result table
  function renderTable(rows) {
    var cols = [];
    rows.forEach(function (r) { Object.keys(r).forEach(function (k) { if (cols.indexOf(k) < 0) cols.push(k); }); });
    var table = el("table"), head = el("tr");
    cols.forEach(function (c) { head.appendChild(el("th", null, c)); });
    table.appendChild(head);
    rows.slice(0, 1000).forEach(function (r) {
      var tr = el("tr");
      cols.forEach(function (c) {
        var v = r[c];
        tr.appendChild(el("td", null, v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v)));
      });
      table.appendChild(tr);
    });
    $("kg-table").appendChild(table);
    if (rows.length > 1000) $("kg-table").appendChild(el("p", "kg-hint", "First 1000 of " + rows.length + " rows."));
    $("kg-table-box").hidden = false;
  }
  if (DATA.rows) renderTable(DATA.rows);
  if (!DATA.nodes.length) {
    $("kg-main").hidden = true;
    $("kg-table-box").classList.add("kg-only");
    $("kg-counts").textContent = "no graph nodes in the result";
    window.kg = { data: DATA };
    settle();
    return;
  }

  // ------------------------------------------------------------------ network
  function visNode(n) {
    var item = {
      id: n.id, label: n.label, size: n.size, type: n.type, paper_count: n.paper_count,
      color: { background: n.color, border: "#5a5a5a",
               highlight: { background: n.color, border: "#000" },
               hover: { background: n.color, border: "#000" } },
      shape: n.type === "Paper" ? "square" : "dot",
      font: { size: n.font }
    };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }
  function visEdge(e) {
    return { id: e.id, from: e.from, to: e.to, value: e.support, dashes: e.dashes,
             color: { color: e.color, highlight: "#000", hover: "#000", opacity: 0.8 } };
  }
  var nodes = new vis.DataSet(DATA.nodes.map(visNode));
  var edges = new vis.DataSet(DATA.edges.map(visEdge));
  function nodeVisible(n) {
    return state.types.has(n.type) && (n.type === "Paper" || n.paper_count >= state.min);
  }
  var nodesView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgesView = new vis.DataView(edges, {
    filter: function (e) { return nodesView.get(e.from) !== null && nodesView.get(e.to) !== null; }
  });
  var physics = CONFIG.physics;
  var options = {
    autoResize: true,
    nodes: {
      font: { size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
      borderWidth: 1, borderWidthSelected: 3
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.45 } },
      scaling: { min: 1, max: 4 },
      smooth: physics ? { type: "continuous" } : false,
      selectionWidth: 2, hoverWidth: 1.5
    },
    interaction: { hover: true, tooltipDelay: 80, hideEdgesOnDrag: CONFIG.large, hideEdgesOnZoom: CONFIG.large,
                   keyboard: false, multiselect: false },
    layout: { improvedLayout: DATA.nodes.length <= 100, randomSeed: 7 },
    physics: physics ? {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -45, centralGravity: 0.02, springLength: 80, springConstant: 0.06, avoidOverlap: 0.3 },
      stabilization: { enabled: true, iterations: CONFIG.iterations, updateInterval: 25, fit: true },
      minVelocity: 1
    } : false
  };
  var network = new vis.Network($("kg-network"), { nodes: nodesView, edges: edgesView }, options);

  function savePositions() {
    // network.storePositions() fails on nodes a DataView hides, so store the drawn ones
    var pos = network.getPositions();
    nodes.update(Object.keys(pos).map(function (id) { return { id: id, x: pos[id].x, y: pos[id].y }; }));
  }
  function refresh() {
    if (!physics) savePositions();
    nodesView.refresh();
    edgesView.refresh();
    $("kg-counts").textContent = nodesView.length + " of " + DATA.nodes.length + " nodes, " +
      edgesView.length + " of " + DATA.edges.length + " edges";
  }

  function afterLayout() {
    physics = false;
    network.setOptions({ physics: false });
    savePositions();
    $("kg-progress").hidden = true;
    if (DATA.focus && byId.has(DATA.focus)) {
      network.selectNodes([DATA.focus]);
      showNode(DATA.focus);
    }
    settle();
  }
  if (physics) {
    $("kg-progress").hidden = false;
    $("kg-progress").textContent = "Laying out…";
    network.on("stabilizationProgress", function (p) {
      $("kg-progress").textContent = "Laying out… " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", afterLayout);
  } else {
    network.once("afterDrawing", afterLayout);
  }
  refresh();

  // ------------------------------------------------------------------ tooltip
  var tip = $("kg-tip");
  function showTip(text, pointer) {
    tip.textContent = text;
    tip.style.left = (pointer.x + 14) + "px";
    tip.style.top = (pointer.y + 14) + "px";
    tip.hidden = false;
  }
  network.on("hoverNode", function (p) {
    var n = byId.get(p.node);
    var text = n.name + "\n" + n.type + (n.type === "Paper" ? "" : " · " + n.paper_count + " paper(s)");
    showTip(text, p.pointer.DOM);
  });
  network.on("hoverEdge", function (p) {
    var e = edgeById.get(p.edge);
    showTip(e.type + " · support " + e.support + "\n" + byId.get(e.from).name + " → " + byId.get(e.to).name, p.pointer.DOM);
  });
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (ev) {
    network.on(ev, function () { tip.hidden = true; });
  });

  // ------------------------------------------------------------------ details
  var details = $("kg-details");
  function nodeLink(key, text) {
    if (!byId.has(key)) return el("span", null, text);
    var b = el("button", "kg-link", text);
    b.type = "button";
    b.addEventListener("click", function () { selectNode(key); });
    return b;
  }
  function addField(dl, name, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", null, name));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }
  function showNode(id) {
    var n = byId.get(id);
    if (!n) return;
    details.replaceChildren();
    details.appendChild(el("h3", null, n.name));
    var dl = el("dl");
    addField(dl, "Type", n.type);
    var d = n.details || {};
    if (n.type === "Paper") {
      addField(dl, "Id", d.id);
      addField(dl, "Year", d.year);
      addField(dl, "Authors", (d.authors || []).join(", "));
      details.appendChild(dl);
      if (d.abstract) details.appendChild(el("p", "kg-abstract", d.abstract));
      details.appendChild(el("h2", null, "Entities (" + (d.entities || []).length + ")"));
      var ol = el("ol");
      (d.entities || []).forEach(function (e) {
        var li = el("li");
        li.appendChild(nodeLink(e.key, e.name));
        li.appendChild(el("span", "kg-role", e.rel));
        ol.appendChild(li);
      });
      details.appendChild(ol);
    } else {
      addField(dl, "Aliases", (n.aliases || []).join(", "));
      addField(dl, "Papers", n.paper_count);
      addField(dl, "Key", n.id);
      details.appendChild(dl);
      var papers = d.papers || [];
      if (papers.length) {
        var title = "Papers";
        if (d.papers_total > papers.length) title += " (first " + papers.length + " of " + d.papers_total + ")";
        details.appendChild(el("h2", null, title));
        var list = el("ol");
        papers.forEach(function (p) {
          var li = el("li");
          li.appendChild(nodeLink(p.key, p.title));
          if (p.year) li.appendChild(el("span", "kg-count", " (" + p.year + ")"));
          li.appendChild(el("span", "kg-role " + p.role, p.role));
          p.sentences.forEach(function (s) { li.appendChild(el("q", "kg-sentence", s)); });
          list.appendChild(li);
        });
        details.appendChild(list);
      }
    }
    details.setAttribute("data-kind", "node");
    details.setAttribute("data-id", id);
  }
  function showEdge(id) {
    var e = edgeById.get(id);
    if (!e) return;
    details.replaceChildren();
    details.appendChild(el("h3", null, e.type));
    var dl = el("dl");
    addField(dl, "From", nodeLink(e.from, byId.get(e.from).name));
    addField(dl, "To", nodeLink(e.to, byId.get(e.to).name));
    addField(dl, "Support", e.support);
    details.appendChild(dl);
    var title = "Evidence";
    if (e.evidence_total > e.evidence.length) title += " (first " + e.evidence.length + " of " + e.evidence_total + ")";
    details.appendChild(el("h2", null, title));
    var ol = el("ol");
    e.evidence.forEach(function (ev) {
      var li = el("li");
      li.appendChild(nodeLink(ev.paper, ev.title));
      if (ev.sentence) li.appendChild(el("q", "kg-sentence", ev.sentence));
      ol.appendChild(li);
    });
    details.appendChild(ol);
    details.setAttribute("data-kind", "edge");
    details.setAttribute("data-id", id);
  }
  function clearDetails() {
    details.replaceChildren(el("p", "kg-hint", "Click a node or an edge."));
    details.removeAttribute("data-kind");
    details.removeAttribute("data-id");
  }
  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
    else clearDetails();
  });

  // ------------------------------------------------------------------ search
  function norm(s) {
    return String(s).toLowerCase().replace(/[\s_\-\u2010-\u2015]+/g, " ").replace(/[^\p{L}\p{N} ]/gu, "").trim();
  }
  function singular(s) { return s.split(" ").map(function (w) { return w.length > 3 ? w.replace(/s$/, "") : w; }).join(" "); }
  var forms = [];
  var names = $("kg-names");
  DATA.nodes.forEach(function (n) {
    var all = [n.name].concat(n.aliases || []);
    all.forEach(function (f) { forms.push([norm(f), singular(norm(f)), n]); });
    if (n.type !== "Paper" && DATA.nodes.length <= 5000) {
      all.forEach(function (f) { var o = el("option"); o.value = f; names.appendChild(o); });
    }
  });
  function find(query) {
    var q = norm(query), qs = singular(q);
    if (!q) return null;
    var tests = [
      function (f) { return f[0] === q; },
      function (f) { return f[1] === qs; },
      function (f) { return f[0].indexOf(q) === 0; },
      function (f) { return f[0].indexOf(q) >= 0; }
    ];
    for (var i = 0; i < tests.length; i++) {
      var best = null;
      forms.forEach(function (f) { if (tests[i](f) && (!best || f[2].paper_count > best.paper_count)) best = f[2]; });
      if (best) return best;
    }
    return null;
  }
  function selectNode(id) {
    var n = byId.get(id);
    if (!n) return false;
    if (!nodeVisible(n)) {  // reveal what the filters hide
      state.types.add(n.type);
      var box = $("kg-type-" + n.type);
      if (box) box.checked = true;
      if (n.type !== "Paper" && n.paper_count < state.min) { setMin(n.paper_count); } else { refresh(); }
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400 } });
    showNode(id);
    return true;
  }
  function search(query) {
    var n = find(query);
    $("kg-search-status").textContent = n ? "" : "not found";
    if (n) selectNode(n.id);
    return n ? n.id : null;
  }
  $("kg-search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search($("kg-search").value); });

  window.kg = {
    data: DATA, network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
    search: search, selectNode: selectNode, showNode: showNode, showEdge: showEdge, setMin: setMin,
    setType: function (type, on) { var b = $("kg-type-" + type); if (b && b.checked !== on) b.click(); }
  };
})();
