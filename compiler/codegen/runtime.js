// mpc WXML runtime, format "mpc-wxml/1". One copy is shared by every
// generated module (modules call R.def); see docs/wxml.md for the format.
//
// The semantics follow what wcc's output does at run time (observed through
// the oracle, NOTES.md §4): identifier lookup order (wxs modules, then loop
// scope, then data, own properties only), functions only reachable through
// wxs modules, wcc's object-spread merge order, wx:for over arrays, objects,
// numbers and strings, template lookup through the import/include tables,
// include loop guard, and deep copies across the wxs boundary.
var R = (function () {
  // Not strict mode: like wcc's runtime, writing a loop variable into a
  // primitive scope (template data="{{...true}}") is silently ignored.
  var defs = {};   // "./path.wxml" -> {ti, ic, wxs, t, f}
  var wxsDefs = {}; // "./path.wxs" -> factory(nv_require)
  var S = null;    // per-render state

  var DOM_LIMIT = 16000;
  var LOOP_LIMIT = 1000000; // wcc would spin forever on wx:for="{{1e12}}" with an empty body

  // ---------------------------------------------------------------- values

  // wcc wraps "affected" values as {__value__, __wxspec__}; data of exactly
  // that shape is unwrapped the same way.
  function hn(obj) {
    if (typeof obj == 'object') {
      var cnt = 0, a1 = false, a2 = false;
      for (var x in obj) {
        a1 = a1 || x === '__value__';
        a2 = a2 || x === '__wxspec__';
        cnt++;
        if (cnt > 2) break;
      }
      return cnt == 2 && a1 && a2;
    }
    return false;
  }
  function rv(o) { while (hn(o)) o = o.__value__; return o; }

  // Deep copy across the wxs boundary (wcc's $gdc): p = key prefix to add
  // ("nv_" into wxs), undefined strips 3 characters (out of wxs); r = 1 calls
  // module getters, r = 2 keeps functions.
  function gdc(o, p, r) {
    o = rv(o);
    if (o === null || o === undefined) return o;
    var c = o.constructor;
    if (c === String || c === Boolean || c === Number) return o;
    var copy, k;
    if (c === Object) {
      copy = {};
      for (k in o) if (Object.prototype.hasOwnProperty.call(o, k)) {
        if (p === undefined) copy[k.substring(3)] = gdc(o[k], p, r);
        else copy[p + k] = gdc(o[k], p, r);
      }
      return copy;
    }
    if (c === Array) {
      copy = [];
      for (k = 0; k < o.length; k++) copy.push(gdc(o[k], p, r));
      return copy;
    }
    if (c === Date) { copy = new Date(); copy.setTime(o.getTime()); return copy; }
    if (c === RegExp) {
      var f = '';
      if (o.global) f += 'g';
      if (o.ignoreCase) f += 'i';
      if (o.multiline) f += 'm';
      return new RegExp(o.source, f);
    }
    if (r && c === Function) {
      if (r == 1) return gdc(o(), undefined, 2);
      if (r == 2) return o;
    }
    return null;
  }

  // ------------------------------------------------------------ expressions
  // `o` carries wcc's "ap" flag: set when an identifier resolves to a wxs
  // module, it lets member access yield functions and calls happen.

  function id(o, e, s, gg, name) {
    var a;
    if (gg && gg.f && Object.prototype.hasOwnProperty.call(gg.f, name)) {
      a = gg.f;
      o.ap = true;
    } else {
      var rs = rv(s), re = rv(e);
      a = rs && Object.prototype.hasOwnProperty.call(rs, name) ? s :
        (re && Object.prototype.hasOwnProperty.call(re, name) ? e : undefined);
    }
    if (a) return rv(rv(a)[name]);
    return undefined;
  }

  // id with the ap flag cleared first: (o.ap = false, id(...))
  function idr(o, e, s, gg, name) {
    o.ap = false;
    return id(o, e, s, gg, name);
  }

  function memberGet(o, t, k, ap) {
    if (k === null || k === undefined || k === '__proto__' || k === 'prototype' || k === 'caller') return undefined;
    var d = t[k];
    if (typeof d === 'function' && !ap) d = undefined;
    return rv(d);
  }
  // t.k with a constant key
  function md(o, t, k) {
    t = rv(t);
    if (t === null || t === undefined) return undefined;
    return memberGet(o, t, k, o.ap);
  }
  // t[key()] with a computed key
  function mc(o, t, key) {
    t = rv(t);
    if (t === null || t === undefined) return undefined;
    var ap = o.ap;
    o.ap = false;
    var k = rv(key());
    o.ap = ap;
    return memberGet(o, t, k, ap);
  }
  // t(args()) — only wxs functions are callable
  function call(o, t, args) {
    if (!o.ap) return undefined;
    var ap = o.ap;
    var a = args();
    o.ap = ap;
    var f = rv(t);
    var r;
    try {
      r = typeof f === 'function' ? gdc(f.apply(null, gdc(a, 'nv_')), undefined) : undefined;
    } catch (err) {
      warn('wxs error: ' + String(err && err.message || err).replace(/nv_/g, ''));
      r = undefined;
    }
    return r;
  }

  // Object literal: entries [kind, key, value] with kind 8 (k: v) or 10
  // (...v), folded left to right exactly as wcc's op 9 does.
  function obj(entries) {
    var acc = null;
    for (var i = 0; i < entries.length; i++) {
      var en = entries[i], val;
      if (en[0] === 8) { val = {}; val[en[1]] = en[2]; } else val = rv(en[2]);
      if (i === 0) { acc = val; continue; }
      if (i === 1 && entries[0][0] === 10) {
        acc = merge(merge({}, val, false), acc, false);
      } else {
        acc = merge(acc, val, true);
      }
    }
    return acc;
  }
  function merge(a, b, ow) {
    var aa = rv(a), bb = rv(b);
    for (var k in bb) {
      if (ow || !Object.prototype.hasOwnProperty.call(aa, k)) aa[k] = rv(bb[k]);
    }
    return a;
  }

  // Loose equality. goja compares a string with an integer-valued number by
  // parsing the string as an integer ("4.00" == 4 is false there, true in
  // JS); converting as the spec does keeps wcc's results.
  function eq(a, b) {
    if (typeof a === 'boolean') a = +a;
    if (typeof b === 'boolean') b = +b;
    var ta = typeof a, tb = typeof b;
    // an object against a primitive compares its primitive value ('' + x
    // is ToPrimitive for every object wxs and data can hold)
    if ((ta === 'object' && a !== null || ta === 'function') && (tb === 'string' || tb === 'number')) return eq('' + a, b);
    if ((tb === 'object' && b !== null || tb === 'function') && (ta === 'string' || ta === 'number')) return eq(a, '' + b);
    if (ta === 'string' && tb === 'number') return Number(a) === b;
    if (ta === 'number' && tb === 'string') return a === Number(b);
    return a == b;
  }

  // ToInt32 as the spec defines it. goja saturates numbers beyond 2^63
  // (~123456789012345678901 is -1 there, -792100866 in JS), so bitwise
  // operands are converted here first; on int32 values goja is exact.
  function i32(x) {
    x = Number(x);
    if (x !== x || x === 0 || x === Infinity || x === -Infinity) return 0;
    if (x >= -2147483648 && x <= 2147483647) return x | 0;
    var n = x < 0 ? -Math.floor(-x) : Math.floor(x);
    n = n % 4294967296;
    if (n < 0) n += 4294967296;
    return n >= 2147483648 ? n - 4294967296 : n;
  }

  function str(x) { x = rv(x); return typeof x === 'undefined' ? '' : x; }

  // ------------------------------------------------------------------ nodes

  function n(tag) {
    if (++S.count >= DOM_LIMIT) throw "Dom limit exceeded, please check if there's any mistake you've made.";
    return { tag: 'wx-' + tag, attr: {}, children: [], generics: {} };
  }
  function v(k) {
    if (typeof k != 'undefined') return { tag: 'virtual', wxKey: k, children: [] };
    return { tag: 'virtual', children: [] };
  }
  function p(a, b) { if (typeof b != 'undefined') a.children.push(b); }
  // attribute from an expression evaluated with state o
  function attr(node, name, raw, o) {
    var value = gdc(raw, '', 2);
    if (o.ap && value && value.constructor === Function) name = '$wxs:' + name;
    node.attr[name] = value;
  }
  // text, wx:if conditions, template names: functions read as undefined
  function t(r) { return (r && r.constructor === Function) ? undefined : r; }
  function generic(node, name, value) {
    node.generics[name] = value === '' ? '' : 'wx-' + value;
  }

  function warn(m) { if (S && S.warnings) S.warnings.push('warn: ' + m); }

  // ------------------------------------------------------------------ wx:for

  function wfor(list, body, e, s, gg, father, itemName, indexName, keyName) {
    var scope = rv(s);
    var hasItem = Object.prototype.hasOwnProperty.call(scope, itemName);
    var hasIndex = Object.prototype.hasOwnProperty.call(scope, indexName);
    var oldItem = scope[itemName], oldIndex = scope[indexName];
    var full = Object.prototype.toString.call(rv(list));
    var type = full[8];
    if (type === 'N' && full[10] === 'l') type = 'X';
    var i, y, it, key, k;
    var keyOf = function (it) {
      it = rv(it);
      return keyName && it ? (keyName === '*this' ? it : rv(it[keyName])) : undefined;
    };
    if (type === 'A') {
      for (i = 0; i < list.length; i++) {
        scope[itemName] = list[i];
        scope[indexName] = i;
        y = v(keyOf(list[i]));
        p(father, y);
        body(e, scope, y, gg);
      }
    } else if (type === 'O') {
      for (k in list) {
        scope[itemName] = list[k];
        scope[indexName] = k;
        y = v(keyOf(list[k]));
        p(father, y);
        body(e, scope, y, gg);
      }
    } else if (type === 'S') {
      for (i = 0; i < list.length; i++) {
        scope[itemName] = list[i];
        scope[indexName] = i;
        y = v(list[i] + i);
        p(father, y);
        body(e, scope, y, gg);
      }
    } else if (type === 'N') {
      for (i = 0; i < list; i++) {
        if (i >= LOOP_LIMIT) throw 'wx:for over ' + list + ' items: loop limit exceeded';
        scope[itemName] = i;
        scope[indexName] = i;
        y = v(i);
        p(father, y);
        body(e, scope, y, gg);
      }
    }
    if (hasItem) scope[itemName] = oldItem; else delete scope[itemName];
    if (hasIndex) scope[indexName] = oldIndex; else delete scope[indexName];
  }

  // ------------------------------------------------------- files and templates

  // Resolves a src relative to file `me` to a compiled file key, or undefined.
  function grp(path, me) {
    if (path[0] != '/') {
      var mepart = me.split('/');
      mepart.pop();
      var ppart = path.split('/');
      for (var i = 0; i < ppart.length; i++) {
        if (ppart[i] == '..') mepart.pop();
        else if (!ppart[i] || ppart[i] == '.') continue;
        else mepart.push(ppart[i]);
      }
      path = mepart.join('/');
    }
    if (me[0] == '.' && path[0] == '/') path = '.' + path;
    if (has(S.e, path)) return path;
    if (has(S.e, path + '.wxml')) return path + '.wxml';
    return undefined;
  }
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  // <import src> at its position: pushed to the file's import stack.
  function ai(me, src, line, col) {
    var x = grp(src, me);
    var stack = S.e[me].i;
    if (x) stack.push(x);
    else {
      stack.push('');
      warn(me + ':import:' + line + ':' + col + ': Path `' + src + '` not found from `' + me + '`.');
    }
  }
  function popi(me) { S.e[me].i.pop(); }
  function popj(me) { S.e[me].j.pop(); }

  // Imported files' top-level imports reached through top-level includes.
  function gapi(p) {
    if (S.gapi[p]) return S.gapi[p];
    var ret = [], q = [p], h = 0, put = {}, visited = {};
    visited[p] = true;
    while (h < q.length) {
      var a = q[h++];
      var ic = S.e[a].ic;
      for (var i = 0; i < ic.length; i++) {
        var np = grp(ic[i], a);
        if (np && !visited[np]) { visited[np] = true; q.push(np); }
      }
      var ti = S.e[a].ti;
      for (i = 0; a != p && i < ti.length; i++) {
        var nm = grp(ti[i], a);
        if (nm && !put[nm]) { put[nm] = true; ret.push(nm); }
      }
    }
    S.gapi[p] = ret;
    return ret;
  }

  // Template lookup for name c called from file p (wcc's order).
  function gd(p, c) {
    if (!c) return undefined;
    var d = S.d, e = S.e, x, q;
    if (d[p][c]) return d[p][c];
    var imp = e[p].i;
    for (x = imp.length - 1; x >= 0; x--) if (imp[x] && d[imp[x]][c]) return d[imp[x]][c];
    var ti = e[p].ti;
    for (x = ti.length - 1; x >= 0; x--) { q = grp(ti[x], p); if (q && d[q][c]) return d[q][c]; }
    var ii = gapi(p);
    for (x = 0; x < ii.length; x++) if (ii[x] && d[ii[x]][c]) return d[ii[x]][c];
    var j = e[p].j;
    for (var k = j.length - 1; k >= 0; k--) if (j[k]) {
      var jti = e[j[k]].ti;
      for (q = jti.length - 1; q >= 0; q--) {
        var pp = grp(jti[q], p);
        if (pp && d[pp][c]) return d[pp][c];
      }
    }
    return undefined;
  }

  // Wraps a template body: wxs scope of the defining file, recursion guard.
  function tpl(path, name, body) {
    return function (e, s, r, gg) {
      var b = path + ':' + name;
      gg.f = mods(path);
      if (S.p[b]) { warn(path + ':-1:-1:-1: Template `' + b + '` is being called recursively, will be stop.'); return; }
      S.p[b] = true;
      try { body(e, s, r, gg); } catch (err) { S.p[b] = false; throw err; }
      S.p[b] = false;
      return r;
    };
  }

  // <template is data>: f = the template (or undefined), data = its data
  function tcall(me, name, f, data, r, gg, line, col) {
    if (f) {
      var td = data || {};
      var cur = gg.f;
      f(td, td, r, gg);
      gg.f = cur;
    } else warn(me + ':template:' + line + ':' + col + ': Template `' + name + '` not found.');
  }

  // <include src>: renders the target into r with the includer's scope.
  function ic(src, me, e, s, r, gg) {
    var x = grp(src, me);
    S.e[me].j.push(x);
    if (x) {
      if (S.ixc[x]) { warn('-1:include:-1:-1: `' + src + '` is being included in a loop, will be stop.'); return; }
      S.ixc[x] = true;
      try { S.e[x].f(e, s, r, gg); } catch (err) { /* wcc swallows errors of included content */ }
      S.ixc[x] = false;
    } else warn(me + ':include:-1:-1: Included path `' + src + '` not found from `' + me + '`.');
  }

  // ------------------------------------------------------------------- wxs

  // A module's exports, evaluated once per render.
  function wxsModule(key) {
    if (has(S.wxsCache, key)) return S.wxsCache[key];
    var f = key.charAt(0) === 'm' ? S.inline[key] : wxsDefs[key.slice(2)];
    S.wxsCache[key] = undefined;
    if (!f) return undefined;
    try {
      S.wxsCache[key] = f(nvRequire);
    } catch (err) {
      warn('wxs error in ' + key.slice(2) + ': ' + String(err && err.message || err).replace(/nv_/g, ''));
    }
    return S.wxsCache[key];
  }
  // require() inside .wxs, resolved at compile time to "p_./path.wxs"
  function nvRequire(key) { return function () { return wxsModule(key); }; }
  // The module table of a file, deep copied for the caller (wcc: $gdc(f_[path], "", 1)).
  function mods(path) {
    var def = defs[path], out = {};
    if (!def) return out;
    for (var name in def.wxs) {
      var w = def.wxs[name];
      var key = typeof w === 'string' ? 'p_' + w : 'm_' + path + ':' + name;
      if (typeof w !== 'string') S.inline[key] = w;
      out[name] = gdc(wxsModule(key), undefined, 2);
    }
    return out;
  }

  function hit(id) { if (S.cov) S.cov[id] = 1; }

  // ------------------------------------------------------------- rendering

  function render(path, data, opts) {
    opts = opts || {};
    S = {
      e: {}, d: {}, p: {}, ixc: {}, gapi: {}, count: 0, wxsCache: {}, inline: {},
      warnings: opts.warnings ? [] : null, cov: opts.coverage ? {} : null,
    };
    for (var k in defs) {
      S.e[k] = { f: defs[k].f, j: [], i: [], ti: defs[k].ti, ic: defs[k].ic };
      S.d[k] = {};
      var ts = defs[k].t;
      for (var name in ts) S.d[k][name] = tpl(k, name, ts[name]);
    }
    if (!has(defs, path)) throw 'no render function for ' + path;
    var root = { tag: 'wx-page', children: [] };
    var gg = { f: mods(path) };
    defs[path].f(data, {}, root, gg);
    return { root: root, warnings: S.warnings, coverage: S.cov };
  }

  // ---------------------------------------------------- canonical vdom (mpc-vdom/1)

  function canonValue(x, seen) {
    if (x === undefined) return { $undefined: true };
    if (x === null) return null;
    switch (typeof x) {
      case 'string': case 'boolean': return x;
      case 'number': return isFinite(x) ? (x === 0 ? 0 : x) : { $number: String(x) };
      case 'function': return { $function: true };
    }
    var tag = Object.prototype.toString.call(x);
    if (tag === '[object Date]') return { $date: isNaN(x.getTime()) ? 'Invalid Date' : x.toISOString() };
    if (tag === '[object RegExp]') return { $regexp: String(x) };
    if (seen.indexOf(x) >= 0) return { $cycle: true };
    seen.push(x);
    var out, i;
    if (Array.isArray(x)) {
      out = [];
      for (i = 0; i < x.length; i++) out.push(canonValue(x[i], seen));
    } else {
      out = {};
      var keys = Object.keys(x).sort();
      for (i = 0; i < keys.length; i++) out[keys[i]] = canonValue(x[keys[i]], seen);
    }
    seen.pop();
    return out;
  }
  function stripPrefix(t) { return t.indexOf('wx-') === 0 ? t.slice(3) : t; }
  function canonChildren(children, opts) {
    var out = [], i;
    for (i = 0; i < children.length; i++) {
      var ch = children[i];
      if (ch === null || typeof ch !== 'object' || typeof ch.tag !== 'string') {
        out.push(typeof ch === 'string' ? ch : ch === undefined ? '' : String(ch));
        continue;
      }
      if (ch.tag === 'virtual') {
        if (opts.virtual) {
          var vn = { tag: '#virtual' };
          if (has(ch, 'wxKey')) vn.key = canonValue(ch.wxKey, []);
          vn.children = canonChildren(ch.children, opts);
          out.push(vn);
        } else {
          var sub = canonChildren(ch.children, opts);
          for (var j = 0; j < sub.length; j++) out.push(sub[j]);
        }
        continue;
      }
      out.push(canonElement(ch, opts));
    }
    if (opts.rawText || opts.virtual) return out;
    var merged = [];
    for (i = 0; i < out.length; i++) {
      if (typeof out[i] === 'string' && typeof merged[merged.length - 1] === 'string') merged[merged.length - 1] += out[i];
      else merged.push(out[i]);
    }
    return merged.filter(function (x) { return x !== ''; });
  }
  function canonElement(node, opts) {
    var el = { tag: stripPrefix(node.tag), attrs: {} };
    var keys = Object.keys(node.attr).sort();
    for (var i = 0; i < keys.length; i++) el.attrs[keys[i]] = canonValue(node.attr[keys[i]], []);
    var gk = Object.keys(node.generics);
    if (gk.length) {
      el.generics = {};
      gk.sort();
      for (i = 0; i < gk.length; i++) el.generics[stripPrefix(gk[i])] = stripPrefix(String(node.generics[gk[i]]));
    }
    el.children = canonChildren(node.children, opts);
    return el;
  }

  // Renders and returns the canonical JSON text (plus warnings/coverage).
  function renderJSON(path, dataJSON, opts) {
    opts = opts || {};
    var res = render(path, JSON.parse(dataJSON), opts);
    var out = { vdom: JSON.stringify(canonChildren(res.root.children, opts)) };
    if (res.warnings) out.warnings = res.warnings;
    if (res.coverage) out.coverage = Object.keys(res.coverage).sort();
    return out;
  }

  return {
    def: function (path, d) { defs[path] = d; },
    wxs: function (path, f) { wxsDefs[path] = f; },
    gdcIn: function (o) { return gdc(o, 'nv_'); },
    gdcOut: function (o) { return gdc(o, undefined); },
    rv: rv, id: id, idr: idr, md: md, mc: mc, call: call, obj: obj, str: str, eq: eq, i32: i32,
    n: n, v: v, p: p, attr: attr, t: t, generic: generic, wfor: wfor,
    ai: ai, popi: popi, popj: popj, gd: gd, tcall: tcall, ic: ic, hit: hit,
    render: render, renderJSON: renderJSON,
    warn: function (m) { warn(m); },
    fail: function (m) { throw new TypeError(m); },
  };
})();
