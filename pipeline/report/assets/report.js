/* vnpolicy report: search filter (scrolls to the first hit) and the clickable Graphviz graph. */
(function () {
  'use strict';
  var L = JSON.parse(document.getElementById('i18n').textContent);
  var G = JSON.parse(document.getElementById('gdata').textContent);

  function fold(s) {
    return String(s || '').replace(/[đĐ]/g, 'd').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  function h(tag, attrs, text) {
    var el = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { el.textContent = text; }
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
    hitAt = -1;
    if (n) { nextHit(); }
  }
  var hitAt = -1;
  function nextHit() {  /* the first (then the next) match is brought into view and marked */
    var hits = items.filter(function (el) { return !el.classList.contains('nomatch') && el.offsetParent !== null; });
    if (!hits.length || !fold(q.value).trim()) { return; }
    items.forEach(function (el) { el.classList.remove('hit'); });
    hitAt = (hitAt + 1) % hits.length;
    hits[hitAt].classList.add('hit');
    hits[hitAt].scrollIntoView({block: 'center'});
  }
  document.getElementById('qnext').addEventListener('click', nextHit);
  q.addEventListener('input', applySearch);
  q.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') { q.value = ''; applySearch(); }
    if (ev.key === 'Enter') { nextHit(); }
  });

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
  G.nodes.forEach(function (n) { byId[n.id] = n; });

  /* The drawing is Graphviz's (inline SVG made at build time); the page only makes it answer clicks. */
  var svg = canvas ? canvas.querySelector('svg') : null;  /* an alignment page has no graph */
  var nodeEls = {};
  var edgeEls = [];
  if (svg) {
    Array.prototype.forEach.call(svg.querySelectorAll('g.node[data-id]'), function (g) {
      var id = g.getAttribute('data-id');
      nodeEls[id] = g;
      g.addEventListener('click', function () { select(id); });
      g.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { select(id); } });
    });
    var gid = {};
    G.nodes.forEach(function (n, i) { gid['gn' + i] = n.id; });
    Array.prototype.forEach.call(svg.querySelectorAll('g.edge'), function (g) {
      var t = g.querySelector('title');
      var m = t ? /^n(\d+)->n(\d+)$/.exec(t.textContent.replace(/&#45;/g, '-')) : null;
      if (m) { g.__e = {s: gid['gn' + m[1]], t: gid['gn' + m[2]]}; edgeEls.push(g); }
    });
    svg.setAttribute('data-nodes', String(G.nodes.length));
  }
  window.vnpolicyGraph = {nodes: svg ? svg.querySelectorAll('g.node').length : 0, edges: edgeEls.length,
    select: select};
  function short(t, n) { t = String(t || ''); return t.length > n ? t.slice(0, n - 1) + '…' : t; }

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
    if (n.href || n.sec) { head.appendChild(h('a', {href: n.href || '#' + n.sec}, n.label)); } else { head.appendChild(document.createTextNode(n.label)); }
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
    if (n.cited) { panel.appendChild(h('p', null, L.cited_by_count.replace('{n}', n.cited))); }
    if (n.href) { var op = h('p'); op.appendChild(h('a', {href: n.href}, L.open_page)); panel.appendChild(op); }
    if (!n.tasks) { return; }  /* the index's nodes link to their pages instead of listing items */
    var tasks = n.tasks || [], targets = n.targets || [];
    panel.appendChild(h('h4', null, (n.k === 'doc' ? L.tasks : L.tasks_citing) + ' (' + tasks.length + ')'));
    panel.appendChild(tasks.length ? itemList(tasks, 60) : h('p', {'class': 'muted'}, L.none));
    if (targets.length) {
      panel.appendChild(h('h4', null, L.targets + ' (' + targets.length + ')'));
      panel.appendChild(itemList(targets, 40));
    }
  }
}());
