'use strict';
// Tests of themes/default/static/search.js (run: node --test Tests/js/).
//  1. Fixture indexes made by reference-index.js (an encoder written from FORMAT.md): edge cases
//     of normalisation and encoding, checked against the substring oracle on every query.
//  2. A built corpus site ($ZHENDI_SEARCH_SITE, else a 1000-page corpus built with the zhendi
//     binary): substring oracle (recall and precision 1.0), ranking, excerpts, limit, caching, and
//     the bytes a search moves (printed, not asserted).
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const zlib = require('node:zlib');
const { buildIndex, decodeShard, fnv1a32 } = require('./reference-index.js');
const { normalizedString, queryTerms, expectedURLs, readSite, classOf, normChar, recordText } = require('./oracle.js');
const { RUNTIME, loadRuntime, plain, countingFetch, memoryFetch, serve, findSite, indexURL, rng } = require('./support.js');
const { FIXED, sampled } = require('./queries.js');
const { measure, report, measureQueries } = require('./measure-bytes.js');

// ---------------------------------------------------------------------------------------------
// Checks shared by fixture and corpus tests.

const MARK = /<mark>([\s\S]*?)<\/mark>/g;
const unescape = (s) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Problems with one result's excerpt and link (empty when fine). `text`: its page's indexed text. */
function excerptProblems(result, terms, text) {
  const marks = [...result.excerpt.matchAll(MARK)];
  if (marks.length !== 1) return [`${result.url}: ${marks.length} <mark> in ${JSON.stringify(result.excerpt)}`];
  const marked = normalizedString(unescape(marks[0][1]));
  if (!terms.some((t) => marked.includes(t))) return [`${result.url}: <mark>${marks[0][1]}</mark> is no term of ${terms.join(' ')}`];
  const shown = unescape(result.excerpt.replace(/<\/?mark>/g, ''));
  if (/<|>/.test(result.excerpt.replace(/<\/?mark>/g, ''))) return [`${result.url}: unescaped markup in excerpt`];
  // No page here contains U+FFFD: one in an excerpt is a character cut in half at a byte range.
  if (shown.includes('\uFFFD')) return [`${result.url}: broken character in ${JSON.stringify(result.excerpt)}`];
  if ([...shown].length > 40 + 60 + [...unescape(marks[0][1])].length + 2) return [`${result.url}: excerpt too long (${[...shown].length})`];
  return fragmentProblems(result, unescape(marks[0][1]), text);
}

/**
 * A result's href is its url, or its url and a text fragment (#:~:text=prefix-,match,-suffix) whose
 * match is the excerpt's marked text and whose prefix and suffix hold no separator (so they reach
 * from the match to a word boundary a browser accepts), found together in the page's text.
 */
function fragmentProblems(result, marked, text) {
  if (!result.href.startsWith(result.url)) return [`${result.url}: href ${result.href} is not the page`];
  const rest = result.href.slice(result.url.length);
  if (!rest) return [];
  if (!rest.startsWith('#:~:text=')) return [`${result.url}: href ends in ${rest}`];
  const parts = rest.slice(9).split(',');
  const prefix = parts[0].endsWith('-') ? decodeURIComponent(parts.shift().slice(0, -1)) : '';
  const suffix = parts.length > 1 && parts[parts.length - 1].startsWith('-') ? decodeURIComponent(parts.pop().slice(1)) : '';
  if (parts.length !== 1) return [`${result.url}: text fragment ${rest} has ${parts.length} parts`];
  const match = decodeURIComponent(parts[0]);
  if (match !== marked) return [`${result.url}: text fragment matches ${JSON.stringify(match)}, the excerpt marks ${JSON.stringify(marked)}`];
  const separates = (ch) => normChar(ch).some((c) => classOf(c.codePointAt(0)) === 'sep');
  if ([...prefix + suffix].some(separates)) {
    return [`${result.url}: text fragment context ${JSON.stringify(prefix)} / ${JSON.stringify(suffix)} crosses a separator`];
  }
  if (text === undefined) return [];
  // Somewhere in the page the whole of it stands between separators (or the text's ends).
  const whole = prefix + match + suffix;
  const bounded = (ch) => ch === undefined || separates(ch);
  for (let at = text.indexOf(whole); at >= 0; at = text.indexOf(whole, at + 1)) {
    const before = at ? [...text.slice(Math.max(0, at - 2), at)].pop() : undefined;
    const after = at + whole.length < text.length ? String.fromCodePoint(text.codePointAt(at + whole.length)) : undefined;
    if (bounded(before) && bounded(after)) return [];
  }
  return [`${result.url}: ${JSON.stringify(whole)} does not stand between separators in the page`];
}

