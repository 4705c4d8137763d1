#!/usr/bin/env node
'use strict';
// Compares pairs of CSS texts with the oracle's css-diff.js in one node
// process (used by wxss_test.go).
//
//   stdin : {"a": CSS, "b": CSS, "zeros"?: bool, "urls"?: bool} per line
//   stdout: {"equal": true} or {"equal": false, "diff": "..."} per line
//
// "urls": strip wcsc's local-url rewriting from both sides before comparing
// (the -do-not-use-local-path-FILE&L&C marker it appends and the quotes it
// drops; mpc deliberately leaves url()s as written, docs/wxss.md).
// "zeros": read a zero length with a unit as plain 0 on both sides (for
// comparing the output of minified WXSS, which drops zero units).
const path = require('path');
const fs = require('fs');
const oracle = process.env.MPC_ORACLE_DIR || path.join(__dirname, '..', '..', '..', 'shared', 'oracle');
const { normalize } = require(path.join(oracle, 'css-diff.js'));

const localURL = /url\(\s*(["']?)((?:(?!\1\s*\)).)*?)\1\s*\)/g;
function stripURLs(css) {
  return css.replace(localURL, (m, q, u) => {
    const marker = u.indexOf('-do-not-use-local-path-');
    if (marker >= 0) u = u.slice(0, marker);
    if (/^(https?:|\/\/|data:)/.test(u.trim())) return m; // case-sensitive, as wcsc
    return 'url(' + u.replace(/\s+/g, '') + ')';
  });
}

const zero = /(^|[^\w.#%-])([+-]?)(0+\.?0*|\.0+)(px|rpx|em|rem|vw|vh|vmin|vmax|pt|pc|cm|mm|in|ex|ch|q)(?![\w%-])/gi;
function stripZeros(css) {
  return css.replace(zero, (m, pre) => pre + '0');
}

function firstDiff(a, b) {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      const ctx = [];
      for (let j = i - 1; j >= 0; j--) {
        if ((la[j] || '').match(/^\s*/)[0].length < (la[i] || lb[i] || '').match(/^\s*/)[0].length) {
          ctx.unshift((la[j] || '').trim());
          break;
        }
      }
      return `rule ${i + 1}${ctx.length ? ' in ' + ctx.join(' ') : ''}\n      mpc:    ${(la[i] === undefined ? '<none>' : la[i].trim()).slice(0, 400)}\n      oracle: ${(lb[i] === undefined ? '<none>' : lb[i].trim()).slice(0, 400)}`;
    }
  }
  return 'differ';
}

const lines = fs.readFileSync(0, 'utf8').split('\n');
const out = [];
for (const line of lines) {
  if (!line.trim()) continue;
  const c = JSON.parse(line);
  let a = c.a;
  let b = c.b;
  if (c.urls) {
    a = stripURLs(a);
    b = stripURLs(b);
  }
  let na = normalize(a);
  let nb = normalize(b);
  if (c.zeros) {
    na = stripZeros(na);
    nb = stripZeros(nb);
  }
  if (na === nb) out.push('{"equal":true}');
  else out.push(JSON.stringify({ equal: false, diff: firstDiff(na, nb) }));
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
