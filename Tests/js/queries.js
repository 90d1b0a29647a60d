'use strict';
// Query sets for the oracle test and the byte measurements.
const { classOf } = require('./oracle.js');
const { rng } = require('./support.js');

/** Hand-picked queries: common Han terms, Latin/digit pieces, several terms, absent terms. */
const FIXED = [
  '党建', '基层党组织', '三会一课', '流动党员', '网格化管理', '党支部书记', '党', '组织', '乡村振兴', '主题党日',
  '基层党组织建设', '党员先锋模范作用', '两学一做', '不忘初心牢记使命',
  '2024', '5g', 'x', '1+4', 'QQ群', 'x镇', '5个', '35岁', '2011年', '1讲', 'e心向党', '169个', '2+2+1+1', '第1讲',
  '党建 乡村振兴', '基层 党员 组织', '党支部，学习', '流动党员 QQ', '三会一课 2024年',
  '不存在的词语', 'zzqqx', '党建 zzqqx', '！！', '',
];

/**
 * Queries sampled from pages' normalised text (deterministic for a seed): Han substrings of 1–6
 * characters starting anywhere (so they cross word boundaries), pieces of Latin/digit words, and
 * pieces that join a word and Han characters (x镇, 5个, 2011年…).
 */
function sampled(pages, { seed = 20240501, han = 24, mixed = 10, words = 6 } = {}) {
  const rand = rng(seed);
  const out = [];
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const seen = new Set();
  const push = (q) => { if (q && !seen.has(q)) { seen.add(q); out.push(q); return true; } return false; };
  const runsOf = (p) => {
    if (p.runs) return p.runs;
    const chars = [...p.norm];
    const cls = chars.map((c) => classOf(c.codePointAt(0)));
    const runs = [];
    for (let i = 0; i < chars.length;) {
      if (cls[i] === 'sep') { i++; continue; }
      let j = i;
      while (j < chars.length && cls[j] !== 'sep') j++;
      runs.push({ chars: chars.slice(i, j), cls: cls.slice(i, j) });
      i = j;
    }
    return (p.runs = runs);
  };
  for (let tries = 0; out.length < han + mixed + words && tries < 100000; tries++) {
    const runs = runsOf(pick(pages));
    const r = pick(runs);
    const n = out.length;
    if (n < han) {
      const hanAt = r.cls.map((c, i) => (c === 'han' ? i : -1)).filter((i) => i >= 0);
      if (!hanAt.length) continue;
      const start = pick(hanAt);
      const len = 1 + Math.floor(rand() * 6);
      let end = start;
      while (end < r.chars.length && end - start < len && r.cls[end] === 'han') end++;
      push(r.chars.slice(start, end).join(''));
    } else if (n < han + mixed) {
      const edges = [];
      for (let i = 1; i < r.cls.length; i++) if (r.cls[i] !== r.cls[i - 1]) edges.push(i);
      if (!edges.length) continue;
      const e = pick(edges);
      const from = Math.max(0, e - 1 - Math.floor(rand() * 3));
      const to = Math.min(r.chars.length, e + 1 + Math.floor(rand() * 3));
      push(r.chars.slice(from, to).join(''));
    } else {
      const wordAt = r.cls.map((c, i) => (c === 'word' ? i : -1)).filter((i) => i >= 0);
      if (!wordAt.length) continue;
      const start = pick(wordAt);
      let end = start + 1;
      while (end < r.chars.length && r.cls[end] === 'word' && rand() < 0.6) end++;
      push(r.chars.slice(start, end).join(''));
    }
  }
  return out;
}

module.exports = { FIXED, sampled };
