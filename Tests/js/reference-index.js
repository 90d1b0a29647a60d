'use strict';
// A small reference *encoder* of the search index (FORMAT.md), used to make fixture indexes for
// unit tests that need no Swift build: edge cases (astral Han, ㈠, full-width letters, bitmaps,
// absent phrases, one shard) are easier to reach here than through a generated corpus.
const crypto = require('node:crypto');
const { classOf, normChar, recordText } = require('./oracle.js');

function varint(n, out) {
  while (n >= 128) { out.push((n % 128) | 128); n = Math.floor(n / 128); }
  out.push(n);
}

/** n rounded down to its 5 leading binary digits (at least 1). */
function stableCount(n) {
  if (n <= 1) return 1;
  const shift = Math.max(0, n.toString(2).length - 5);
  return Math.floor(n / 2 ** shift) * 2 ** shift;
}

function fnv1a32(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Number((BigInt(h ^ b) * 0x01000193n) % 0x100000000n) >>> 0;
  return h;
}

/** Tokens of one normalised text: Map token → sorted positions. */
function tokenize(chars, phrases) {
  const toks = new Map();
  const add = (t, p) => { if (!toks.has(t)) toks.set(t, []); toks.get(t).push(p); };
  const cls = chars.map((c) => classOf(c.codePointAt(0)));
  let i = 0;
  while (i < chars.length) {
    if (cls[i] === 'sep') { i++; continue; }
    let j = i;
    while (j < chars.length && cls[j] === cls[i]) j++;
    const piece = chars.slice(i, j);
    if (cls[i] === 'word') {
      add('w' + piece.join(''), i);
      // j tokens: the Han character before and/or after the word with 2–4 of its code points
      // beside it, and a word of at most 4 between two Han characters with both.
      const before = i > 0 && cls[i - 1] === 'han', after = j < chars.length && cls[j] === 'han';
      for (let k = 2; k <= Math.min(piece.length, 4); k++) {
        if (before) add('j' + chars[i - 1] + piece.slice(0, k).join(''), i - 1);
        if (after) add('j' + piece.slice(-k).join('') + chars[j], j - k);
      }
      if (before && after && piece.length <= 4) add('j' + chars[i - 1] + piece.join('') + chars[j], i - 1);
    } else {
      for (let k = 0; k < piece.length; k++) {
        add('u' + piece[k], i + k);
        if (k + 1 < piece.length) add('b' + piece[k] + piece[k + 1], i + k);
        for (let n = 3; n <= 8 && k + n <= piece.length; n++) {
          const ph = piece.slice(k, k + n).join('');
          if (phrases.has(ph)) add('p' + ph, i + k);
        }
      }
      if (i > 0 && cls[i - 1] === 'word') add('e' + chars[i - 1] + piece[0], i - 1);
      if (j < chars.length && cls[j] === 'word') add('e' + piece[piece.length - 1] + chars[j], j - 1);
    }
    i = j;
  }
  return toks;
}

/**
 * docs: [{url, title, date ("YYYY-MM-DD" or ""), section, body}]. Options: postingShards,
 * positionShards, phrases (array of 3–8 Han strings), bitmap ("auto" | "always" | "never").
 * Returns Map of path (relative to the site root, e.g. "search/<v>/meta.json") → Buffer.
 */
