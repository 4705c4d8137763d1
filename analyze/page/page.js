// mpc analyze page: reads the embedded "mpc-report/1" JSON and draws a
// squarified treemap of package → folder → file with absolutely positioned
// divs (easy to click, label and test), plus the panels around it. No
// network: everything the page needs is in this file.
(function () {
  'use strict';
  var t0 = performance.now();
  var R = JSON.parse(document.getElementById('mpc-report').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var KINDS = ['js', 'wxml', 'wxss', 'wxs', 'json', 'asset'];
  var HDR = 16; // height of a group's label band
  var PAD = 2; // inner padding of a group

  var state = { metric: 'bytes', zoom: null, query: '' };

  // ---- sizes -------------------------------------------------------------

  function fmt(n) {
    var a = Math.abs(n), s = n < 0 ? '-' : '';
    if (a < 1024) return s + a + ' B';
    if (a < 1048576) return s + (a / 1024).toFixed(1) + ' KB';
    return s + (a / 1048576).toFixed(2) + ' MB';
  }
  function pct(a, b) { return b > 0 ? (a * 100 / b).toFixed(a * 100 / b < 10 ? 1 : 0) + '%' : ''; }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function files(n) { return n + (n === 1 ? ' file' : ' files'); }
  function val(n) { return state.metric === 'gzip' ? n.gzip : n.bytes; }

  // ---- tree --------------------------------------------------------------

  // Node ids: "" is the root, a package's id is its name, a folder or file is
  // "NAME:relative/path" (the path inside the package). ids go into the URL
  // hash, so the zoom survives a reload and the back button works.
  var nodes = []; // by index; data-i on the rectangles
  var byId = Object.create(null);

  function mk(type, name, id, path, parent, pkg) {
    var n = { i: nodes.length, type: type, name: name, id: id, path: path, parent: parent, pkg: pkg,
      children: [], bytes: 0, gzip: 0, kind: '', hit: false };
    nodes.push(n);
    byId[id] = n;
    if (parent) parent.children.push(n);
    return n;
  }

  var root = mk('root', 'All packages', '', '', null, null);
  var packages = R.packages || [];
  packages.forEach(function (p) {
    var pn = mk('pkg', p.name, p.name, p.root, root, p);
    var prefix = p.root ? p.root + '/' : '';
    var dirs = Object.create(null);
    (p.files || []).forEach(function (f) {
      var rel = prefix && f.path.indexOf(prefix) === 0 ? f.path.slice(prefix.length) : f.path;
      var parts = rel.split('/');
      var parent = pn, sofar = '';
      for (var k = 0; k < parts.length - 1; k++) {
        sofar = sofar ? sofar + '/' + parts[k] : parts[k];
        var d = dirs[sofar];
        if (!d) d = dirs[sofar] = mk('dir', parts[k], p.name + ':' + sofar, prefix + sofar, parent, p);
        parent = d;
      }
      var fn = mk('file', parts[parts.length - 1], p.name + ':' + rel, f.path, parent, p);
      fn.bytes = f.bytes || 0;
      fn.gzip = f.gzipBytes || 0;
      fn.kind = KINDS.indexOf(f.kind) >= 0 ? f.kind : 'other';
    });
  });

  // Sum sizes bottom-up and fold chains of single folders
  // ("miniprogram_npm/@vant/weapp") into one node, as a file manager would
  // show a path.
  function finish(n) {
    if (n.type === 'file') return;
    n.children.forEach(finish);
    if (n.type === 'dir') {
      while (n.children.length === 1 && n.children[0].type === 'dir') {
        var c = n.children[0];
        n.name += '/' + c.name;
        n.id = c.id;
        n.path = c.path;
        n.children = c.children;
        n.children.forEach(function (g) { g.parent = n; });
        byId[c.id] = n;
      }
    }
    n.bytes = 0; n.gzip = 0;
    n.children.forEach(function (c) { n.bytes += c.bytes; n.gzip += c.gzip; });
  }
  finish(root);

  // ---- squarified layout (Bruls, Huizing, van Wijk) ----------------------

  // items: nodes with v > 0, sorted by v descending; returns [x, y, w, h]
  // per item, filling the box.
  function squarify(items, vals, x, y, w, h) {
    var total = 0, i, out = new Array(items.length);
    for (i = 0; i < vals.length; i++) total += vals[i];
    if (total <= 0 || w <= 0 || h <= 0) return out;
    var scale = w * h / total;
    i = 0;
    while (i < items.length) {
      var side = Math.min(w, h);
      var a0 = vals[i] * scale, sum = a0, mn = a0, mx = a0;
      var best = worst(sum, mn, mx, side), j = i + 1;
      while (j < items.length) {
        var a = vals[j] * scale, s2 = sum + a;
        var w2 = worst(s2, Math.min(mn, a), Math.max(mx, a), side);
        if (w2 > best) break;
        sum = s2; best = w2; mn = Math.min(mn, a); mx = Math.max(mx, a); j++;
      }
      if (j === items.length) sum = w * h; // the last row takes what is left (rounding)
      var thick = sum / side, pos, k, len;
      if (w >= h) { // a column on the left
        thick = Math.min(thick, w);
        for (pos = y, k = i; k < j; k++) {
          len = k === j - 1 ? y + h - pos : vals[k] * scale / thick;
          out[k] = [x, pos, thick, len]; pos += len;
        }
        x += thick; w -= thick;
      } else { // a row on top
        thick = Math.min(thick, h);
        for (pos = x, k = i; k < j; k++) {
          len = k === j - 1 ? x + w - pos : vals[k] * scale / thick;
          out[k] = [pos, y, len, thick]; pos += len;
        }
        y += thick; h -= thick;
      }
      i = j;
    }
    return out;
  }
  function worst(sum, mn, mx, side) {
    var s2 = sum * sum, w2 = side * side;
    return Math.max(w2 * mx / s2, s2 / (w2 * mn));
  }

  // ---- treemap rendering -------------------------------------------------

  var map = $('treemap');
  var html = [];
  var drawn = 0;

  function sortedChildren(n) {
    var items = n.children.filter(function (c) { return val(c) > 0; });
    items.sort(function (a, b) { return val(b) - val(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0); });
    return items;
  }

  // layoutChildren draws the children of n into the box, recursively, and
  // stops where rectangles get too small to see.
  function layoutChildren(n, x, y, w, h, depth) {
    var items = sortedChildren(n);
    if (!items.length) return;
    var rects = squarify(items, items.map(val), x, y, w, h);
    for (var k = 0; k < items.length; k++) {
      var r = rects[k];
      if (r) draw(items[k], r[0], r[1], r[2], r[3], depth);
    }
  }

  function draw(n, x, y, w, h, depth) {
    // Round the edges, not the sizes, so neighbours share an edge.
    var L = Math.round(x), T = Math.round(y), W = Math.round(x + w) - L, H = Math.round(y + h) - T;
    if (W < 2 || H < 2) return;
    drawn++;
    var cls, attrs = ' data-i="' + n.i + '" data-path="' + esc(n.path) + '"';
    if (n.type === 'file') {
      cls = 'n f k-' + n.kind;
      attrs += ' data-kind="' + n.kind + '"';
    } else if (n.type === 'pkg') {
      cls = 'n p' + (n.pkg.independent ? ' ind' : '') + (n.pkg.limit > 0 && n.pkg.bytes > n.pkg.limit ? ' over' : '');
      attrs += ' data-package="' + esc(n.name) + '"';
    } else {
      cls = 'n g d' + Math.min(depth, 3);
    }
    if (n.hit) cls += ' hit';
    var label = W > 30 && H > 13 ? esc(n.name) + (n.type !== 'file' && W > 120 ? ' <small>' + fmt(val(n)) + '</small>' : '') : '';
    html.push('<div class="', cls, '"', attrs, ' style="left:', L, 'px;top:', T, 'px;width:', W, 'px;height:', H, 'px">', label, '</div>');
    if (n.type === 'file') return;
    var hdr = H > 2 * HDR + 8 && W > 40 ? HDR : 0;
    var inner = [L + PAD, T + hdr + PAD, W - 2 * PAD, H - hdr - 2 * PAD];
    if (inner[2] >= 4 && inner[3] >= 4) layoutChildren(n, inner[0], inner[1], inner[2], inner[3], depth + 1);
  }

  function render() {
    var start = performance.now();
    var z = state.zoom || root;
    html.length = 0;
    drawn = 0;
    var W = map.clientWidth, H = map.clientHeight;
    if (val(z) <= 0) {
      html.push('<div class="empty">Nothing to show: ', z === root ? 'the report has no files' : 'this folder is empty',
        state.metric === 'gzip' ? ' with gzip sizes' : '', '.</div>');
    } else if (z.type === 'file') {
      draw(z, 0, 0, W, H, 0);
    } else {
      layoutChildren(z, 0, 0, W, H, z === root ? 0 : 1);
    }
    map.innerHTML = html.join('');
    tip.hidden = true; // what it described may be gone
    map.setAttribute('data-zoom', z.id);
    map.setAttribute('data-drawn', String(drawn));
    map.classList.toggle('searching', state.query !== '');
    renderCrumbs(z);
    renderContents(z);
    void map.offsetHeight; // include style and layout in the measurement
    api.renderMs = performance.now() - start;
  }

  // ---- zoom, breadcrumb, hash --------------------------------------------

  function hashOf(n) {
    return n === root ? '' : '#' + encodeURIComponent(n.id).replace(/%2F/g, '/').replace(/%3A/g, ':');
  }
  function zoomTo(n) {
    if (!n || n.type === 'file') return;
    var h = hashOf(n);
    if (location.hash === h) {
      state.zoom = n; render();
    } else {
      location.hash = h; // hashchange renders
    }
  }
  function fromHash() {
    var id = '';
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { /* a hand-edited hash */ }
    state.zoom = byId[id] || root;
    if (state.zoom.type === 'file') state.zoom = state.zoom.parent;
  }
  window.addEventListener('hashchange', function () { fromHash(); render(); });

  function renderCrumbs(z) {
    var chain = [];
    for (var n = z; n; n = n.parent) chain.unshift(n);
    $('crumbs').innerHTML = chain.map(function (n, k) {
      return k === chain.length - 1
        ? '<span class="here" data-id="' + esc(n.id) + '">' + esc(n.name) + '</span>'
        : '<a href="' + (esc(hashOf(n)) || '#') + '" data-id="' + esc(n.id) + '">' + esc(n.name) + '</a>';
    }).join('<span class="sep">›</span>') + '<span class="size">' + fmt(val(z)) +
      (z !== root ? ' · ' + pct(val(z), val(root)) + ' of all' : '') + '</span>';
  }

  function renderContents(z) {
    var items = z.type === 'file' ? [] : sortedChildren(z).slice(0, 50);
    var total = val(z);
    $('contents').innerHTML = items.map(function (c) {
      return '<li data-i="' + c.i + '">' + esc(c.name) + (c.type === 'file' || /\/$/.test(c.name) ? '' : '/') +
        '<span>' + fmt(val(c)) + ' · ' + pct(val(c), total) + '</span></li>';
    }).join('');
  }
  $('contents').addEventListener('click', function (e) {
    var li = e.target.closest('li');
    if (li) zoomTo(nodes[+li.getAttribute('data-i')]);
  });

  // A click on a folder's or package's own rectangle (its label band or
  // border) zooms into it; a click anywhere else zooms one level, into the
  // child of the current view that holds the click.
  map.addEventListener('click', function (e) {
    var el = e.target.closest('.n');
    if (!el) return;
    var n = nodes[+el.getAttribute('data-i')];
    var z = state.zoom || root;
    if (n.type === 'file') {
      while (n.parent && n.parent !== z) n = n.parent;
    }
    zoomTo(n);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && e.target !== $('search')) {
      var z = state.zoom || root;
      if (z.parent) zoomTo(z.parent);
    }
  });

  // ---- tooltip -----------------------------------------------------------

  var tip = $('tip');
  map.addEventListener('mousemove', function (e) {
    var el = e.target.closest('.n');
    if (!el) { tip.hidden = true; return; }
    var n = nodes[+el.getAttribute('data-i')];
    var pk = n.type === 'pkg' ? n : byId[n.pkg.name];
    var lines = ['<b>' + esc(n.type === 'pkg' ? 'package ' + n.name + (n.pkg.root ? ' (' + n.pkg.root + '/)' : '') : n.path + (n.type === 'dir' ? '/' : '')) + '</b>',
      '<div>' + fmt(n.bytes) + ' · gzip ' + fmt(n.gzip) + (n.kind ? ' · ' + n.kind : '') + '</div>'];
    if (n.type !== 'pkg') lines.push('<div>' + pct(val(n), val(pk)) + ' of package ' + esc(pk.name) + '</div>');
    else if (n.pkg.limit > 0) lines.push('<div>' + pct(n.pkg.bytes, n.pkg.limit) + ' of its ' + fmt(n.pkg.limit) + ' limit</div>');
    if (n.type !== 'file') lines.push('<div>' + files(countFiles(n)) + ' · click to zoom</div>');
    tip.innerHTML = lines.join('');
    tip.hidden = false;
    var x = e.clientX + 14, y = e.clientY + 14;
    if (x + tip.offsetWidth > innerWidth) x = e.clientX - tip.offsetWidth - 8;
    if (y + tip.offsetHeight > innerHeight) y = e.clientY - tip.offsetHeight - 8;
    tip.style.left = x + 'px'; tip.style.top = y + 'px';
  });
  map.addEventListener('mouseleave', function () { tip.hidden = true; });
  function countFiles(n) {
    if (n.type === 'file') return 1;
    var c = 0;
    n.children.forEach(function (k) { c += countFiles(k); });
    return c;
  }

  // ---- search ------------------------------------------------------------

  function search(q) {
    state.query = q.trim().toLowerCase();
    var count = 0, bytes = 0;
    nodes.forEach(function (n) { n.hit = false; });
    if (state.query) {
      nodes.forEach(function (n) {
        if (n.type !== 'file' || n.path.toLowerCase().indexOf(state.query) < 0) return;
        count++; bytes += val(n);
        for (var p = n; p && !p.hit; p = p.parent) p.hit = true;
      });
    }
    $('search-info').textContent = state.query ? files(count) + ', ' + fmt(bytes) : '';
    render();
  }
  var searchTimer = 0;
  $('search').addEventListener('input', function () {
    clearTimeout(searchTimer);
    var q = this.value;
    searchTimer = setTimeout(function () { search(q); }, 80);
  });
  function setSearch(q) { $('search').value = q; search(q); }

  // ---- metric switch, resize ----------------------------------------------

  Array.prototype.forEach.call(document.querySelectorAll('input[name=metric]'), function (r) {
    r.addEventListener('change', function () {
      state.metric = this.value;
      if (state.query) search(state.query); else render();
    });
  });
  var resizeFrame = 0;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(render);
  });

  // ---- panels --------------------------------------------------------------

  function barRow(cls, name, extra, bytes, limit, gzip) {
    var share = limit > 0 ? bytes / limit : 0;
    cls += share > 1 ? ' over' : share > 0.9 ? ' warn' : '';
    return '<div class="bar-row ' + cls + '"' + extra + '><div class="line"><span class="name">' + name + '</span>' +
      '<span class="nums">' + fmt(bytes) + (limit > 0 ? ' / ' + fmt(limit) + ' · ' + pct(bytes, limit) : '') + '</span></div>' +
      '<div class="bar"><i style="width:' + Math.min(100, share * 100).toFixed(1) + '%"></i></div>' +
      (gzip != null ? '<small>gzip ' + fmt(gzip) + '</small>' : '') + '</div>';
  }

  function renderPanels() {
    var total = R.totalBytes || 0;
    var fileCount = countFiles(root);
    $('totals').innerHTML = '<b>' + fmt(total) + '</b> in ' + packages.length + (packages.length === 1 ? ' package' : ' packages') +
      ', ' + files(fileCount) + ' · gzip <b>' + fmt(R.totalGzipBytes || 0) + '</b>';

    var h = packages.map(function (p) {
      return barRow('pkg', esc(p.name) + (p.independent ? '<span class="badge">independent</span>' : ''),
        ' data-package="' + esc(p.name) + '"', p.bytes, p.limit, p.gzipBytes);
    });
    h.push(barRow('total', 'total', '', total, (R.limits || {}).total, null));
    var pre = R.preload || [];
    if (pre.length) {
      h.push('<h3>Preload rules</h3>');
      pre.forEach(function (r) {
        h.push(barRow('sub', esc(r.page) + ' → ' + esc((r.packages || []).join(', ')), '', r.bytes, r.limit, null));
      });
    }
    $('packages').innerHTML = h.join('');
    $('packages').addEventListener('click', function (e) {
      var row = e.target.closest('[data-package]');
      if (row) zoomTo(byId[row.getAttribute('data-package')]);
    });

    var cs = R.coldStart || {};
    var rows = [
      ['entry page', esc(cs.entryPage || '')],
      ['main package at launch', fmt(cs.mainBytes || 0)],
      ['JS injected at launch', fmt(cs.jsBytes || 0) + ' · ' + files(cs.jsFiles || 0)],
      ['… with lazy code loading', fmt(cs.lazyJsBytes || 0) + ' · ' + files(cs.lazyJsFiles || 0)],
      ['lazyCodeLoading in app.json', cs.lazyCodeLoading ? 'requiredComponents' : 'off'],
      ['global components', '<span title="' + esc((cs.globalComponents || []).join('\n')) + '">' + (cs.globalComponents || []).length + '</span>'],
      ['main code used only by subpackages', fmt(cs.mainUsedOnlyBySubpackagesBytes || 0)],
      ['duplicated into subpackages', fmt(cs.duplicatedBytes || 0)]
    ];
    $('coldstart').innerHTML = rows.map(function (r) { return '<dt>' + r[0] + '</dt><dd>' + r[1] + '</dd>'; }).join('');

    var viol = R.violations || [];
    if (viol.length) {
      $('violations').innerHTML = viol.map(function (v) { return '<p>' + esc(v.message) + '</p>'; }).join('');
      $('violations').hidden = false;
    }

    var dup = R.duplicated || [], dupBytes = 0;
    $('duplicated').innerHTML = dup.length
      ? '<tr><th>source</th><th class="num">size</th><th>copies</th></tr>' + dup.map(function (d) {
        var copies = d.copies || [];
        dupBytes += (d.bytes || 0) * copies.length;
        return '<tr><td>' + esc(d.source) + '</td><td class="num">' + fmt(d.bytes || 0) + ' ×' + copies.length + '</td><td>' +
          copies.map(function (c) { return '<a data-q="' + esc(c) + '">' + esc(c) + '</a>'; }).join('<br>') + '</td></tr>';
      }).join('')
      : '<tr><td>No file is copied into more than one package.</td></tr>';
    $('dup-sum').textContent = dup.length ? files(dup.length) + ', ' + fmt(dupBytes) + ' in all copies' : '';

    var un = R.unused || [], unBytes = 0;
    $('unused').innerHTML = un.length
      ? '<tr><th>path</th><th class="num">size</th></tr>' + un.map(function (u) {
        unBytes += u.bytes || 0;
        return '<tr><td>' + esc(u.path) + '</td><td class="num">' + fmt(u.bytes || 0) + '</td></tr>';
      }).join('')
      : '<tr><td>Every source file is used.</td></tr>';
    $('unused-sum').textContent = un.length ? files(un.length) + ', ' + fmt(unBytes) + ', left out of the build' : '';
    $('duplicated').addEventListener('click', function (e) {
      var a = e.target.closest('a[data-q]');
      if (a) { zoomTo(root); setSearch(a.getAttribute('data-q')); }
    });

    $('legend').innerHTML = KINDS.map(function (k) { return '<span><i class="k-' + k + '"></i>' + k + '</span>'; }).join('') +
      '<span class="hint">click to zoom · Esc or the path above to go back</span>';
  }

  // ---- start ---------------------------------------------------------------

  var api = window.mpcAnalyze = {
    nodes: nodes.length,
    renderMs: 0,
    firstRenderMs: 0,
    readyMs: 0,
    zoom: function (id) { zoomTo(byId[id]); },
    search: setSearch,
    metric: function (m) { $('metric-' + m).click(); }
  };
  renderPanels();
  fromHash();
  render();
  api.firstRenderMs = performance.now() - t0;
  api.readyMs = performance.now();
})();
