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
 * meta.json, then every result file x/<doc>.txt: its header line [url, title, date, section,
 * segment byte lengths] and the original indexed text `title + "\n" + body` after it.
 */
function readSite(publicDir) {
  const searchDir = path.join(publicDir, 'search');
  const { version } = JSON.parse(fs.readFileSync(path.join(searchDir, 'latest.json'), 'utf8'));
  const dir = path.join(searchDir, version);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const pages = [];
  for (let doc = 0; doc < meta.docs; doc++) pages.push(parseResultFile(doc, fs.readFileSync(path.join(dir, 'x', `${doc}.txt`))));
  return { version, dir, meta, pages };
}

/** One x/<doc>.txt file: header fields, offsets into the text (cumulative, from 0) and the text. */
function parseResultFile(doc, bytes) {
  const nl = bytes.indexOf(10);
  const [url, header, date, section, lengths] = JSON.parse(bytes.subarray(0, nl).toString('utf8'));
  const offsets = [0];
  for (const g of lengths) offsets.push(offsets[offsets.length - 1] + g);
  const text = bytes.subarray(nl + 1).toString('utf8');
  const title = header || text.slice(0, text.indexOf('\n')); // the text's first line unless it has a line break
  return { doc, url, title, date, section, offsets, text, norm: normalizedString(text) };
}

/** The segment offsets FORMAT.md §4 prescribes for a text. */
function specOffsets(text, segment = 200) {
  const starts = [];
  const bytes = [];
  let pos = 0;
  let b = 0;
  for (const ch of text) {
    starts.push(pos); bytes.push(b);
    pos += normChar(ch).length; b += Buffer.byteLength(ch);
  }
  const out = [];
  for (let s = 0; s < Math.max(1, Math.ceil(pos / segment)); s++) {
    const k = starts.findIndex((p) => p >= segment * s);
    out.push(k < 0 ? b : bytes[k]);
  }
  out.push(b);
  return out;
}

module.exports = { classOf, normChar, normalizeText, normalizedString, queryTerms, expectedURLs, readSite, specOffsets };