function buildIndex(docs, opts = {}) {
  const Sp = opts.postingShards || 4;
  const Sq = opts.positionShards || 4;
  const phrases = new Set(opts.phrases || []);
  const bitmapMode = opts.bitmap || 'auto';
  // FORMAT.md §4: the reverse of newest first, so the newest page has the highest id.
  const sorted = opts.keepOrder ? [...docs] : [...docs].sort((a, b) => {
    if (!a.date !== !b.date) return a.date ? -1 : 1;
    if (a.date !== b.date) return a.date < b.date ? 1 : -1;
    if (a.title !== b.title) return a.title < b.title ? -1 : 1;
    return a.url < b.url ? -1 : a.url > b.url ? 1 : 0;
  }).reverse();
  const N = sorted.length;
  const docTok = new Map(); // token → Map doc → {tf, first}
  const posTok = new Map(); // token → Map doc → positions
  const words = new Set();
  const records = [];
  const sizes = [];
  sorted.forEach((d, doc) => {
    const text = d.title + '\n' + d.body;
    const chars = [...text].flatMap(normChar);
    const record = (map, t, value) => { if (!map.has(t)) map.set(t, new Map()); map.get(t).set(doc, value); };
    for (const [t, ps] of tokenize(chars, phrases)) {
      record(docTok, t, { tf: ps.length, first: ps[0] });
      if (t[0] === 'b' || t[0] === 'w' || t[0] === 'e') record(posTok, t, ps);
      if (t[0] === 'w') words.add(t.slice(1));
    }
    // s tokens: distinct substrings (1–3 code points) of every word, tf summed over the words' tf
    const subs = new Map();
    for (const [t, ps] of tokenize(chars, phrases)) {
      if (t[0] !== 'w') continue;
      const cps = [...t.slice(1)];
      const seen = new Set();
      for (let a = 0; a < cps.length; a++) for (let n = 1; n <= 3 && a + n <= cps.length; n++) {
        const sub = cps.slice(a, a + n).join('');
        if (!seen.has(sub)) { seen.add(sub); subs.set(sub, (subs.get(sub) || 0) + ps.length); }
      }
    }
    for (const [sub, tf] of subs) record(docTok, 's' + sub, { tf, first: -1 });
    for (const [t, ps] of tokenize([...d.title].flatMap(normChar), phrases)) {
      if ('ubwpe'.includes(t[0])) record(docTok, 't' + t, { tf: 1, first: ps[0] });
    }
    // The record: header padded with spaces to a multiple of 8 bytes, then the text (§4).
    let header = Buffer.from(JSON.stringify([d.url, d.title, d.date || '', d.section || '']));
    header = Buffer.concat([header, Buffer.alloc((8 - header.length % 8) % 8, 0x20)]);
    const units = recordText(text);
    sizes.push([header.length / 8, units.length / 64]);
    records.push(Buffer.concat([header, units]));
  });
  // An entry: token, df, kind, body; a directory entry may carry where its position list lies.
  const entry = (tok, df, kind, body, at) => {
    const tb = Buffer.from(tok);
    const out = [];
    varint(tb.length, out); out.push(...tb); varint(df, out); varint(kind, out); varint(body.length, out);
    return { tb, df, kind, body: Buffer.from(body), head: Buffer.concat([Buffer.from(out), Buffer.from(body)]), at };
  };
  // A directory piece: entries sorted by token. A body longer than 128 bytes moves to the list
  // files (kind | 4, its place instead of it); a position list's place follows (kind | 2). Each
  // place is the gap after the previous one of its kind in this piece, and the length.
  const pFile = (es, base) => {
    let end = 0, moved = 0;
    const lists = [];
    let listBytes = 0;
    const bytes = Buffer.concat(es.sort((a, b) => Buffer.compare(a.tb, b.tb)).map((e) => {
      const out = [];
      const away = e.body.length > 128;
      varint(e.tb.length, out); out.push(...e.tb); varint(e.df, out); varint(e.kind | (e.at ? 2 : 0) | (away ? 4 : 0), out);
      if (away) {
        const offset = base + listBytes;
        varint(offset - moved, out); varint(e.body.length, out);
        moved = offset + e.body.length;
        lists.push(e.body);
        listBytes += e.body.length;
      } else {
        varint(e.body.length, out); out.push(...e.body);
      }
      if (e.at) { varint(e.at.offset - end, out); varint(e.at.length, out); end = e.at.offset + e.at.length; }
      return Buffer.from(out);
    }));
    return { bytes, lists: Buffer.concat(lists) };
  };
  // q file of a token: its p shard j = fnv % Sp spread in order over the Sq files; in a file,
  // entries sorted by p shard, then token.
  const qGroups = Array.from({ length: Sp }, () => []);
  // A list of more than 16 docs starts with its block table: where the items of docs 16, 32, …
  // start, from the end of the table, 3 bytes little-endian each.
  for (const [tok, m] of posTok) {
    const body = [], table = [];
    let prev = -1;
    [...m].sort((a, b) => a[0] - b[0]).forEach(([doc, ps], i) => {
      if (i > 0 && i % 16 === 0) table.push(body.length & 255, (body.length >> 8) & 255, body.length >> 16);
      varint(doc - prev - 1, body); varint(ps.length, body);
      let pp = -1;
      for (const p of ps) { varint(p - pp - 1, body); pp = p; }
      prev = doc;
    });
    qGroups[fnv1a32(Buffer.from(tok)) % Sp].push(entry(tok, m.size, 0, table.concat(body)));
  }
  const files = new Map();
  const located = new Map();
  const qFiles = Array.from({ length: Sq }, () => []);
  qGroups.forEach((es, j) => qFiles[Math.floor(j * Sq / Sp)].push(...es.sort((a, b) => Buffer.compare(a.tb, b.tb))));
  qFiles.forEach((es, k) => {
    let offset = 0;
    for (const e of es) { located.set(e.tb.toString(), { offset, length: e.head.length }); offset += e.head.length; }
    files.set(`q/${k}.bin`, Buffer.concat(es.map((e) => e.head)));
  });
  const pShards = Array.from({ length: Sp }, () => []);
  for (const [tok, m] of docTok) {
    const list = [];
    let prev = -1;
    for (const [doc, { tf, first }] of [...m].sort((a, b) => a[0] - b[0])) {
      varint((doc - prev - 1) * 16 + Math.min(tf, 15), list); prev = doc;
    }
    const bitmap = new Array(Math.ceil(N / 8)).fill(0);
    for (const doc of m.keys()) bitmap[doc >> 3] |= 1 << (doc & 7);
    const useBitmap = bitmapMode === 'always' || (bitmapMode === 'auto' && bitmap.length < list.length);
    pShards[fnv1a32(Buffer.from(tok[0] === 't' ? tok.slice(1) : tok)) % Sp].push(entry(tok, m.size, useBitmap ? 1 : 0, useBitmap ? bitmap : list, located.get(tok)));
  }
  // List files: piece j's moved lists in file ⌊j·Sd/Sp⌋, after those of the pieces before it.
  const movedBytes = pShards.map((es) => es.reduce((a, e) => a + (e.body.length > 128 ? e.body.length : 0), 0));
  const Sd = opts.listFiles || Math.max(1, stableCount(Math.floor(movedBytes.reduce((a, b) => a + b, 0) / 131072)));
  const listFiles = Array.from({ length: Sd }, () => []);
  pShards.forEach((es, j) => {
    const f = Math.floor(j * Sd / Sp);
    const piece = pFile(es, listFiles[f].reduce((a, b) => a + b.length, 0));
    files.set(`p/${j}.bin`, piece.bytes);
    listFiles[f].push(piece.lists);
  });
  listFiles.forEach((bs, f) => files.set(`d/${f}.bin`, Buffer.concat(bs)));
  const docsBin = [];
  for (const [h, t] of sizes) { varint(h, docsBin); varint(t, docsBin); }
  files.set('docs.bin', Buffer.from(docsBin));
  for (let k = 0; k * 32 < N; k++) files.set(`x/${k}.bin`, Buffer.concat(records.slice(32 * k, 32 * k + 32)));
  files.set('words.txt', Buffer.from([...words].sort().map((w) => w + '\n').join('')));
  const hash = crypto.createHash('sha256');
  for (const k of [...files.keys()].sort()) hash.update(k).update(files.get(k));
  const version = hash.digest('hex').slice(0, 12);
  const avgLength = sizes.reduce((a, [, t]) => a + 32 * t, 0) / Math.max(1, N);
  files.set('meta.json', Buffer.from(JSON.stringify({
    format: 6, version, docs: N, avgLength, postingShards: Sp, listFiles: Sd, positionShards: Sq, bundle: 32, positionBlock: 16, phraseMin: 3, phraseMax: 8, phrases: phrases.size > 0, substrings: 3, junctionWords: 4,
  })));
  const out = new Map();
  for (const [k, v] of files) out.set(`search/${version}/${k}`, v);
  out.set('search/latest.json', Buffer.from(JSON.stringify({ version })));
  return { version, files: out, order: sorted };
}