/** Runs queries and compares with the substring oracle; returns a list of failures. */
async function oracleFailures(api, pages, queries, { checkExcerpts = true } = {}) {
  const failures = [];
  const textOf = new Map(pages.map((p) => [p.url, p.text]));
  let results = 0, linked = 0;
  for (const q of queries) {
    const want = expectedURLs(pages, q);
    const res = plain(await api.search(q));
    const got = new Set(res.results.map((r) => r.url));
    const missing = [...want].filter((u) => !got.has(u));
    const extra = [...got].filter((u) => !want.has(u));
    if (missing.length || extra.length || res.total !== want.size || res.results.length !== got.size) {
      failures.push(`${JSON.stringify(q)}: expected ${want.size}, total ${res.total}, results ${res.results.length}; ` +
        `missing ${missing.slice(0, 5).join(' ')} extra ${extra.slice(0, 5).join(' ')}`);
    }
    if (!checkExcerpts) continue;
    for (const r of res.results) {
      failures.push(...excerptProblems(r, queryTerms(q), textOf.get(r.url)).map((p) => `${JSON.stringify(q)}: ${p}`));
      results++;
      if (r.href !== r.url) linked++;
    }
  }
  // Most matches sit in a sentence between punctuation: most results should link to theirs.
  if (results >= 50 && linked < results / 2) failures.push(`only ${linked} of ${results} results link to their match`);
  return failures;
}

/** Title-first check: pages whose title has every u/b/w component of every term come first. */
function titleComponents(term) {
  const segs = [];
  const chars = [...term];
  let i = 0;
  while (i < chars.length) {
    const han = classOf(chars[i].codePointAt(0)) === 'han';
    let j = i;
    while (j < chars.length && (classOf(chars[j].codePointAt(0)) === 'han') === han) j++;
    segs.push({ han, seg: chars.slice(i, j) });
    i = j;
  }
  // One segment: the word whole, the Han character, or every bigram. A mixed term: every
  // junction pair and the bigrams of its Han segments (FORMAT.md §8).
  const out = [];
  segs.forEach(({ han, seg }, k) => {
    if (segs.length > 1 && k) out.push({ sub: segs[k - 1].seg[segs[k - 1].seg.length - 1] + seg[0] });
    if (!han) { if (segs.length === 1) out.push({ word: seg.join('') }); } else if (seg.length === 1) { if (segs.length === 1) out.push({ sub: seg[0] }); } else for (let n = 0; n + 1 < seg.length; n++) out.push({ sub: seg[n] + seg[n + 1] });
  });
  return out;
}
function titleWords(title) {
  return new Set(normalizedString(title).split('').reduce((acc, c) => {
    if (classOf(c.codePointAt(0)) === 'word') acc[acc.length - 1] += c; else if (acc[acc.length - 1] !== '') acc.push('');
    return acc;
  }, ['']).filter(Boolean));
}
function inTitleApprox(title, terms) {
  const norm = normalizedString(title);
  const words = titleWords(title);
  return terms.every((t) => titleComponents(t).every((c) => (c.word ? words.has(c.word) : norm.includes(c.sub))));
}
function rankingProblems(results, byURL, q) {
  const terms = queryTerms(q);
  const flags = results.map((r) => inTitleApprox(byURL.get(r.url).title, terms));
  const firstOther = flags.indexOf(false);
  const lateTitle = firstOther < 0 ? -1 : flags.indexOf(true, firstOther);
  return lateTitle < 0 ? [] : [`${JSON.stringify(q)}: title match ${results[lateTitle].url} ranked ${lateTitle + 1} after a non-title page at ${firstOther + 1}`];
}

/** Doc ids of a doc-level list body (tf aside). */
function docsOfList(body) {
  const out = [];
  let at = 0;
  let doc = -1;
  while (at < body.length) {
    let x = 0;
    for (let m = 1; ; m *= 128) { const c = body[at++]; x += (c & 127) * m; if (c < 128) break; }
    doc += Math.floor(x / 16) + 1;
    out.push(doc);
  }
  return out;
}
const sameDocs = (a, b) => docsOfList(a).join() === docsOfList(b).join();

// ---------------------------------------------------------------------------------------------
// 1. Fixture indexes.

const LONG = (() => {
  const filler = '我们坚持以人民为中心的发展思想，推动各项工作落到实处。';
  let body = '';
  while ([...body].length < 380) body += filler;
  body += '跨段落关键词测试'; // crosses the 400 boundary of segment 1 (title + "\n" comes first)
  while ([...body].length < 1300) body += filler;
  return body + '唯一出现在末段的短语藏锋守拙。结尾。';
})();

