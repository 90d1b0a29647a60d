/* Zhendi 站内搜索: reads the static index described in Sources/ZhendiKit/Search/FORMAT.md (format 4).
   Plain ES2017, no dependencies, no requests to other hosts. The search page works as a plain GET
   form without it. Node tests: ZhendiSearch.configure({ indexURL, fetch }), then
   ZhendiSearch.search(query, { limit }) → { total, results: [{ url, title, date, section, excerpt }] }. */
(function (G) {
  "use strict";
  var K1 = 1.2, B = 0.75, PAGE = 10, BEFORE = 40, AFTER = 60;
  // A result's first request: its header line and the start of its text, where a match usually is.
  var HEAD = 512;
  var cfg = {}, base = "", cache = new Map(), M = null;
  var enc = new TextEncoder(), dec = new TextDecoder();

  // §1 Normalisation: per code point NFKC then lower case; each resulting code point is classified.
  var memo = new Map();
  function norm(c) {
    if (c < 128) return String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
    if (c >= 0x4E00 && c <= 0x9FFF) return String.fromCharCode(c);
    var r = memo.get(c);
    if (r === undefined) memo.set(c, r = String.fromCodePoint(c).normalize("NFKC").toLowerCase());
    return r;
  }
  function kind(c) { // 1 Han, 2 word, 0 separator
    return c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF || c >= 0xF900 && c <= 0xFAFF ||
      c >= 0x20000 && c <= 0x2A6DF || c >= 0x2A700 && c <= 0x2EBEF || c >= 0x30000 && c <= 0x3134F ? 1 :
      c >= 48 && c <= 57 || c >= 97 && c <= 122 || c >= 0xC0 && c <= 0x24F && c !== 0xD7 && c !== 0xF7 ||
      c >= 0x370 && c <= 0x4FF || c >= 0x3040 && c <= 0x30FF && c !== 0x30FB || c >= 0xAC00 && c <= 0xD7A3 ? 2 : 0;
  }
  function size(c) { return c > 0xFFFF ? 2 : 1; }
  // Normalised code points of s (n), each with the UTF-16 index of the original character it came from (o).
  function normalise(s) {
    var n = [], o = [];
    for (var i = 0; i < s.length; i += size(s.codePointAt(i))) {
      var t = norm(s.codePointAt(i));
      for (var j = 0; j < t.length; j += size(t.codePointAt(j))) { n.push(t.codePointAt(j)); o.push(i); }
    }
    return { n: n, o: o };
  }
  var str = function (cps) { return String.fromCodePoint.apply(null, cps); };

  // §2 Query: terms split at separators; each term split into Han segments and words (offset a, length n).
  function parse(q) {
    var t = normalise(q), out = [], seen = new Set(), cur = [], from = 0, to = 0;
    for (var k = 0; k <= t.n.length; k++) {
      if (k < t.n.length && kind(t.n[k])) {
        if (!cur.length) from = t.o[k];
        cur.push(t.n[k]);
        to = t.o[k] + size(q.codePointAt(t.o[k]));
      } else if (cur.length) {
        var s = str(cur);
        if (!seen.has(s)) { seen.add(s); out.push(term(cur, s, q.slice(from, to))); }
        cur = [];
      }
    }
    return out;
  }
  function term(c, s, shown) {
    var sg = [];
    for (var i = 0, j; i < c.length; i = j) {
      var h = kind(c[i]) === 1;
      for (j = i; j < c.length && (kind(c[j]) === 1) === h;) j++;
      sg.push({ h: h, c: c.slice(i, j), s: str(c.slice(i, j)), a: i, n: j - i });
    }
    return { c: c, s: s, sg: sg, shown: shown };
  }

  // §4 Files, fetched at most 8 at a time, each kept in memory (as a promise of its parsed content).
  var active = 0, waiting = [];
  async function load(url, type, opts) {
    if (active < 8) active++; else await new Promise(function (r) { waiting.push(r); });
    try {
      var r = await (cfg.fetch ? cfg.fetch(url, opts) : G.fetch(url, opts));
      if (!r.ok) { var e = new Error("HTTP " + r.status + " " + url); e.status = r.status; throw e; }
      // type 0 JSON, 1 bytes, 2 text, 3 bytes of a Range request
      var v = !type ? await r.json() : type === 2 ? await r.text() : new Uint8Array(await r.arrayBuffer());
      return type === 3 ? { b: v, whole: r.status !== 206 } : v;
    } finally {
      if (waiting.length) waiting.shift()(); else active--;
    }
  }
  function get(path, type, parse) {
    var url = base + path, p = cache.get(url);
    if (!p) {
      cache.set(url, p = load(url, type).then(parse));
      p.catch(function () { if (cache.get(url) === p) cache.delete(url); });
    }
    return p;
  }
  function vocab() { return get("words.txt", 2, function (t) { return t.split("\n").filter(Boolean); }); }

  // §6 Binary encoding: LEB128 varints; a shard is a sequence of entries sorted by token bytes.
  var buf, at;
  function vi() { for (var x = 0, m = 1, c; ; m *= 128) { c = buf[at++]; x += (c & 127) * m; if (c < 128) return x; } }
  function parseShard(b) {
    var m = new Map(), end = 0;
    for (buf = b, at = 0; at < b.length;) {
      var l = vi(), tok = dec.decode(b.subarray(at, at += l)), df = vi(), k = vi(), bl = vi();
      var e = m.set(tok, { df: df, k: k, b: b.subarray(at, at += bl) }).get(tok);
      // Where its position list lies: right after the previous one of this shard, plus a gap.
      if (k & 2) { e.o = end + vi(); e.l = vi(); end = e.o + e.l; }
    }
    return m;
  }
  function fnv(s) {
    for (var b = enc.encode(s), h = 0x811c9dc5, i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
    return h >>> 0;
  }
  function ent(dir, tok) {
    if (dir === "q") return ent("p", tok).then(function (e) { return e && e.k & 2 ? positions(tok, e) : undefined; });
    // A title token lives in the shard of its plain token (tb党建 with b党建).
    return get("p/" + fnv(tok[0] === "t" ? tok.slice(1) : tok) % M.postingShards + ".bin", 1, parseShard).then(function (m) { return m.get(tok); });
  }
  // A position list: the bytes its doc-level entry points at, with one Range request (a server
  // that ignores Range sends the whole file, which is then kept and sliced).
  function positions(tok, e) {
    var url = base + "q/" + Math.floor(fnv(tok) % M.postingShards * M.positionShards / M.postingShards) + ".bin", key = url + "#" + e.o, p = cache.get(key);
    if (!p) {
      p = cache.get(url) || load(url, 3, { headers: { Range: "bytes=" + e.o + "-" + (e.o + e.l - 1) } }).then(function (r) {
        if (!r.whole) return r.b;
        cache.set(url, Promise.resolve(r.b));
        return r.b;
      });
      cache.set(key, p = p.then(function (b) { return parseShard(b.length > e.l ? b.subarray(e.o, e.o + e.l) : b).get(tok); }));
      p.catch(function () { cache.delete(key); });
    }
    return p;
  }
  // Doc-level postings: Map doc → [tf, -1] (no position is known).
  function docList(e) {
    if (!e) return new Map();
    if (e.d) return e.d;
    var m = e.d = new Map(), d = -1;
    if (e.k & 1) {
      for (d = 0; d < M.docs; d++) if (e.b[d >> 3] >> (d & 7) & 1) m.set(d, [1, -1]);
    } else {
      for (buf = e.b, at = 0; m.size < e.df;) { var v = vi(); d += Math.floor(v / 16) + 1; m.set(d, [v % 16, -1]); }
    }
    return m;
  }
  // Positional postings: Map doc → ascending positions.
  function posList(e) {
    if (e.d) return e.d;
    var m = e.d = new Map(), d = -1;
    for (buf = e.b, at = 0; m.size < e.df;) {
      d += vi() + 1;
      for (var c = vi(), a = [], p = -1; c--;) a.push(p += vi() + 1);
      m.set(d, a);
    }
    return m;
  }

  // §7 Evaluating a term → Map doc → [tf, first T or -1 when not verified positionally].
  async function evaluate(t) {
    var s = t.sg[0];
    if (t.sg.length === 1 && s.h) {
      if (s.n < 3) return docList(await ent("p", (s.n < 2 ? "u" : "b") + s.s));
      if (M.phrases !== false && s.n >= (M.phraseMin || 3) && s.n <= (M.phraseMax || 6)) {
        var e = await ent("p", "p" + s.s);
        if (e) return docList(e);
      }
    } else if (t.sg.length === 1) {
      if (s.n <= (M.substrings || 0)) return docList(await ent("p", "s" + s.s));
      var vs = (await vocab()).filter(function (v) { return v.indexOf(s.s) >= 0; });
      var m = new Map();
      (await Promise.all(vs.map(function (v) { return ent("p", "w" + v); }))).forEach(function (e) {
        docList(e).forEach(function (x, d) {
          var y = m.get(d);
          m.set(d, y ? [y[0] + x[0], y[1] < 0 || x[1] >= 0 && x[1] < y[1] ? x[1] : y[1]] : x);
        });
      });
      return m;
    }
    return positional(t.sg);
  }
  // Every segment becomes one or more constraints, each a Map doc → ascending candidate starts T.
  async function positional(sg) {
    // Doc-level lists are small: when the term's bigrams never meet in one document, the (large)
    // position lists are not needed at all.
    var pairs = [];
    sg.forEach(function (s) { if (s.h) for (var j = 0; j + 1 < s.n; j++) pairs.push("b" + str(s.c.slice(j, j + 2))); });
    if (pairs.length) {
      var sets = (await Promise.all(pairs.map(function (b) { return ent("p", b); }))).map(docList);
      sets.sort(function (x, y) { return x.size - y.size; });
      var any = false;
      sets[0].forEach(function (_, d) { if (!any && sets.every(function (m) { return m.has(d); })) any = true; });
      if (!any) return new Map();
    }
    // Junctions: the e pair at T + a - 1; it settles one-character segments alone.
    var last = sg.length - 1, parts = sg.map(function (s, i) {
      var js = i ? [starts([["e" + String.fromCodePoint(sg[i - 1].c[sg[i - 1].n - 1], s.c[0]), s.a - 1]])] : [];
      if (s.n === 1) return js;
      if (s.h) {
        var bs = [];
        for (var j = 0; j < s.n - 1; j += 2) bs.push(j);
        if (bs[bs.length - 1] !== s.n - 2) bs.push(s.n - 2);
        return js.concat(bs.map(function (j) { return starts([["b" + str(s.c.slice(j, j + 2)), s.a + j]]); }));
      }
      return js.concat([vocab().then(function (vs) {
        return starts(vs.filter(function (v) {
          return i === 0 ? v.slice(-s.n) === s.s : i === last ? v.slice(0, s.n) === s.s : v === s.s;
        }).map(function (v) { return ["w" + v, i === 0 ? s.n - v.length : s.a]; }));
      })]);
    });
    var ms = await Promise.all([].concat.apply([], parts)), r = new Map();
    ms.sort(function (x, y) { return x.size - y.size; });
    ms[0].forEach(function (ts, d) {
      for (var k = 1; k < ms.length && ts.length; k++) {
        var o = ms[k].get(d);
        ts = o ? ts.filter(function (t) { return has(o, t); }) : [];
      }
      if (ts.length) r.set(d, [ts.length, ts[0]]);
    });
    return r;
  }
  // list: [token, shift] pairs; a position P of token gives the candidate start T = P - shift.
  async function starts(list) {
    var es = await Promise.all(list.map(function (x) { return ent("q", x[0]); })), m = new Map();
    es.forEach(function (e, k) {
      if (e) posList(e).forEach(function (ps, d) {
        var a = m.get(d) || [];
        for (var i = 0; i < ps.length; i++) a.push(ps[i] - list[k][1]);
        m.set(d, a);
      });
    });
    if (list.length > 1) m.forEach(function (a) { a.sort(function (x, y) { return x - y; }); });
    return m;
  }
  function has(a, x) {
    for (var lo = 0, hi = a.length - 1; lo <= hi;) {
      var mid = (lo + hi) >> 1;
      if (a[mid] === x) return true;
      if (a[mid] < x) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }
  // §8 Docs whose title has the term: exact for a phrase (its tp list), else approximated by
  // every u/b/w component of the term. Title tokens share their plain token's shard: no extra fetch.
  async function titled(t) {
    var s = t.sg[0];
    if (t.sg.length === 1 && s.h && M.phrases !== false && s.n >= (M.phraseMin || 3) && s.n <= (M.phraseMax || 6) && await ent("p", "p" + s.s)) {
      return [docList(await ent("p", "tp" + s.s))];
    }
    var r = [];
    t.sg.forEach(function (s) {
      if (!s.h) r.push("tw" + s.s);
      else if (s.n === 1) r.push("tu" + s.s);
      else for (var j = 0; j < s.n - 1; j++) r.push("tb" + str(s.c.slice(j, j + 2)));
    });
    return (await Promise.all(r.map(function (tok) { return ent("p", tok); }))).map(docList);
  }

  // AND across terms, then rank: title matches, BM25, lower doc id.
  async function rank(q) {
    var terms = parse(q);
    if (!terms.length) return { terms: terms, total: 0, hits: [] };
    var lengths = get("lengths.bin", 1);
    if (terms.some(function (t) { return t.sg.some(function (s) { return !s.h; }); })) vocab();
    M = await get("meta.json");
    var res = await Promise.all([
      Promise.all(terms.map(evaluate)),
      Promise.all(terms.map(titled)),
      lengths]);
    var lists = res[0], titles = [].concat.apply([], res[1]), lens = res[2], N = M.docs, avg = M.avgLength || 1, hits = [];
    var idf = lists.map(function (l) { return Math.log(1 + (N - l.size + 0.5) / (l.size + 0.5)); });
    var smallest = lists.reduce(function (a, b) { return b.size < a.size ? b : a; });
    smallest.forEach(function (_, d) {
      var score = 0, pos = -1, L = 32 * (Math.pow(2, lens[d] / 32) - 1);
      for (var i = 0; i < lists.length; i++) {
        var x = lists[i].get(d);
        if (!x) return;
        score += idf[i] * x[0] * (K1 + 1) / (x[0] + K1 * (1 - B + B * L / avg));
        if (pos < 0) pos = x[1];
      }
      hits.push({ d: d, s: score, p: pos, t: titles.every(function (m) { return m.has(d); }) ? 1 : 0 });
    });
    hits.sort(function (a, b) { return b.t - a.t || b.s - a.s || b.d - a.d; });
    return { terms: terms, total: hits.length, hits: hits };
  }
  // A stale page may name a removed index version: ask latest.json once and retry.
  async function ranked(q) {
    try {
      return await rank(q);
    } catch (e) {
      if (e.status !== 404) throw e;
      var root = base.replace(/[^\/]+\/$/, ""), v = (await load(root + "latest.json", 0, { cache: "no-store" })).version;
      if (!v || root + v + "/" === base) throw e;
      setBase(root + v + "/");
      return rank(q);
    }
  }

  // §9 Results and excerpts.
  // Line breaks between paragraphs read as nothing between Chinese characters and punctuation
  // (as in summaries), as one space elsewhere.
  var CJK = /([\u3000-\u303f\u3400-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])/g;
  function esc(s) {
    return s.replace(CJK, "$1").replace(/\s+/g, " ").replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  // x/<d>.txt: the header [url, title, date, section, segment byte lengths] and the first bytes of
  // the text, with one Range request (asking for more only when the header or the title, which is
  // the text's first line when the header's is "", is longer).
  function result(d) {
    var url = base + "x/" + d + ".txt", key = url + "#head", p = cache.get(key);
    if (!p) {
      cache.set(key, p = (async function () {
        for (var want = HEAD; ; want *= 4) {
          var r = await load(url, 3, { headers: { Range: "bytes=0-" + (want - 1) } }), b = r.b, nl = b.indexOf(10);
          var more = !r.whole && b.length >= want;
          if (nl < 0 && more) continue;
          var row = JSON.parse(dec.decode(b.subarray(0, nl))), off = [nl + 1];
          if (!row[1]) {
            var t = b.indexOf(10, nl + 1);
            if (t < 0 && more) continue;
            row[1] = dec.decode(b.subarray(nl + 1, t < 0 ? b.length : t));
          }
          row[4].forEach(function (g) { off.push(off[off.length - 1] + g); });
          if (off.length < 2) off.push(nl + 1);
          if (r.whole) cache.set(url, Promise.resolve(b));
          return { url: url, row: row, off: off, b: b, end: r.whole ? b.length : Math.min(b.length, want) };
        }
      })());
      p.catch(function () { if (cache.get(key) === p) cache.delete(key); });
    }
    return p;
  }
  // Text of a result from segment a up to segment b (exclusive) plus the overlap: from the bytes
  // already here, the rest with an HTTP Range request; a server that ignores Range sends the
  // whole file, which is then kept and sliced.
  function text(f, a, b) {
    var off = f.off, from = off[a], to = Math.min(off[off.length - 1], off[b] + (M.overlapBytes || 0));
    if (from >= to) return Promise.resolve("");
    // (`stream`: the overlap may end inside a character, whose bytes are then dropped.)
    if (to <= f.end) return Promise.resolve(new TextDecoder().decode(f.b.subarray(from, to), { stream: true }));
    var key = f.url + "#" + from + "-" + to, p = cache.get(key), at = Math.max(from, Math.min(f.end, to));
    if (!p) {
      p = cache.get(f.url);
      p = p ? p.then(function (all) { return all.subarray(from, to); }) :
        load(f.url, 3, { headers: { Range: "bytes=" + at + "-" + (to - 1) } }).then(function (r) {
          if (r.whole) {
            cache.set(f.url, Promise.resolve(r.b));
            return r.b.subarray(from, to);
          }
          if (at === f.end) { // contiguous: keep them, the next read starts after
            var grown = new Uint8Array(at + r.b.length);
            grown.set(f.b.subarray(0, at));
            grown.set(r.b, at);
            f.b = grown;
            f.end = grown.length;
            return grown.subarray(from, Math.min(to, grown.length));
          }
          if (at === from) return r.b;
          var all = new Uint8Array(to - from);
          all.set(f.b.subarray(from, at));
          all.set(r.b, at - from);
          return all;
        });
      cache.set(key, p = p.then(function (b) { return new TextDecoder().decode(b, { stream: true }); }));
      p.catch(function () { cache.delete(key); });
    }
    return p;
  }
  // First occurrence of any term at or after normalised index k; [index, length].
  function find(n, terms, k) {
    for (; k < n.length; k++) {
      for (var best = 0, i = 0; i < terms.length; i++) {
        var c = terms[i].c, j = 0;
        while (j < c.length && n[k + j] === c[j]) j++;
        if (j === c.length && j > best) best = j;
      }
      if (best) return [k, best];
    }
    return null;
  }
  // The excerpt around the first match in txt (segment s of the text), preferring the body to the
  // title; null when there is none, or when txt is only a prefix (partial) and the body match is
  // not in it with its context after.
  function cut(txt, s, terms, title, partial) {
    var t = normalise(txt), body = 0, k = 0;
    if (!s && txt.slice(0, title.length + 1) === title + "\n") body = title.length + 1;
    while (k < t.o.length && t.o[k] < body) k++;
    var f = find(t.n, terms, k) || !partial && find(t.n, terms, 0);
    if (!f) return null;
    var a = t.o[f[0]], e = t.o[f[0] + f[1] - 1], lo = a >= body ? body : 0;
    e += size(txt.codePointAt(e));
    var pre = Array.from(txt.slice(lo, a)), post = Array.from(txt.slice(e));
    if (partial && post.length <= AFTER) return null;
    return (pre.length > BEFORE || s ? "…" : "") + esc(pre.slice(-BEFORE).join("")) + "<mark>" + esc(txt.slice(a, e)) +
      "</mark>" + esc(post.slice(0, AFTER).join("")) + (post.length > AFTER ? "…" : "");
  }
  async function detail(h, terms) {
    var f = await result(h.d), row = f.row, off = f.off, n = off.length - 1, title = row[1] || "";
    var S = M.segment || 200, s = Math.floor(h.p / S), ex = null;
    try {
      // The start of the text is here already: enough unless the first match is known to be later.
      if (!(h.p >= 0 && s > 1)) {
        var end = Math.min(f.end, off[n]);
        ex = cut(new TextDecoder().decode(f.b.subarray(off[0], end), { stream: true }), 0, terms, title, end < off[n]);
      }
      // Else the segment of a known match, then segments 0, 1, then the rest at once.
      var plan = (h.p >= 0 && s > 1 && s < n ? [[s, s + 1]] : []).concat([[0, 1], [1, 2], [2, n]]);
      for (var i = 0; i < plan.length && !ex; i++) {
        if (plan[i][0] < n) ex = cut(await text(f, plan[i][0], Math.min(plan[i][1], n)), plan[i][0], terms, title);
      }
      if (!ex) { // no match found (should not happen): the start of the body
        var rest = Array.from((await text(f, 0, Math.min(1, n))).slice(title.length + 1));
        ex = esc(rest.slice(0, BEFORE + AFTER).join("")) + (rest.length > BEFORE + AFTER ? "…" : "");
      }
    } catch (e) {
      ex = ""; // the result still lists; only its excerpt is missing
    }
    return { url: row[0], title: title, date: row[2], section: row[3], excerpt: ex };
  }

  async function search(q, o) {
    var r = await ranked(String(q || ""));
    var n = o && o.limit != null ? o.limit : r.total;
    return { total: r.total, results: await Promise.all(r.hits.slice(0, n).map(function (h) { return detail(h, r.terms); })) };
  }
  function setBase(u) {
    u = String(u || "");
    if (u && u.slice(-1) !== "/") u += "/";
    if (u !== base) { base = u; cache = new Map(); M = null; }
  }
  function configure(o) {
    if (o.fetch) cfg.fetch = o.fetch;
    if (o.indexURL) setBase(o.indexURL);
  }

  // The search page.
  function date(s) {
    var m = /^(\d{4})-(\d\d)-(\d\d)/.exec(s || "");
    return m ? +m[1] + "年" + +m[2] + "月" + +m[3] + "日" : "";
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function page() {
    var root = document.querySelector("[data-zhendi-search]");
    if (!root) return;
    if (!base) setBase(root.getAttribute("data-index"));
    var form = root.querySelector("form"), input = root.querySelector("input[name=q]"),
      status = root.querySelector("[data-search-status]"), list = root.querySelector("[data-search-results]"),
      heading = root.querySelector("[data-search-heading]"), more = root.querySelector("[data-search-more]"),
      box = root.querySelector("[data-search-more-box]"), seq = 0, cur = null, shown = 0;
    if (!more) {
      box = el("p", "more");
      more = box.appendChild(el("button", "", "显示更多"));
      more.type = "button";
      list.parentNode.insertBefore(box, list.nextSibling);
    }
    box = box || more;
    box.hidden = true;
    function quoted(r) { return r.terms.map(function (t) { return "“" + t.shown + "”"; }).join(""); }
    async function next(my) {
      var hits = cur.hits.slice(shown, shown + PAGE);
      var items = await Promise.all(hits.map(function (h) { return detail(h, cur.terms); }));
      if (my !== seq) return null;
      var firstLink = null;
      items.forEach(function (x) {
        var li = el("li", "item"), h3 = li.appendChild(el("h3", "item-title")), a = h3.appendChild(el("a", "", x.title));
        a.href = x.url;
        firstLink = firstLink || a;
        var meta = li.appendChild(el("p", "item-meta")), d = date(x.date);
        if (d) { var tm = meta.appendChild(el("time", "", d)); tm.setAttribute("datetime", x.date); }
        if (x.section) meta.appendChild(el("span", "", x.section));
        li.appendChild(el("p", "item-summary")).innerHTML = x.excerpt;
        list.appendChild(li);
      });
      shown += hits.length;
      box.hidden = shown >= cur.total;
      return firstLink;
    }
    async function run(q, focus) {
      var my = ++seq;
      list.textContent = "";
      box.hidden = true;
      if (heading) heading.hidden = true;
      cur = null;
      if (!parse(q).length) {
        status.textContent = q.trim() ? "请输入要搜索的文字或数字。" : "";
        return;
      }
      status.textContent = "正在搜索……";
      try {
        var r = await ranked(q);
        if (my !== seq) return;
        cur = r;
        shown = 0;
        await next(my);
        if (my !== seq) return;
        var several = r.terms.length > 1;
        status.textContent = r.total ?
          "找到 " + r.total + " 篇" + (several ? "同时" : "") + "包含" + quoted(r) + "的文章" :
          "没有找到" + (several ? "同时" : "") + "包含" + quoted(r) + "的文章。" +
          (several ? "文章须同时包含全部 " + r.terms.length + " 个关键词才会列出。可以试试减少关键词、使用" : "可以试试") +
          "更短的关键词，或检查是否有错别字。";
        if (heading) { heading.hidden = false; if (focus) heading.focus(); }
      } catch (e) {
        if (my === seq) status.textContent = "搜索暂时无法使用，请稍后再试。";
      }
    }
    more.addEventListener("click", async function () {
      if (!cur) return;
      more.disabled = true;
      try {
        var a = await next(seq);
        if (a) a.focus();
      } catch (e) {
        status.textContent = "加载更多结果时出错，请稍后再试。";
      }
      more.disabled = false;
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = input.value;
      try { history.replaceState(null, "", location.pathname + (q ? "?q=" + encodeURIComponent(q) : "")); } catch (e) { /* file: URLs */ }
      run(q, true);
    });
    var q0 = new URLSearchParams(location.search).get("q") || "";
    if (q0) { input.value = q0; run(q0, true); }
  }

  G.ZhendiSearch = { search: search, configure: configure };
  if (G.document) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", page); else page();
  }
})(typeof globalThis !== "undefined" ? globalThis : typeof window !== "undefined" ? window : this);