/** Entries of a shard file: [{ token, df, kind, body or away (where its list lies in its d/ file), at? (where its position list lies), offset, length }], checking that the varints add up. */
function decodeShard(buf) {
  let at = 0;
  const vi = () => {
    let x = 0;
    for (let m = 1; ; m *= 128) {
      if (at >= buf.length) throw new Error(`varint runs past the end at byte ${at}`);
      const c = buf[at++];
      x += (c & 127) * m;
      if (c < 128) return x;
    }
  };
  const out = [];
  let end = 0, moved = 0;
  while (at < buf.length) {
    const start = at;
    const len = vi();
    const tokenBytes = buf.subarray(at, at + len);
    const token = tokenBytes.toString('utf8');
    at += len;
    const df = vi();
    const kind = vi();
    const e = { token, tokenBytes, df, kind, offset: start };
    if (kind & 4) {
      const o = moved + vi();
      e.away = { offset: o, length: vi() };
      moved = o + e.away.length;
    } else {
      const bl = vi();
      if (at + bl > buf.length) throw new Error(`entry ${JSON.stringify(token)} at byte ${start}: body runs past the end`);
      e.body = buf.subarray(at, at + bl);
      at += bl;
    }
    if (kind & 2) { const o = end + vi(); e.at = { offset: o, length: vi() }; end = o + e.at.length; }
    e.length = at - start;
    out.push(e);
  }
  return out;
}

module.exports = { buildIndex, decodeShard, fnv1a32, varint };
