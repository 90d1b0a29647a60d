#!/usr/bin/env node
'use strict';
// Bytes a member's browser moves for a search: the runtime (gzip of search.js) plus every index
// file the first query fetches (meta, docs, words, shards, and the result record ranges (header +
// excerpt text) of the top 10), raw and gzip-compressed; and what a later query adds on a page that
// has already searched once (memory cache warm).
//
//   node Tests/js/measure-bytes.js /path/to/site/public
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { RUNTIME, loadRuntime, countingFetch, serve, indexURL } = require('./support.js');
const { readSite } = require('./oracle.js');
const { FIXED, sampled } = require('./queries.js');

const KINDS = [
  ['index', /\/(meta\.json|docs\.bin|words\.txt)$/],
  ['p shards', /\/p\/\d+\.bin$/],
  ['d lists', /\/d\/\d+\.bin$/],
  ['q shards', /\/q\/\d+\.bin$/],
  ['results', /\/x\/\d+\.bin$/],
];
const kindOf = (url) => (KINDS.find(([, re]) => re.test(url)) || ['other'])[0];

function summarize(log) {
  const s = { requests: log.length, raw: 0, gzip: 0 };
  for (const [k] of KINDS) s[k] = 0;
  for (const e of log) { s.raw += e.raw; s.gzip += e.gzip; s[kindOf(e.url)] = (s[kindOf(e.url)] || 0) + e.raw; }
  return s;
}

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const median = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return { min: v[0], median: Math.round(median), max: v[v.length - 1] };
}

/** Runs every query on a fresh runtime (first query) and on a warm one (later query). */
async function measure(publicDir, queries) {
  const server = await serve(publicDir);
  try {
    const url = indexURL(server.origin, publicDir);
    // The runtime as the site publishes it (without comment lines), else its source.
    const assets = path.join(publicDir, 'assets');
    const published = fs.existsSync(assets) && fs.readdirSync(assets).find((f) => /^search\.[0-9a-f]+\.js$/.test(f));
    const src = fs.readFileSync(published ? path.join(assets, published) : RUNTIME);
    const runtime = { raw: src.length, gzip: zlib.gzipSync(src, { level: 9 }).length };
    const rows = [];
    for (let i = 0; i < queries.length; i++) {
      const q = queries[i];
      const f1 = countingFetch();
      const first = await loadRuntime(url, f1).search(q, { limit: 10 });
      const f2 = countingFetch();
      const warm = loadRuntime(url, f2);
      await warm.search(queries[(i + 1) % queries.length], { limit: 10 });
      f2.log.length = 0;
      await warm.search(q, { limit: 10 });
      rows.push({ q, total: first.total, first: summarize(f1.log), later: summarize(f2.log) });
    }
    return { runtime, rows };
  } finally {
    await server.close();
  }
}

function report({ runtime, rows }, docs) {
  const lines = [];
  const kb = (n) => (n / 1024).toFixed(1);
  lines.push(`search.js: ${runtime.raw} bytes raw, ${runtime.gzip} bytes gzip (${kb(runtime.gzip)} KiB)`);
  lines.push(`${rows.length} queries, limit 10, ${docs} pages; sizes in KiB (gzip: each whole file gzip -6 as a server would send it; byte ranges uncompressed)`);
  lines.push('');
  lines.push('| measure | min | median | max |');
  lines.push('|---|---:|---:|---:|');
  const row = (label, values, fmt = kb) => {
    const s = stats(values);
    lines.push(`| ${label} | ${fmt(s.min)} | ${fmt(s.median)} | ${fmt(s.max)} |`);
  };
  row('first query: runtime gzip + files raw', rows.map((r) => runtime.gzip + r.first.raw));
  row('first query: runtime gzip + files gzip', rows.map((r) => runtime.gzip + r.first.gzip));
  row('first query: requests', rows.map((r) => r.first.requests), String);
  for (const [k] of KINDS) row(`  first query ${k} (raw)`, rows.map((r) => r.first[k]));
  row('later query: files raw', rows.map((r) => r.later.raw));
  row('later query: files gzip', rows.map((r) => r.later.gzip));
  row('later query: requests', rows.map((r) => r.later.requests), String);
  for (const [k] of KINDS) row(`  later query ${k} (raw)`, rows.map((r) => r.later[k]));
  lines.push('');
  lines.push('| query | hits | first raw | first gzip | later raw | later gzip | requests (first/later) |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    lines.push(`| ${r.q} | ${r.total} | ${kb(runtime.gzip + r.first.raw)} | ${kb(runtime.gzip + r.first.gzip)} | ${kb(r.later.raw)} | ${kb(r.later.gzip)} | ${r.first.requests}/${r.later.requests} |`);
  }
  return lines.join('\n');
}

/** The measured query set: the fixed queries that have terms, and 20 sampled from the pages. */
function measureQueries(pages) {
  return [...FIXED.filter((q) => /[^\s！!，,]/.test(q)), ...sampled(pages, { seed: 7, han: 12, mixed: 5, words: 3 })];
}

module.exports = { measure, report, measureQueries };

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir || !fs.existsSync(path.join(dir, 'search', 'latest.json'))) {
    console.error('usage: node Tests/js/measure-bytes.js /path/to/site/public   (a built site with search/latest.json)');
    process.exit(2);
  }
  const site = readSite(path.resolve(dir));
  measure(path.resolve(dir), measureQueries(site.pages)).then((m) => console.log(report(m, site.meta.docs)), (e) => {
    console.error(e);
    process.exit(1);
  });
}