const FIXTURE = [
  { url: '/news/5g/', title: '5G网络建设推进会', date: '2024-05-01', section: '新闻动态', body: '推进5g网络覆盖，第5年实现全覆盖。2024年5月，x镇召开会议。QQ群和“1+4”机制。' },
  { url: '/news/astral/', title: '生僻字𠀀𠀁测试', date: '2024-04-30', section: '新闻动态', body: '这里有𠀀𠀁𠀂三个扩展B区汉字，以及𪜀字，还有党建𠀀。' },
  { url: '/news/enclosed/', title: '㈠加强组织建设', date: '2024-04-29', section: '新闻动态', body: '㈡完善制度㈢狠抓落实。①②③ 第⑴条。' },
  { url: '/news/fullwidth/', title: 'ＸＸ街道党建工作', date: '2024-04-28', section: '新闻动态', body: 'ＸＸ街道ＡＢＣ社区开展“三会一课”，２０２４年度ＱＱ群活跃。' },
  { url: '/lessons/scripts/', title: '多语种对照', date: '2023-01-02', section: '党课·学习园地', body: 'αβγ Москва カタカナ・ひらがな 한국어 Ünïcödé İstanbul ﬁnance straße × ÷ 豈 ＆ <b>&amp;</b>' },
  { url: '/lessons/long/', title: '长文测试', date: '2023-01-01', section: '党课·学习园地', body: LONG },
  { url: '/about/', title: '关于我们', date: '', section: '', body: '本网站由基层党组织主办。党建引领乡村振兴。' },
  { url: '/news/title-only/', title: '乡村振兴主题党日', date: '2022-06-01', section: '新闻动态', body: '本文正文讲述三会一课。' },
  { url: '/news/body-only/', title: '工作动态', date: '2022-06-02', section: '新闻动态', body: '开展乡村振兴主题党日活动，乡村振兴主题党日效果好，乡村振兴。' },
  { url: '/news/party/', title: '党支部书记谈党建', date: '2021-03-01', section: '新闻动态', body: '党支部书记认真落实基层党组织建设责任，党建工作网格化管理，流动党员管理。第1讲，35岁，169个，2+2+1+1。' },
  { url: '/exemplars/a/', title: '先进典型甲', date: '2020-01-01', section: '先进典型', body: '党员先锋模范作用突出，e心向党x驿站。5个党支部，1个党总支。' },
  { url: '/news/two-lines/', title: '两行\n标题', date: '2019-12-31', section: '新闻动态', body: '标题里有换行时，结果文件的头部带上标题。' },
  { url: '/exemplars/b/', title: '先进典型乙', date: '2020-01-01', section: '先进典型', body: '基层党组织建设，三会一课，主题党日。党。x区5g。' },
  // Words next to Han characters, shorter and longer than a j token reaches (FORMAT.md §3).
  { url: '/lessons/junctions/', title: '第11讲2035岁', date: '2018-05-05', section: '党课·学习园地', body: '党课第11讲和第1讲，年满2035岁，编号ab12345群，群abcde好，支88个，第2024期，年2024年度。' },
];

function fixtureQueries(pages, count, seed) {
  // every distinct substring (1–8 code points) of every normalised run, sampled; plus fixed ones
  const subs = new Set();
  for (const p of pages) {
    const chars = [...p.norm];
    for (let i = 0; i < chars.length; i++) {
      for (let n = 1; n <= 8 && i + n <= chars.length; n++) {
        const s = chars.slice(i, i + n);
        if (s.some((c) => classOf(c.codePointAt(0)) === 'sep')) break;
        subs.add(s.join(''));
      }
    }
  }
  const all = [...subs].sort();
  const rand = rng(seed);
  const picked = [];
  while (picked.length < count && all.length) picked.push(all.splice(Math.floor(rand() * all.length), 1)[0]);
  return [...picked, ...FIXED, '㈠', '(一)', 'ＸＸ', 'x x', '𠀀', '𠀀𠀁', '党建𠀀', 'fi', 'ﬁnance', 'STRASSE', 'straße', 'İ', 'i̇stanbul',
    '豈', 'カタカナ・ひらがな', '1+4 机制', '跨段落关键词测试', '藏锋守拙', '第5年', '5年', 'g网', '5g网络', 'x驿站', 'e心', '心向党x',
    '035岁', '2035岁', '12035岁', '35岁', '第11讲', '11讲', '1讲', '第1讲', '5群', '45群', '345群', '2345群', '12345群', 'b12345群',
    '群a', '群ab', '群abcd', '群abcde', '群abcdef', '支88个', '支8个', '第2024期', '第202期', '年2024年', '2024年度', '讲2035岁'];
}

function fixturePages(files, version) {
  // the oracle reads a folder; write the fixture to a temp dir and read it back
  const os = require('node:os');
  const path = require('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhendi-search-fixture-'));
  for (const [p, b] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), b);
  }
  const site = readSite(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(site.version, version);
  return site.pages;
}

const VARIANTS = [
  { name: 'phrases, 4+4 shards', opts: { postingShards: 4, positionShards: 4, phrases: ['基层党组织', '三会一课', '主题党日', '乡村振兴'] }, queries: 1500 },
  { name: 'no phrases, one shard each, bitmaps always', opts: { postingShards: 1, positionShards: 1, bitmap: 'always' }, queries: 600 },
  { name: 'many phrases, 7+3 shards, lists only', opts: { postingShards: 7, positionShards: 3, bitmap: 'never', phrases: ['党支部书记', '网格化管理', '藏锋守拙', '跨段落关键', '建设推进会', '完善制度'] }, queries: 600 },
];

