'use strict';
// Test support: load search.js into a fresh vm context, serve a folder over node:http, count
// fetched bytes, and find (or build) the site the corpus tests run against.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const vm = require('node:vm');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..');
const RUNTIME = path.join(REPO, 'themes', 'default', 'static', 'search.js');
const runtimeSource = () => fs.readFileSync(RUNTIME, 'utf8');

/** A fresh runtime instance (its own memory cache): ZhendiSearch configured for indexURL. */
function loadRuntime(indexURL, fetchFn) {
  const context = vm.createContext({ TextEncoder, TextDecoder, console, fetch: fetchFn });
  vm.runInContext(runtimeSource(), context, { filename: RUNTIME });
  const api = context.ZhendiSearch;
  api.configure({ indexURL, fetch: fetchFn });
  return api;
}

/** Plain copies (the runtime's objects come from another realm). */
const plain = (v) => JSON.parse(JSON.stringify(v));

/** fetch wrapper recording url, raw and gzip sizes of every response body. */
function countingFetch(inner = fetch) {
  const log = [];
  const f = async (url, opts) => {
    const res = await inner(url, opts);
    const body = Buffer.from(await res.clone().arrayBuffer());
    const range = rangeHeader(opts);
    // Servers send byte ranges (206) uncompressed: nginx's and most CDNs' gzip skips them.
    const gzip = res.status === 206 ? body.length : zlib.gzipSync(body).length;
    log.push({ url: String(url), range, key: String(url) + (range ? ` ${range}` : ''), status: res.status, raw: body.length, gzip });
    return res;
  };
  f.log = log;
  return f;
}

function rangeHeader(opts) {
  const h = opts && opts.headers;
  if (!h) return null;
  if (typeof h.get === 'function') return h.get('range');
  const k = Object.keys(h).find((n) => n.toLowerCase() === 'range');
  return k ? h[k] : null;
}

/** Status and body for a GET of body with an optional Range header (single byte ranges only). */
function answerRange(body, range, honour = true) {
  const m = honour && range && /^bytes=(\d+)-(\d*)$/.exec(range);
  if (!m) return { status: 200, body, headers: {} };
  const from = Number(m[1]);
  const to = Math.min(body.length - 1, m[2] === '' ? body.length - 1 : Number(m[2]));
  if (from >= body.length || to < from) return { status: 416, body: Buffer.alloc(0), headers: { 'content-range': `bytes */${body.length}` } };
  return { status: 206, body: body.subarray(from, to + 1), headers: { 'content-range': `bytes ${from}-${to}/${body.length}` } };
}

/** fetch over an in-memory Map of path (relative to the site root) → Buffer; honours Range unless told not to. */
function memoryFetch(files, { origin = 'http://fixture.test/', ranges = true } = {}) {
  return async (url, opts) => {
    const p = decodeURIComponent(String(url).slice(origin.length).split('?')[0]);
    const body = files.get(p);
    if (!body) return new Response('not found', { status: 404 });
    const a = answerRange(body, rangeHeader(opts), ranges);
    return new Response(a.body, { status: a.status, headers: a.headers });
  };
}

/** Serve a folder on 127.0.0.1 (with single-range Range support unless ranges is false); resolves to { origin, close() }. */
function serve(root, { ranges = true } = {}) {
  const types = { '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.bin': 'application/octet-stream',
    '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(root, path.normalize(p));
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404); res.end('not found'); return;
    }
    const a = answerRange(fs.readFileSync(file), req.headers.range, ranges);
    res.writeHead(a.status, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'accept-ranges': ranges ? 'bytes' : 'none', ...a.headers });
    res.end(a.body);
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

/**
 * The built site (a public/ folder) to run the corpus tests on: $ZHENDI_SEARCH_SITE, else a
 * 1000-page corpus generated with ../shared/corpus/gen_corpus.py and built with the zhendi
 * binary ($ZHENDI_BIN, .build/release/zhendi or .build/debug/zhendi). Returns { dir } or { skip: reason }.
 */
function findSite() {
  if (process.env.ZHENDI_SEARCH_SITE) return { dir: path.resolve(process.env.ZHENDI_SEARCH_SITE) };
  const gen = path.join(REPO, '..', 'shared', 'corpus', 'gen_corpus.py');
  const bin = [process.env.ZHENDI_BIN, ...['release', 'debug'].map((c) => path.join(REPO, '.build', c, 'zhendi'))].find((b) => b && fs.existsSync(b));
  if (!bin || !fs.existsSync(gen)) {
    return { skip: `no site to test: set ZHENDI_SEARCH_SITE to a built public/ folder (missing ${bin ? gen : 'zhendi binary in .build/release or .build/debug'})` };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhendi-search-corpus-'));
  execFileSync('python3', [gen, dir, '--pages', '1000'], { stdio: 'pipe' });
  fs.writeFileSync(path.join(dir, 'site.yml'), 'title: 搜索测试站\n');
  execFileSync(bin, ['build', '--source', dir], { stdio: 'pipe' });
  return { dir: path.join(dir, 'public'), built: dir };
}

/** Index folder URL (…/search/<version>/) of a site served at origin. */
function indexURL(origin, publicDir) {
  const { version } = JSON.parse(fs.readFileSync(path.join(publicDir, 'search', 'latest.json'), 'utf8'));
  return `${origin}/search/${version}/`;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = { REPO, RUNTIME, runtimeSource, loadRuntime, plain, countingFetch, memoryFetch, serve, findSite, indexURL, rng };
