/* vnpolicy report: search filter and a dependency-free layered SVG graph (levels are the layers). */
(function () {
  'use strict';
  var L = JSON.parse(document.getElementById('i18n').textContent);
  var G = JSON.parse(document.getElementById('gdata').textContent);
  var LEVELS = ['central', 'province', 'district', 'commune', 'unknown'];
  var COLORS = {central: '#c0392b', province: '#1f6fb2', district: '#7d3c98', commune: '#1e8449', unknown: '#7f8c8d'};

  function fold(s) {
    return String(s || '').replace(/[đĐ]/g, 'd').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  function h(tag, attrs, text) {
    var el = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { el.textContent = text; }
    return el;
  }
  var SVGNS = null;  // taken from a parser-made <svg>, so the file holds no URL at all
  function s(tag, attrs) {
    var el = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  /* ---- search ------------------------------------------------------------------------- */
  var q = document.getElementById('q');
  var qcount = document.getElementById('qcount');
  var items = Array.prototype.slice.call(document.querySelectorAll('[data-search]'));
  var secs = Array.prototype.slice.call(document.querySelectorAll('details.sec'));
  function applySearch() {
    var terms = fold(q.value).trim().split(/\s+/).filter(Boolean);
    var n = 0;
    secs.forEach(function (d) { d.classList.toggle('nomatch', terms.length > 0); });
    items.forEach(function (el) {
      var text = el.getAttribute('data-search');
      var ok = terms.every(function (t) { return text.indexOf(t) >= 0; });
      el.classList.toggle('nomatch', !ok);
      if (ok && terms.length) {
        n++;
        for (var p = el.parentElement; p; p = p.parentElement) {
          if (p.tagName === 'DETAILS') { p.open = true; p.classList.remove('nomatch'); }
        }
      }
    });
    qcount.textContent = terms.length ? n + ' ' + L.matches : '';
  }
  q.addEventListener('input', applySearch);
  q.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') { q.value = ''; applySearch(); } });

  function setAll(open) {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = open; });
  }
  document.getElementById('expand').addEventListener('click', function () { setAll(true); });
  document.getElementById('collapse').addEventListener('click', function () { setAll(false); });
  window.addEventListener('beforeprint', function () { setAll(true); });

  /* ---- graph ---------------------------------------------------------------------------- */
  var canvas = document.getElementById('gcanvas');
  var panel = document.getElementById('gpanel');
  var byId = {};
  var nbr = {};
  G.nodes.forEach(function (n) { byId[n.id] = n; nbr[n.id] = []; });
  G.edges = G.edges.filter(function (e) { return byId[e.s] && byId[e.t]; });
  G.edges.forEach(function (e) { nbr[e.s].push(e.t); nbr[e.t].push(e.s); });

  var W = 1100, LEFT = 118, RIGHT = 16, ROWH = 64, GAP = 26, TOP = 24;
  var perRow = Math.max(4, Math.floor((W - LEFT - RIGHT) / 96));
  var rows = [];
  LEVELS.forEach(function (lv) {
    var ns = G.nodes.filter(function (n) { return n.level === lv; });
    if (!ns.length) { return; }
    ns.sort(function (a, b) {
      if (a.k !== b.k) { return a.k === 'doc' ? -1 : 1; }
      return nbr[b.id].length - nbr[a.id].length || (a.label < b.label ? -1 : 1);
    });
    rows.push({level: lv, nodes: ns});
  });
  var pos = {};
  function index() {
    rows.forEach(function (r) { r.nodes.forEach(function (n, i) { pos[n.id] = (i + 0.5) / r.nodes.length; }); });
  }
  index();
  for (var it = 0; it < 6; it++) {  // barycentre ordering: fewer crossings between layers
    rows.forEach(function (r) {
      var bc = {};
      r.nodes.forEach(function (n) {
        var ps = nbr[n.id].filter(function (m) { return byId[m].level !== n.level; }).map(function (m) { return pos[m]; });
        bc[n.id] = ps.length ? ps.reduce(function (a, b) { return a + b; }, 0) / ps.length : pos[n.id];
      });
      r.nodes.sort(function (a, b) { return bc[a.id] - bc[b.id]; });
    });
    index();
  }
  var xy = {};
  var y = TOP;
  var rowLabels = [];
  rows.forEach(function (r) {
    var lines = Math.ceil(r.nodes.length / perRow);
    rowLabels.push({level: r.level, y: y + 18});
    for (var k = 0; k < lines; k++) {
      var chunk = r.nodes.slice(k * perRow, (k + 1) * perRow);
      var step = (W - LEFT - RIGHT) / chunk.length;
      chunk.forEach(function (n, i) {
        var stagger = (k % 2) * step / 4;
        xy[n.id] = [LEFT + step * (i + 0.5) + (chunk.length < perRow ? 0 : stagger), y + 18];
      });
      y += ROWH;
    }
    y += GAP;
  });
  var H = Math.max(y, 120);
  var holder = document.createElement('div');
  holder.innerHTML = '<svg></svg>';
  var svg = holder.firstChild;
  SVGNS = svg.namespaceURI;
  [['viewBox', '0 0 ' + W + ' ' + H], ['role', 'img'], ['aria-label', 'graph'], ['id', 'gsvg']].forEach(function (a) {
    svg.setAttribute(a[0], a[1]);
  });
  rowLabels.forEach(function (r) {
    var t = s('text', {x: 6, y: r.y + 4, 'class': 'rowlab', fill: COLORS[r.level]});
    t.textContent = L[r.level] || r.level;
    svg.appendChild(t);
    svg.appendChild(s('line', {x1: 6, x2: W - 6, y1: r.y - 26, y2: r.y - 26, stroke: '#eef1f4'}));
  });
  var edgeEls = [];
  G.edges.forEach(function (e) {
    var a = xy[e.s], b = xy[e.t];
    var d;
    if (Math.abs(a[1] - b[1]) < 1) {
      var mx = (a[0] + b[0]) / 2, my = a[1] - 30 - Math.abs(a[0] - b[0]) / 8;
      d = 'M' + a[0] + ',' + a[1] + ' Q' + mx + ',' + my + ' ' + b[0] + ',' + b[1];
    } else {
      d = 'M' + a[0] + ',' + a[1] + ' L' + b[0] + ',' + b[1];
    }
    var p = s('path', {d: d, 'class': 'edge ' + e.type});
    p.__e = e;
    edgeEls.push(p);
    svg.appendChild(p);
  });
  var nodeEls = {};
  function short(t, n) { t = String(t || ''); return t.length > n ? t.slice(0, n - 1) + '…' : t; }
  G.nodes.forEach(function (n) {
    var c = xy[n.id];
    var g = s('g', {'class': 'node ' + n.k, 'data-id': n.id, transform: 'translate(' + c[0] + ',' + c[1] + ')',
      tabindex: '0'});
    var tip = s('title');
    tip.textContent = n.label + (n.title ? ' — ' + n.title : '');
    g.appendChild(tip);
    if (n.k === 'doc') {
      var lab = short(n.label, 18);
      var bw = Math.max(80, Math.min(150, lab.length * 7 + 14));
      g.appendChild(s('rect', {x: -bw / 2, y: -13, width: bw, height: 26, rx: 5, fill: COLORS[n.level],
        stroke: '#1d2329', 'stroke-width': 1.5}));
      var t = s('text', {y: 4, 'text-anchor': 'middle', fill: '#fff', style: 'fill:#fff;font-weight:600'});
      t.textContent = lab;
      g.appendChild(t);
    } else {
      var r = Math.min(14, 6 + Math.sqrt(nbr[n.id].length) * 2);
      g.appendChild(s('circle', {r: r, fill: COLORS[n.level], stroke: '#fff', 'stroke-width': 1.5}));
      var t2 = s('text', {y: r + 12, 'text-anchor': 'middle'});
      t2.textContent = short(n.label, 16);
      g.appendChild(t2);
    }
    g.addEventListener('click', function () { select(n.id); });
    g.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { select(n.id); } });
    nodeEls[n.id] = g;
    svg.appendChild(g);
  });
  canvas.appendChild(svg);
  svg.setAttribute('data-nodes', String(G.nodes.length));
  window.vnpolicyGraph = {nodes: G.nodes.length, edges: G.edges.length, select: select};

  function itemList(ids, max) {
    var ul = h('ul');
    ids.slice(0, max).forEach(function (id) {
      var el = document.getElementById(id);
      if (!el) { return; }
      var tt = el.querySelector('.tt') || el.querySelectorAll('td')[1] || el;
      var li = h('li');
      var a = h('a', {href: '#' + id}, short(tt.textContent, 220));
      a.addEventListener('click', function () {
        for (var p = el.parentElement; p; p = p.parentElement) { if (p.tagName === 'DETAILS') { p.open = true; } }
      });
      li.appendChild(a);
      ul.appendChild(li);
    });
    if (ids.length > max) { ul.appendChild(h('li', {'class': 'muted'}, '… +' + (ids.length - max))); }
    return ul;
  }
  function select(id) {
    var n = byId[id];
    if (!n) { return; }
    Object.keys(nodeEls).forEach(function (k) { nodeEls[k].classList.toggle('sel', k === id); });
    edgeEls.forEach(function (p) { p.classList.toggle('hl', p.__e.s === id || p.__e.t === id); });
    panel.innerHTML = '';
    panel.hidden = false;
    panel.parentElement.classList.remove('nopanel');
    var close = h('button', {type: 'button', style: 'float:right'}, L.close);
    close.addEventListener('click', function () {
      panel.hidden = true;
      panel.parentElement.classList.add('nopanel');
      Object.keys(nodeEls).forEach(function (k) { nodeEls[k].classList.remove('sel'); });
      edgeEls.forEach(function (p) { p.classList.remove('hl'); });
    });
    panel.appendChild(close);
    var head = h('h4');
    head.appendChild(h('span', {'class': 'lv lv-' + n.level}, L[n.level] || n.level));
    head.appendChild(document.createTextNode(' '));
    if (n.sec) { head.appendChild(h('a', {href: '#' + n.sec}, n.label)); } else { head.appendChild(document.createTextNode(n.label)); }
    panel.appendChild(head);
    panel.appendChild(h('div', {'class': 'muted'}, n.k === 'doc' ? L.doc_node : L.dir_node));
    if (n.title) { panel.appendChild(h('p', null, n.title)); }
    if (n.issuer || n.date) { panel.appendChild(h('p', {'class': 'muted'}, [n.issuer, n.date].filter(Boolean).join(' · '))); }
    if (n.flags && n.flags.length) { panel.appendChild(h('p', null, L.flags + ': ' + n.flags.join(', '))); }
    if (n.mentions && n.mentions.length) {
      panel.appendChild(h('h4', null, L.cited_in + ' (' + n.mentions.length + ')'));
      var ul = h('ul');
      n.mentions.slice(0, 30).forEach(function (m) {
        var li = h('li');
        li.appendChild(h('b', null, m.doc + ': '));
        li.appendChild(document.createTextNode('«' + m.text + '»' + (m.flags && m.flags.length ? ' [' + m.flags.join(', ') + ']' : '')));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    var tasks = n.tasks || [], targets = n.targets || [];
    panel.appendChild(h('h4', null, (n.k === 'doc' ? L.tasks : L.tasks_citing) + ' (' + tasks.length + ')'));
    panel.appendChild(tasks.length ? itemList(tasks, 60) : h('p', {'class': 'muted'}, L.none));
    if (targets.length) {
      panel.appendChild(h('h4', null, L.targets + ' (' + targets.length + ')'));
      panel.appendChild(itemList(targets, 40));
    }
  }
}());