describe('fixture indexes (reference encoder)', () => {
  for (const v of VARIANTS) {
    test(`substring oracle: ${v.name}`, async () => {
      const { files, version } = buildIndex(FIXTURE, v.opts);
      const pages = fixturePages(files, version);
      assert.equal(pages.length, FIXTURE.length);
      for (const p of pages) assert.ok(p.text.startsWith(p.title + '\n'), `indexed text of ${p.url} starts with its title`);
      const api = loadRuntime(`http://fixture.test/search/${version}/`, memoryFetch(files));
      const failures = await oracleFailures(api, pages, fixtureQueries(pages, v.queries, 42));
      assert.deepEqual(failures, []);
    });
  }

  test('reference encoding: record texts, unit p holding the character at normalised position p', () => {
    const { files, version } = buildIndex(FIXTURE);
    const pages = fixturePages(files, version);
    for (const d of FIXTURE) assert.equal(pages.find((p) => p.url === d.url).text, d.title + '\n' + d.body);
    for (const p of pages) {
      assert.deepEqual(p.raw, recordText(p.text));
      assert.equal(p.raw.length % 64, 0);
      let pos = 0;
      for (const ch of p.text) {
        if (ch.length > 1) break; // a character outside the BMP shifts what follows
        assert.equal(p.raw.readUInt16LE(2 * pos), ch === '\0' ? 0xFFFD : ch.charCodeAt(0), `${p.url} position ${pos}`);
        pos += normChar(ch).length;
      }
    }
  });

  test('ranking: title matches first, then BM25, then newer', async () => {
    const { files, version } = buildIndex(FIXTURE, { ...VARIANTS[0].opts, bitmap: 'never' }); // tf known
    const api = loadRuntime(`http://fixture.test/search/${version}/`, memoryFetch(files));
    const r = plain(await api.search('乡村振兴主题党日'));
    assert.deepEqual(r.results.map((x) => x.url), ['/news/title-only/', '/news/body-only/']);
    const r2 = plain(await api.search('乡村振兴'));
    assert.equal(r2.results[0].url, '/news/title-only/');
    // body-only mentions it three times in a short page: best BM25 among the rest
    assert.equal(r2.results[1].url, '/news/body-only/');
    const r3 = plain(await api.search('党建'));
    const titled = r3.results.filter((x) => normalizedString(x.title).includes('党建')).map((x) => x.url);
    assert.deepEqual(r3.results.slice(0, titled.length).map((x) => x.url), titled);
  });

  test('results carry url, title, date and an excerpt with one <mark>', async () => {
    const { files, version } = buildIndex(FIXTURE, VARIANTS[0].opts);
    const api = loadRuntime(`http://fixture.test/search/${version}/`, memoryFetch(files));
    const r = plain(await api.search('藏锋守拙'));
    assert.equal(r.total, 1);
    const x = r.results[0];
    assert.equal(x.url, '/lessons/long/');
    assert.equal(x.title, '长文测试');
    assert.equal(x.date, '2023-01-01');
    assert.match(x.excerpt, /^….*<mark>藏锋守拙<\/mark>。结尾。$/);
    const y = plain(await api.search('跨段落关键词测试')).results[0];
    assert.match(y.excerpt, /<mark>跨段落关键词测试<\/mark>/);
    const two = plain(await api.search('头部带上标题')).results;
    assert.deepEqual(two.map((x) => [x.url, x.title]), [['/news/two-lines/', '两行\n标题']]);
    assert.match(two[0].excerpt, /<mark>头部带上标题<\/mark>/);
    const z = plain(await api.search('㈠')).results[0];
    assert.equal(z.url, '/news/enclosed/');
    assert.match(z.excerpt, /<mark>㈠<\/mark>/);
    const e = plain(await api.search('straße ＆')).results;
    assert.deepEqual(e.map((x) => x.url), ['/lessons/scripts/']);
    assert.doesNotMatch(e[0].excerpt, /<b>/);
    assert.match(e[0].excerpt, /&#60;b&#62;&#38;amp;&#60;\/b&#62;/);
    // the title is skipped when the body has the term too
    const t = plain(await api.search('党建')).results.find((x) => x.url === '/news/party/');
    assert.match(t.excerpt, /^党支部书记认真落实基层党组织建设责任，<mark>党建<\/mark>工作/);
    // The link scrolls to the match: context out to the punctuation around it (word boundaries).
    const pct = encodeURIComponent;
    assert.equal(t.href, '/news/party/#:~:text=' + pct('党建') + ',-' + pct('工作网格化管理'));
    assert.equal(two[0].href, '/news/two-lines/#:~:text=' + pct('结果文件的') + '-,' + pct('头部带上标题'));
  });

  test('a match far into a long page is read with small byte ranges', async () => {
    const body = '坚持党建引领，推动基层治理。'.repeat(2000) + '档案编号20240501，' +
      '坚持党建引领，推动基层治理。'.repeat(2300) + '末尾的独特短语鸿雁传书。';
    const { files, version } = buildIndex([{ url: '/lessons/very-long/', title: '很长的文章', date: '2020-02-02', section: '党课', body }]);
    const f = countingFetch(memoryFetch(files));
    const api = loadRuntime(`http://fixture.test/search/${version}/`, f);
    // Verified with positions: the header and a window around the match.
    const r = plain(await api.search('鸿雁传书'));
    assert.deepEqual(r.results.map((x) => [x.url, x.title]), [['/lessons/very-long/', '很长的文章']]);
    assert.match(r.results[0].excerpt, /<mark>鸿雁传书<\/mark>。$/);
    const read = (log) => log.filter((e) => e.url.endsWith('/x/0.bin'));
    assert.ok(read(f.log).every((e) => e.range), 'only byte ranges of the bundle are fetched');
    assert.ok(read(f.log).reduce((a, e) => a + e.raw, 0) < 600, `${read(f.log).map((e) => e.range)}`);
    // A one-character term has no position: read from the start, each read twice the last.
    f.log.length = 0;
    const u = plain(await api.search('雁'));
    assert.match(u.results[0].excerpt, /<mark>雁<\/mark>传书。$/);
    assert.ok(read(f.log).every((e) => e.range));
    assert.ok(read(f.log).length <= 12, `${read(f.log).length} requests`);
    // A word longer than its substring tokens is placed from the position lists of the words
    // that contain it: the header and one window, not a read from the start.
    f.log.length = 0;
    const w = plain(await api.search('2024'));
    assert.match(w.results[0].excerpt, /档案编号<mark>2024<\/mark>0501，/);
    assert.ok(read(f.log).length <= 2, `${read(f.log).map((e) => e.range)}`);
    assert.ok(read(f.log).reduce((a, e) => a + e.raw, 0) < 600, `${read(f.log).map((e) => e.range)}`);
  });

  test('a two-character term matched far into its pages is placed from the blocks of its position list', async () => {
    const docs = Array.from({ length: 200 }, (_, i) => ({
      url: `/news/n${i}/`, title: `第${i}篇`, date: '2021-03-04', section: '新闻',
      body: '推动基层治理，坚持党建引领。'.repeat(30 + i % 7) + '鸿雁传书，'.repeat(20) + '结束。',
    }));
    const { files, version } = buildIndex(docs);
    const f = countingFetch(memoryFetch(files));
    const api = loadRuntime(`http://fixture.test/search/${version}/`, f);
    const r = plain(await api.search('鸿雁', { limit: 10 }));
    assert.equal(r.total, 200);
    for (const x of r.results) assert.match(x.excerpt, /^….*坚持党建引领。<mark>鸿雁<\/mark>传书，/);
    const q = f.log.filter((e) => e.url.includes('/q/'));
    assert.ok(q.length >= 2 && q.every((e) => e.range), `${q.map((e) => e.range)}`);
    const qFile = [...files.entries()].find(([k]) => k.includes('/q/') && files.get(k).includes(Buffer.from('b鸿雁')))[1];
    assert.ok(q.reduce((a, e) => a + e.raw, 0) < qFile.length / 4, `${q.map((e) => e.range)} of ${qFile.length} bytes`);
  });

  test('limit returns the first results of the full ranking', async () => {
    const { files, version } = buildIndex(FIXTURE, VARIANTS[0].opts);
    const api = loadRuntime(`http://fixture.test/search/${version}/`, memoryFetch(files));
    const all = plain(await api.search('党'));
    const some = plain(await api.search('党', { limit: 3 }));
    assert.equal(some.total, all.total);
    assert.deepEqual(some.results, all.results.slice(0, 3));
    assert.deepEqual(plain(await api.search('党', { limit: 0 })).results, []);
    assert.deepEqual(plain(await api.search('')), { total: 0, results: [] });
    assert.deepEqual(plain(await api.search('，。！')), { total: 0, results: [] });
  });

  test('files are fetched once and kept in memory', async () => {
    const { files, version } = buildIndex(FIXTURE, VARIANTS[0].opts);
    const f = countingFetch(memoryFetch(files));
    const api = loadRuntime(`http://fixture.test/search/${version}/`, f);
    await api.search('党建 5g', { limit: 5 });
    const n = f.log.length;
    assert.ok(n > 0);
    await api.search('党建 5g', { limit: 5 });
    assert.equal(f.log.length, n, 'the same query again fetches nothing');
    await api.search('三会一课 第5年');
    const urls = f.log.map((e) => e.key);
    assert.deepEqual(urls.filter((u, i) => urls.indexOf(u) !== i), [], 'no file fetched twice');
    assert.equal(urls.filter((u) => u.endsWith('/meta.json')).length, 1);
  });

  test('the files a query needs are fetched in parallel', async () => {
    const { files, version } = buildIndex(FIXTURE, VARIANTS[0].opts);
    const inner = memoryFetch(files);
    let inFlight = 0;
    let most = 0;
    const api = loadRuntime(`http://fixture.test/search/${version}/`, async (url, opts) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return inner(url, opts);
    });
    // Its terms' tokens live in three of the four doc-level shards: all three at once.
    await api.search('党建 5g 三会一课 x镇', { limit: 10 });
    assert.ok(most >= 3, `shards: at most ${most} requests at once`);
    most = 0;
    const r = await api.search('党', { limit: 10 });
    assert.ok(r.results.length >= 4);
    assert.ok(most >= 4, `results: at most ${most} requests at once`);
  });

  test('a server that ignores Range: whole files, fetched once', async () => {
    const { files, version } = buildIndex(FIXTURE, VARIANTS[0].opts);
    const f = countingFetch(memoryFetch(files, { ranges: false }));
    const api = loadRuntime(`http://fixture.test/search/${version}/`, f);
    const withRanges = loadRuntime(`http://fixture.test/search/${version}/`, memoryFetch(files));
    for (const q of ['藏锋守拙', '跨段落关键词测试', '党', '党建 5g', '结尾']) {
      assert.deepEqual(plain(await api.search(q)), plain(await withRanges.search(q)), q);
    }
    const texts = f.log.filter((e) => /\/[xq]\/\d+\.bin$/.test(e.url)).map((e) => e.url);
    assert.ok(texts.some((u) => u.includes('/x/')) && texts.some((u) => u.includes('/q/')));
    assert.deepEqual(texts.filter((u, i) => texts.indexOf(u) !== i), []);
  });

  test('a removed index version falls back to latest.json once', async () => {
    const old = buildIndex(FIXTURE.slice(0, 5));
    const cur = buildIndex(FIXTURE);
    const f = countingFetch(memoryFetch(cur.files));
    const seen = [];
    const api = loadRuntime(`http://fixture.test/search/${old.version}/`, async (url, opts) => {
      seen.push([String(url), opts && opts.cache]);
      return f(url, opts);
    });
    const r = plain(await api.search('党建'));
    assert.ok(r.total > 0);
    assert.deepEqual(seen.filter(([u]) => u.endsWith('latest.json')), [['http://fixture.test/search/latest.json', 'no-store']]);
    assert.ok(f.log.some((e) => e.url.includes(`/search/${cur.version}/meta.json`)));
    // a missing index that latest.json does not replace is an error, not an empty result
    const gone = loadRuntime('http://fixture.test/search/000000000000/', memoryFetch(new Map()));
    await assert.rejects(gone.search('党建'));
  });
});

