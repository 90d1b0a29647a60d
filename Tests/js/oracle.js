'use strict';
// The substring oracle, written from Sources/ZhendiKit/Search/FORMAT.md alone (it shares no code
// with themes/default/static/search.js): normalise text code point by code point, split queries at
// separators, and call a page a match when its normalised indexed text contains every term.
const fs = require('node:fs');
const path = require('node:path');

const HAN = [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff], [0x20000, 0x2a6df], [0x2a700, 0x2ebef], [0x30000, 0x3134f]];
const WORD = [[0x30, 0x39], [0x61, 0x7a], [0xc0, 0x24f], [0x370, 0x3ff], [0x400, 0x4ff], [0x3040, 0x30ff], [0xac00, 0xd7a3]];
const NOT_WORD = new Set([0xd7, 0xf7, 0x30fb]);
const inRanges = (cp, ranges) => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

/** 'han' | 'word' | 'sep' for one normalised code point. */
function classOf(cp) {
  if (inRanges(cp, HAN)) return 'han';
  if (inRanges(cp, WORD) && !NOT_WORD.has(cp)) return 'word';
  return 'sep';
}

/** Normalised code points of one original character (a one-code-point string). */
function normChar(ch) {
  return [...ch.normalize('NFKC').toLowerCase()];
}

/**
 * Normalise a text: `chars` is the list of normalised code points (as strings); `origin[i]` is
 * the index (in code points) of the original character normalised code point i came from.
 */
function normalizeText(text) {
  const chars = [];
  const origin = [];
  let k = 0;
  for (const ch of text) {
    for (const n of normChar(ch)) { chars.push(n); origin.push(k); }
    k++;
  }
  return { chars, origin };
}

const normalizedString = (text) => normalizeText(text).chars.join('');

/** Query → terms (normalised strings without separators), duplicates kept out. */
function queryTerms(query) {
  const terms = [];
  let cur = '';
  for (const n of normalizeText(query).chars) {
    if (classOf(n.codePointAt(0)) === 'sep') { if (cur) terms.push(cur); cur = ''; } else cur += n;
  }
  if (cur) terms.push(cur);
  return [...new Set(terms)];
}

/** Set of urls of pages whose normalised text contains every term; empty for an empty query. */
function expectedURLs(pages, query) {
  const terms = queryTerms(query);
  if (terms.length === 0) return new Set();
  return new Set(pages.filter((p) => terms.every((t) => p.norm.includes(t))).map((p) => p.url));
}

/**
 * Reads a built site's index the way a person reading FORMAT.md would: latest.json → version →
 * meta.json and docs.bin, then every record of the result bundles x/<k>.bin: its header
 * [url, title, date, section] and the indexed text `title + "\n" + body` in UTF-16 after it.
 */
function readSite(publicDir) {
  const searchDir = path.join(publicDir, 'search');
  const { version } = JSON.parse(fs.readFileSync(path.join(searchDir, 'latest.json'), 'utf8'));
  const dir = path.join(searchDir, version);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const sizes = readSizes(fs.readFileSync(path.join(dir, 'docs.bin')), meta.docs);
  const pages = [];
  let bundle = null;
  let at = 0;
  for (let doc = 0; doc < meta.docs; doc++) {
    if (doc % meta.bundle === 0) { bundle = fs.readFileSync(path.join(dir, 'x', `${doc / meta.bundle}.bin`)); at = 0; }
    const { header, text } = sizes[doc];
    pages.push(parseRecord(doc, bundle.subarray(at, at + header), bundle.subarray(at + header, at + header + text)));
    at += header + text;
  }
  return { version, dir, meta, pages };
}

/** docs.bin: per document its record's header and text byte lengths. */
function readSizes(buf, count) {
  let at = 0;
  const vi = () => { let x = 0; for (let m = 1; ; m *= 128) { const c = buf[at++]; x += (c & 127) * m; if (c < 128) return x; } };
  const out = [];
  for (let d = 0; d < count; d++) out.push({ header: 8 * vi(), text: 64 * vi() });
  if (at !== buf.length) throw new Error(`docs.bin: ${buf.length - at} bytes after the last document`);
  return out;
}

/** One result record: header fields, the text (padding removed) and its raw UTF-16 bytes. */
function parseRecord(doc, header, raw) {
  const [url, title, date, section] = JSON.parse(header.toString('utf8'));
  const text = raw.toString('utf16le').replace(/\0/g, '');
  return { doc, url, title, date, section, raw, text, norm: normalizedString(text) };
}

/** The record text FORMAT.md §4 prescribes: UTF-16LE, U+0000 after a character for each extra
 * normalised code point, U+0000 up to a multiple of 32 units. */
function recordText(text) {
  const units = [];
  for (const ch of text) {
    const c = ch === '\0' ? '\uFFFD' : ch;
    for (let i = 0; i < c.length; i++) units.push(c.charCodeAt(i));
    for (let k = c.length; k < normChar(ch).length; k++) units.push(0);
  }
  while (units.length % 32) units.push(0);
  return Buffer.from(Uint16Array.from(units).buffer);
}

module.exports = { classOf, normChar, normalizeText, normalizedString, queryTerms, expectedURLs, readSite, recordText };