// ---------------------------------------------------------------------------------------------
// 2. A built corpus site.

const site = findSite();

describe('built corpus site', { skip: site.skip }, () => {
  let server;
  let index;
  let url;
  let byURL;
  before(async () => {
    index = readSite(site.dir);
    byURL = new Map(index.pages.map((p) => [p.url, p]));
    server = await serve(site.dir);
    url = indexURL(server.origin, site.dir);
  });
  after(async () => {
    if (server) await server.close();
    if (site.built) fs.rmSync(site.built, { recursive: true, force: true });
  });

  test('index files agree with FORMAT.md', () => {
    const m = index.meta;
    assert.equal(m.format, 6);
    assert.equal(m.version, index.version);
    assert.match(m.version, /^[0-9a-f]{12}$/);
    assert.equal(m.bundle, 32);
    assert.equal(fs.readdirSync(`${index.dir}/x`).length, Math.ceil(m.docs / m.bundle), 'one bundle per 32 documents');
    for (const p of index.pages) {
      assert.ok(p.text.startsWith(p.title + '\n'), `${p.url}: indexed text starts with title + newline`);
      assert.match(p.date, /^(\d{4}-\d\d-\d\d)?$/);
      assert.deepEqual(p.raw, recordText(p.text), `${p.url}: record text as FORMAT.md §4 prescribes`);
    }
    const dates = index.pages.map((p) => p.date);
    const dated = dates.filter(Boolean);
    assert.deepEqual(dated, [...dated].sort(), 'oldest first, the newest page last');
    assert.ok(dates.slice(0, dates.length - dated.length).every((d) => d === ''), 'undated pages first');
  });

  test('index files equal a reference encoding of the same pages (FORMAT.md conformance)', (t) => {
    const m = index.meta;
    if (m.docs > 3000) { t.skip(`the reference encoder holds every position in memory: run this on ≤ 3000 pages (site has ${m.docs})`); return; }
    const read = (rel) => fs.readFileSync(`${index.dir}/${rel}`);
    const problems = [];
    const theirs = { p: new Map(), q: new Map() };
    for (const [dir, count] of [['p', m.postingShards], ['q', m.positionShards]]) {
      for (let k = 0; k < count; k++) {
        let prev = null;
        for (const e of decodeShard(read(`${dir}/${k}.bin`))) {
          // p: shard fnv % Sp, sorted by token; q: p shard j's lists in file ⌊j·Sq/Sp⌋, sorted by j, then token.
          const j = fnv1a32(e.token[0] === 't' ? e.tokenBytes.subarray(1) : e.tokenBytes) % m.postingShards;
          const home = dir === 'p' ? j : Math.floor(j * count / m.postingShards);
          if (home !== k) problems.push(`${dir}/${k}.bin: ${JSON.stringify(e.token)} belongs in file ${home}`);
          if (prev && (prev.j > j || prev.j === j && Buffer.compare(prev.tokenBytes, e.tokenBytes) >= 0)) problems.push(`${dir}/${k}.bin: ${JSON.stringify(e.token)} not sorted after ${JSON.stringify(prev.token)}`);
          theirs[dir].set(e.token, { ...e, file: `${dir}/${k}.bin` });
          prev = { ...e, j };
        }
      }
    }
    // A list moved out of its piece is read from where the entry says (d/ file of piece j).
    const resolve = (map, readFile, Sd) => {
      for (const [t, e] of map) {
        if (!e.away) continue;
        const j = fnv1a32(t[0] === 't' ? e.tokenBytes.subarray(1) : e.tokenBytes) % m.postingShards;
        e.body = readFile(`d/${Math.floor(j * Sd / m.postingShards)}.bin`).subarray(e.away.offset, e.away.offset + e.away.length);
        if (e.body.length !== e.away.length) problems.push(`${e.file} ${JSON.stringify(t)}: its list is not at ${JSON.stringify(e.away)}`);
      }
    };
    resolve(theirs.p, read, m.listFiles);
    // Every position list is where its doc-level entry says, and only b, w and e tokens have one.
    for (const [t, e] of theirs.p) {
      if (!e.at !== !'bwe'.includes(t[0])) { problems.push(`${e.file} ${JSON.stringify(t)}: ${e.at ? 'points at' : 'has no'} position list`); continue; }
      if (!e.at) continue;
      const found = decodeShard(read(`q/${Math.floor(fnv1a32(e.tokenBytes) % m.postingShards * m.positionShards / m.postingShards)}.bin`).subarray(e.at.offset, e.at.offset + e.at.length));
      if (found.length !== 1 || found[0].token !== t) problems.push(`${e.file} ${JSON.stringify(t)}: its position list is not at ${JSON.stringify(e.at)}`);
    }
    const phrases = [...theirs.p.keys()].filter((t) => t[0] === 'p').map((t) => t.slice(1));
    const docs = index.pages.map((p) => ({ url: p.url, title: p.title, date: p.date, section: p.section, body: p.text.slice(p.title.length + 1) }));
    const ref = buildIndex(docs, { keepOrder: true, postingShards: m.postingShards, listFiles: m.listFiles, positionShards: m.positionShards, phrases });
    const ours = (rel) => ref.files.get(`search/${ref.version}/${rel}`);
    for (const dir of ['p', 'q']) {
      const mine = new Map();
      for (let k = 0; k < (dir === 'p' ? m.postingShards : m.positionShards); k++) {
        for (const e of decodeShard(ours(`${dir}/${k}.bin`))) mine.set(e.token, e);
      }
      if (dir === 'p') resolve(mine, ours, m.listFiles);
      const byKind = {};
      const count = (key) => { byKind[key] = (byKind[key] || 0) + 1; };
      for (const [t, e] of mine) {
        const o = theirs[dir].get(t);
        if (!o) { count(`${dir} missing ${t[0] === 't' ? t.slice(0, 2) : t[0]}`); if (byKind[`${dir} missing ${t[0]}`] <= 3) problems.push(`${dir}: token ${JSON.stringify(t)} missing (df ${e.df})`); continue; }
        if (t[0] === 't' && o.df === e.df && o.kind === e.kind && o.kind === 0 && sameDocs(o.body, e.body)) {
          count(`${dir} title tf ${t.slice(0, 2)}`); // FORMAT.md does not say what tf a title token carries
          continue;
        }
        if (o.df !== e.df || o.kind !== e.kind || Buffer.compare(o.body, e.body) !== 0 || JSON.stringify(o.at) !== JSON.stringify(e.at) || JSON.stringify(o.away) !== JSON.stringify(e.away)) {
          count(`${dir} differs ${t[0]}`);
          if (byKind[`${dir} differs ${t[0]}`] <= 3) {
            const at = o.body.findIndex((b, i) => b !== e.body[i]);
            problems.push(`${o.file} ${JSON.stringify(t)}: df ${o.df}/${e.df}, kind ${o.kind}/${e.kind}, body ${o.body.length}/${e.body.length} bytes, first difference at body byte ${at} ` +
              `(builder ${o.body.subarray(Math.max(0, at - 4), at + 8).toString('hex')} vs spec ${e.body.subarray(Math.max(0, at - 4), at + 8).toString('hex')}) (builder/spec)`);
          }
        }
      }
      for (const [t, o] of theirs[dir]) {
        if (!mine.has(t)) { count(`${dir} extra ${t[0]}`); if (byKind[`${dir} extra ${t[0]}`] <= 3) problems.push(`${o.file}: token ${JSON.stringify(t)} not in the spec's token set (df ${o.df})`); }
      }
      const notes = Object.keys(byKind).filter((k) => k.includes('title tf'));
      if (notes.length) console.log(`note: title tokens whose tf differs from the count in the title (doc lists equal): ${notes.map((k) => `${k.slice(-2)} ${byKind[k]}`).join(', ')}`);
      if (Object.keys(byKind).length > notes.length) problems.push(`${dir} summary: ${JSON.stringify(byKind)}`);
    }
    if (Buffer.compare(read('docs.bin'), ours('docs.bin')) !== 0) problems.push('docs.bin differs from the spec\'s encoding');
    const lines = (b) => b.toString('utf8').split('\n').filter(Boolean).join('\n'); // a last newline or not
    if (lines(read('words.txt')) !== lines(ours('words.txt'))) problems.push('words.txt differs from the spec\'s word list');
    for (let k = 0; k * m.bundle < m.docs; k++) {
      if (Buffer.compare(read(`x/${k}.bin`), ours(`x/${k}.bin`)) !== 0) problems.push(`x/${k}.bin differs`);
    }
    const avg = JSON.parse(ours('meta.json')).avgLength;
    if (Math.abs(m.avgLength - avg) > 0.05) problems.push(`meta.json avgLength ${m.avgLength}, mean normalised length ${avg}`);
    assert.deepEqual(problems, []);
  });

  test('substring oracle: recall and precision 1.0 on every query', async () => {
    const queries = [...FIXED, ...sampled(index.pages)];
    assert.ok(queries.length >= 40, `${queries.length} queries`);
    const api = loadRuntime(url, fetch);
    const failures = await oracleFailures(api, index.pages, queries);
    assert.deepEqual(failures, []);
  });

  test('ranking: title matches first', async () => {
    const api = loadRuntime(url, fetch);
    // terms from titles, so some but not all matching pages have them in the title
    const rand = rng(99);
    const fromTitles = [];
    while (fromTitles.length < 12) {
      const t = [...normalizedString(index.pages[Math.floor(rand() * index.pages.length)].title)];
      const i = Math.floor(rand() * Math.max(1, t.length - 4));
      const piece = t.slice(i, i + 2 + Math.floor(rand() * 3)).join('');
      if (queryTerms(piece).length === 1 && queryTerms(piece)[0] === piece) fromTitles.push(piece);
    }
    const problems = [];
    let mixedSeen = 0;
    for (const q of [...fromTitles, '党建', '党支部', '三会一课', '乡村振兴 党员', '2024']) {
      const r = plain(await api.search(q, { limit: 200 }));
      problems.push(...rankingProblems(r.results, byURL, q));
      const inTitle = r.results.filter((x) => queryTerms(q).every((t) => normalizedString(x.title).includes(t)));
      if (inTitle.length && inTitle.length < r.results.length) mixedSeen++;
      // every page with the exact terms in its title ranks above every page without the components
      // (for Han terms: a word component is matched whole, so a title with 10 has no component 1)
      if (queryTerms(q).some((t) => [...t].some((c) => classOf(c.codePointAt(0)) === 'word'))) continue;
      const lastTrue = r.results.findLastIndex((x) => inTitle.includes(x));
      const firstNone = r.results.findIndex((x) => !inTitleApprox(x.title, queryTerms(q)));
      if (lastTrue >= 0 && firstNone >= 0) assert.ok(lastTrue < firstNone, `${q}: title page at ${lastTrue + 1} after ${firstNone + 1}`);
    }
    assert.deepEqual(problems, []);
    assert.ok(mixedSeen > 0, 'some query matched titles and bodies');
  });

  test('limit, excerpts and the cache', async () => {
    const f = countingFetch(fetch);
    const api = loadRuntime(url, f);
    const full = plain(await api.search('基层党组织'));
    const top = plain(await api.search('基层党组织', { limit: 10 }));
    assert.equal(top.total, full.total);
    assert.deepEqual(top.results, full.results.slice(0, 10));
    for (const r of top.results) assert.deepEqual(excerptProblems(r, ['基层党组织']), []);
    let n = f.log.length;
    await api.search('基层党组织', { limit: 10 });
    assert.equal(f.log.length, n, 'repeating a query fetches nothing');
    await api.search('流动党员 2024', { limit: 10 });
    await api.search('党建', { limit: 10 });
    const urls = f.log.map((e) => e.key);
    assert.deepEqual(urls.filter((u, i) => urls.indexOf(u) !== i), [], 'no file fetched twice');
    for (const name of ['meta.json', 'docs.bin']) assert.equal(urls.filter((u) => u.endsWith('/' + name)).length, 1, name);
    assert.ok(urls.every((u) => u.startsWith(server.origin + '/search/')), 'only index files of this site');
  });

  test('bytes moved per query (measured, printed for BENCHMARKS.md)', async () => {
    const m = await measure(site.dir, measureQueries(index.pages));
    console.log(report(m, index.meta.docs));
    const gz = zlib.gzipSync(fs.readFileSync(RUNTIME), { level: 9 }).length;
    assert.ok(gz <= 15 * 1024, `search.js is ${gz} bytes gzip`);
  });
});
