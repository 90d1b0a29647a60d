/* Zhendi 站内搜索: reads the static index described in Sources/ZhendiKit/Search/FORMAT.md (format 6).
   Plain ES2017, no dependencies, no requests to other hosts. The search page works as a plain GET
   form without it. Node tests: ZhendiSearch.configure({ indexURL, fetch }), then
   ZhendiSearch.search(query, { limit }) → { total, results: [{ url, title, date, section, excerpt, href }] }
   (href: url with a text fragment that scrolls its page to the excerpt's match, when one could be made). */
(function (G) {
  "use strict";
  var K1 = 1.2, B = 0.75, PAGE = 10, BEFORE = 40, AFTER = 60;
  // Text units read first when the match position is unknown (title and the start of the body,
  // where a match usually is), and the margin around a known one (a character outside the BMP
  // before it shifts the text by one unit).
  var FIRST = 192, SLACK = 8;
  // What a request costs besides its bytes (headers both ways), when choosing between reading a
  // whole position list and reading its block table and some blocks.
  var REQ = 300;
  // A position list this short is read whole before the excerpts are cut (it places every one of
  // them at once); a longer one only for the pages whose first units show no match.
  var NEAR = 4096;
  // Position lists that may be read together in a round of a term's proof (bytes).
  var ROUND = 8192;
  // A term's doc-level lists are read before its position lists only when those are this many
  // times larger (measured at 1,000 and 10,000 pages: 4, 8 and 16 read more, 32 as little as never).
  var SPARE = 32;
  var cfg = {}, base = "", cache = new Map(), M = null;
  var enc = new TextEncoder(), dec = new TextDecoder(), dec16 = new TextDecoder("utf-16le");

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
  // The promise kept under key, made once; a failure is forgotten so the next call tries again.
  function once(key, make) {
    var p = cache.get(key);
    if (!p) {
      cache.set(key, p = make());
      p.catch(function () { if (cache.get(key) === p) cache.delete(key); });
    }
    return p;
  }
  function get(path, type, parse) { return once(base + path, function () { return load(base + path, type).then(parse); }); }
  function vocab() { return get("words.txt", 2, function (t) { return t.split("\n").filter(Boolean); }); }

  // §6 Binary encoding: LEB128 varints; a shard is a sequence of entries sorted by token bytes.
  var buf, at;
  function vi() { for (var x = 0, m = 1, c; ; m *= 128) { c = buf[at++]; x += (c & 127) * m; if (c < 128) return x; } }
  function parseShard(b) {
    var m = new Map(), end = 0, moved = 0;
    for (buf = b, at = 0; at < b.length;) {
      var l = vi(), tok = dec.decode(b.subarray(at, at += l)), df = vi(), k = vi(), e = { df: df, k: k };
      // A long list lies elsewhere (d/), a position list in q/: each right after the previous
      // one of this piece, plus a gap.
      if (k & 4) { e.lo = moved + vi(); e.ll = vi(); moved = e.lo + e.ll; } else { var bl = vi(); e.b = b.subarray(at, at += bl); }
      if (k & 2) { e.o = end + vi(); e.l = vi(); end = e.o + e.l; }
      m.set(tok, e);
    }
    return m;
  }
  function fnv(s) {
    for (var b = enc.encode(s), h = 0x811c9dc5, i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
    return h >>> 0;
  }
  // The piece tok's entry is in; a title token lives in the piece of its plain token (tb党建 with b党建).
  function pieceOf(tok) { return fnv(tok[0] === "t" ? tok.slice(1) : tok) % M.postingShards; }
  // The directory entry of tok; its doc-level list is loaded (e.b) when it is inline or when
  // body() has fetched it.
  function piece(tok) {
    return get("p/" + pieceOf(tok) + ".bin", 1, parseShard).then(function (m) { return m.get(tok); });
  }
  function body(tok, e) {
    if (!e || e.b) return Promise.resolve(e);
    var url = base + "d/" + file(pieceOf(tok), M.listFiles) + ".bin";
    return once(url + "#" + e.lo, function () { return part(url, e.lo, e.lo + e.ll).then(function (b) { e.b = b; return e; }); });
  }
  function ent(dir, tok) { return piece(tok).then(function (e) { return body(tok, e); }); }
  // The file of piece j's lists among n.
  function file(j, n) { return Math.floor(j * n / M.postingShards); }
  // A position list: the bytes its doc-level entry points at.
  function qURL(tok) { return base + "q/" + file(fnv(tok) % M.postingShards, M.positionShards) + ".bin"; }
  function positions(tok, e) {
    var url = qURL(tok);
    return once(url + "#" + e.o, function () { return part(url, e.o, e.o + e.l).then(function (b) { return parseShard(b).get(tok); }); });
  }
  // How many blocks a position list of df docs has (a table locates all but the first).
  function blocks(df) { var K = M.positionBlock; return K && df > K ? Math.ceil(df / K) : 1; }
  function vsize(n) { for (var s = 1; n >= 128; s++) n = Math.floor(n / 128); return s; }
  // Doc → its index in the token's lists (doc-level and positional hold the same docs).
  function ordinals(e) {
    if (!e.ord) {
      var o = e.ord = new Map(), ds = e.docs = [];
      docList(e).forEach(function (_, d) { o.set(d, ds.length); ds.push(d); });
    }
    return e.ord;
  }
  // Positions (Map doc → ascending positions) of tok, whose directory entry is e, at least in the
  // docs of want (every doc when want is null): the whole list, or its block table and the
  // blocks of those docs when that costs less.
  async function placed(tok, e, want) {
    if (!e || !(e.k & 2)) return undefined;
    var nb = blocks(e.df), K = M.positionBlock;
    if (want && nb > 1) {
      var T = 3 * (nb - 1), per = (e.l - T) / nb + REQ;
      // Which block holds a doc is in the token's doc-level list: reading blocks costs that list
      // too when it is not loaded yet.
      if (e.b || T + 2 * REQ + e.ll + Math.min(nb, want.length) * per < e.l) {
        var ord = ordinals(await body(tok, e)), need = [];
        want.forEach(function (d) { var i = ord.get(d); if (i !== undefined) need.push(Math.floor(i / K)); });
        need = need.sort(function (a, b) { return a - b; }).filter(function (b, i) { return !i || need[i - 1] !== b; });
        if (T + REQ + need.length * per < e.l) return blockwise(tok, e, need, nb, T);
      }
    }
    return posList(await positions(tok, e));
  }
  async function blockwise(tok, e, need, nb, T) {
    var K = M.positionBlock, url = qURL(tok), tb = enc.encode(tok).length, head = vsize(tb) + tb + vsize(e.df) + 1, v = 1;
    while (vsize(e.l - head - v) !== v) v++;
    var items = e.o + head + v + T, end = e.o + e.l;
    var tab = await once(url + "#t" + e.o, function () { return part(url, items - T, items); });
    function start(b) { return b === 0 ? items : b === nb ? end : items + tab[3 * b - 3] + 256 * tab[3 * b - 2] + 65536 * tab[3 * b - 1]; }
    // Consecutive blocks are one request.
    var runs = [];
    need.forEach(function (b) { var r = runs[runs.length - 1]; if (r && r[1] === b) r[1]++; else runs.push([b, b + 1]); });
    var got = await Promise.all(runs.map(function (r) {
      var from = start(r[0]), to = start(r[1]);
      return once(url + "#" + from + "-" + to, function () { return part(url, from, to); });
    }));
    var m = new Map();
    runs.forEach(function (r, k) {
      buf = got[k]; at = 0;
      for (var i = r[0] * K; i < Math.min(e.df, r[1] * K); i++) {
        vi();
        for (var c = vi(), a = [], p = -1; c--;) a.push(p += vi() + 1);
        m.set(e.docs[i], a);
      }
    });
    return m;
  }
  // Bytes from..to of a file with one Range request. A server that ignores Range sends the whole
  // file, which is then kept and sliced; until the first answer shows which kind of server this
  // is, one request per file is in flight.
  var ranges = false;
  function part(url, from, to) {
    var all = cache.get(url), probe = cache.get(url + "#?");
    if (all) return all.then(function (b) { return b.subarray(from, to); });
    if (probe && !ranges) return probe.then(function () { return part(url, from, to); });
    function ask() {
      return load(url, 3, { headers: { Range: "bytes=" + from + "-" + (to - 1) } }).then(function (r) {
        if (!r.whole) { ranges = true; return r.b; }
        cache.set(url, Promise.resolve(r.b));
        return r.b.subarray(from, to);
      });
    }
    return ranges ? ask() : once(url + "#?", ask);
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
  // Positional postings: Map doc → ascending positions (after the block table, if any).
  function posList(e) {
    if (e.d) return e.d;
    var m = e.d = new Map(), d = -1;
    for (buf = e.b, at = 3 * (blocks(e.df) - 1); m.size < e.df;) {
      d += vi() + 1;
      for (var c = vi(), a = [], p = -1; c--;) a.push(p += vi() + 1);
      m.set(d, a);
    }
    return m;
  }

  // The pair where segment i - 1 of a term meets segment i (an e token without its kind).
  function junction(sg, i) { return str([sg[i - 1].c[sg[i - 1].n - 1], sg[i].c[0]]); }
  // §7 j tokens: the one that settles a term alone (a Han character and a word of 2–J code points,
  // or a word of at most J between two Han characters), or null.
  function settling(sg) {
    var J = M.junctionWords || 0, a = sg[0], b = sg[1], c = sg[2];
    if (sg.length === 2 && (a.h ? a : b).n === 1 && (a.h ? b : a).n >= 2 && (a.h ? b : a).n <= J) return "j" + a.s + b.s;
    if (sg.length === 3 && a.h && a.n === 1 && c.n === 1 && b.n <= J) return "j" + a.s + b.s + c.s;
    return null;
  }
  // Those every page with the term has: at each junction with a word of 2 or more code points, the
  // Han character and up to J of them; a short inner word with the Han characters around it.
  function joining(sg) {
    var J = M.junctionWords || 0, out = [];
    if (!J) return out;
    sg.forEach(function (s, i) {
      if (s.h || s.n < 2) return;
      if (i) out.push("j" + str([sg[i - 1].c[sg[i - 1].n - 1]].concat(s.c.slice(0, J))));
      if (i < sg.length - 1) out.push("j" + str(s.c.slice(-J).concat([sg[i + 1].c[0]])));
      if (i && i < sg.length - 1 && s.n <= J) out.push("j" + str([sg[i - 1].c[sg[i - 1].n - 1]].concat(s.c, [sg[i + 1].c[0]])));
    });
    return out;
  }
  // Whether a Han segment may have a p token.
  function phrasal(s) { return M.phrases !== false && s.n >= (M.phraseMin || 3) && s.n <= (M.phraseMax || 6); }

  // §7 Evaluating a term → Map doc → [tf, first T or -1 when not verified positionally].
  async function evaluate(t) {
    var s = t.sg[0];
    if (t.sg.length === 1 && s.h) {
      if (s.n < 3) return located((s.n < 2 ? "u" : "b") + s.s);
      if (phrasal(s)) {
        var e = await ent("p", "p" + s.s);
        if (e) {
          var l = docList(e);
          l.later = l.later || function (h) { return bigramAt(s, h); };
          return l;
        }
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
      m.at = function (h) { return wordsAt(s, vs, h); };
      return m;
    }
    return positional(t.sg);
  }
  // The token of Han segment s's bigram at j.
  function bigram(s, j) { return "b" + str(s.c.slice(j, j + 2)); }
  // Where Han segment s may lie in hit h: the positions of its bigram with the shortest position
  // list, shifted to the segment's start (not every one is the segment), or null.
  function bigramAt(s, h) {
    var bs = [];
    for (var j = 0; j + 1 < s.n; j++) bs.push(bigram(s, j));
    return Promise.all(bs.map(piece)).then(function (es) {
      var k = -1;
      es.forEach(function (e, i) { if (e && e.k & 2 && (k < 0 || e.l < es[k].l)) k = i; });
      return k < 0 ? null : placed(bs[k], es[k], [h.d]).then(function (m) {
        return m && m.get(h.d) ? m.get(h.d).map(function (p) { return p - k; }) : null;
      });
    });
  }
  // Where word segment s lies in hit h: the positions, in h's page, of the vocabulary words vs
  // that contain it (2024 in a date far into a page is found there, not by reading the page's
  // text until it shows up), or null.
  function wordsAt(s, vs, h) {
    return Promise.all(vs.map(function (v) {
      return ent("p", "w" + v).then(function (e) {
        if (!e || !docList(e).has(h.d)) return [];
        return placed("w" + v, e, [h.d]).then(function (p) {
          var off = v.indexOf(s.s);
          return ((p && p.get(h.d)) || []).map(function (x) { return x + off; });
        });
      });
    })).then(function (ps) {
      ps = [].concat.apply([], ps).sort(function (a, b) { return a - b; });
      return ps.length ? ps : null;
    });
  }
  // A doc-level list, and where in a doc the term is: its position list (its block table and the
  // doc's block, for a long one). at(h) → the hit's positions, or null; at.near: the list is short.
  async function located(tok) {
    var e = await ent("p", tok), l = docList(e);
    if (e && e.k & 2) {
      l.at = function (h) { return placed(tok, e, [h.d]).then(function (m) { return m && m.get(h.d) || null; }); };
      l.at.near = e.l <= NEAR;
    }
    return l;
  }
  // Every segment becomes one or more constraints, each a Map doc → ascending candidate starts T.
  // The small position lists are read first: when they leave no candidate (a long term that is
  // absent), the large ones are never fetched.
  async function positional(sg) {
    // A word character next to a Han character (5个, x镇): the pages with that pair.
    if (sg.length === 2 && sg[0].n === 1 && sg[1].n === 1) return located("e" + junction(sg, 1));
    // A Han character and a short word (35岁, QQ群, 第1讲): one j list; where in a page, from the
    // positions of the junction pair (as for that pair's own term).
    var jt = settling(sg);
    if (jt) {
      var got = await Promise.all([ent("p", jt), located("e" + junction(sg, 1))]), l = docList(got[0]);
      l.at = got[1].at;
      return l;
    }
    // Doc-level lists are small: when the term's bigrams, junction pairs and j tokens never meet in
    // one document, the (large) position lists are not needed at all.
    var pairs = [], es = [], want = null;
    sg.forEach(function (s, i) {
      if (i) pairs.push("e" + junction(sg, i));
      if (s.h) for (var j = 0; j + 1 < s.n; j++) pairs.push(bigram(s, j));
    });
    var needed = pairs.concat(joining(sg));
    if (pairs.length) {
      es = await Promise.all(needed.map(piece));
      if (!es.every(Boolean)) return new Map();
    }
    function cost(tok) { var e = es[pairs.indexOf(tok)]; return e && e.k & 2 ? e.l : Infinity; }
    function constraint(tok, shift) { return { l: cost(tok), get: function (want) { return starts([[tok, shift]], want); } }; }
    // Junctions: the e pair at T + a - 1; it settles one-character segments alone. A Han segment:
    // the bigrams of least total size that cover each of its characters that no junction pair
    // covers (x基层团: 层团 with the pair x基, not 基层 too), no two chosen ones more than two apart.
    var last = sg.length - 1, cs = [];
    sg.forEach(function (s, i) {
      if (i) cs.push(constraint("e" + junction(sg, i), s.a - 1));
      if (s.n === 1) return;
      if (s.h) {
        var lo = i ? 1 : 0, hi = i < last ? s.n - 2 : s.n - 1, best = [], from = [], end = -1;
        if (lo > hi) return;
        for (var j = 0; j + 1 < s.n; j++) {
          // A chain starts at a bigram that covers the first character in question.
          var p = j <= lo ? -1 : j >= 2 && best[j - 2] < best[j - 1] ? j - 2 : j - 1;
          best[j] = cost(bigram(s, j)) + (p < 0 ? 0 : best[p]);
          from[j] = p;
          if (j + 1 >= hi && (end < 0 || best[j] < best[end])) end = j;
        }
        for (j = end; j >= 0; j = from[j]) cs.push(constraint(bigram(s, j), s.a + j));
        return;
      }
      cs.push({ l: Infinity, get: function (want) {
        return vocab().then(function (vs) {
          return starts(vs.filter(function (v) {
            return i === 0 ? v.slice(-s.n) === s.s : i === last ? v.slice(0, s.n) === s.s : v === s.s;
          }).map(function (v) { return ["w" + v, i === 0 ? s.n - v.length : s.a]; }), want);
        });
      } });
    });
    if (!cs.length) return new Map();
    // The doc-level lists meet first only when the position lists are far larger (SPARE): the
    // rounds below, smallest list first, rule out an absent term and prove a present one for
    // less in every query measured.
    if (pairs.length) {
      var P = 0, D = 0;
      cs.forEach(function (c) { P += c.l; });
      es.forEach(function (e) { if (!e.b) D += e.ll + REQ; });
      if (P > SPARE * D) {
        var sets = (await Promise.all(es.map(function (e, i) { return body(needed[i], e); }))).map(docList);
        sets.sort(function (x, y) { return x.size - y.size; });
        want = [];
        sets[0].forEach(function (_, d) { if (sets.every(function (m) { return m.has(d); })) want.push(d); });
        if (!want.length) return new Map();
      }
    }
    // In rounds, smallest first, while candidates remain: a round reads at least one list and at
    // most as much as all the rounds before it (or ROUND bytes), so a term that small lists rule
    // out costs little, and one that needs every list costs a few round trips more.
    cs.sort(function (x, y) { return x.l - y.l; });
    var r = null, k = 0, read = 0;
    while (k < cs.length && (!r || r.size)) {
      var from = k, sum = cs[k++].l;
      while (k < cs.length && sum + cs[k].l <= Math.max(ROUND, read)) sum += cs[k++].l;
      read += sum;
      if (r) want = Array.from(r.keys());
      var ms = await Promise.all(cs.slice(from, k).map(function (c) { return c.get(want); }));
      r = meet(r ? ms.concat([r]) : ms);
    }
    r.forEach(function (ts, d) { r.set(d, [ts.length, ts[0]]); });
    return r;
  }
  // The starts T every map allows, per document.
  function meet(ms) {
    var r = new Map();
    ms.sort(function (x, y) { return x.size - y.size; });
    ms[0].forEach(function (ts, d) {
      for (var k = 1; k < ms.length && ts.length; k++) {
        var o = ms[k].get(d);
        ts = o ? ts.filter(function (t) { return has(o, t); }) : [];
      }
      if (ts.length) r.set(d, ts);
    });
    return r;
  }
  // list: [token, shift] pairs; a position P of token gives the candidate start T = P - shift.
  // Docs outside want (when given) may be missing from the answer.
  async function starts(list, want) {
    var es = await Promise.all(list.map(function (x) {
      return piece(x[0]).then(function (e) { return placed(x[0], e, want); });
    })), m = new Map();
    es.forEach(function (pm, k) {
      if (pm) pm.forEach(function (ps, d) {
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
  // §8 Docs whose title has the term: exact for a phrase (its tp list), else approximated by the
  // u/b/w components of a one-segment term or the junction pairs and bigrams of a mixed one.
  // Title tokens share their plain token's piece, which the term's evaluation reads anyway.
  async function titled(t) {
    var s = t.sg[0];
    if (t.sg.length === 1 && s.h && phrasal(s) && await ent("p", "p" + s.s)) {
      return [docList(await ent("p", "tp" + s.s))];
    }
    var r = [], sg = t.sg;
    sg.forEach(function (s, i) {
      if (i) r.push("te" + junction(sg, i));
      if (!s.h) { if (sg.length === 1) r.push("tw" + s.s); } else if (s.n === 1) { if (sg.length === 1) r.push("tu" + s.s); } else for (var j = 0; j < s.n - 1; j++) r.push("tb" + str(s.c.slice(j, j + 2)));
    });
    return (await Promise.all(r.map(function (tok) { return ent("p", tok); }))).map(docList);
  }

  // AND across terms, then rank: title matches, BM25, lower doc id.
  async function rank(q) {
    var terms = parse(q);
    if (!terms.length) return { terms: terms, total: 0, hits: [] };
    get("docs.bin", 1);
    // The word list, when a term needs it (a long word, or a word of two or more characters in a
    // mixed term that no j token settles).
    if (terms.some(function (t) { return t.sg.some(function (s) { return !s.h && (t.sg.length > 1 ? s.n > 1 && !(M && settling(t.sg)) : s.n > ((M && M.substrings) || 3)); }); })) vocab();
    M = await get("meta.json");
    // An index of another format (a page cached from before a rebuild that changed it) is not read
    // with the wrong rules: the page says to try again, and reloading it brings the new runtime.
    if (M.format !== 6) throw new Error("search index format " + M.format);
    var res = await Promise.all([
      Promise.all(terms.map(evaluate)),
      Promise.all(terms.map(titled)),
      table()]);
    var lists = res[0], titles = [].concat.apply([], res[1]), lens = res[2].u, N = M.docs, avg = M.avgLength || 1, hits = [];
    var idf = lists.map(function (l) { return Math.log(1 + (N - l.size + 0.5) / (l.size + 0.5)); });
    var smallest = lists.reduce(function (a, b) { return b.size < a.size ? b : a; });
    smallest.forEach(function (_, d) {
      var score = 0, pos = -1, L = lens[d];
      for (var i = 0; i < lists.length; i++) {
        var x = lists[i].get(d);
        if (!x) return;
        score += idf[i] * x[0] * (K1 + 1) / (x[0] + K1 * (1 - B + B * L / avg));
        if (pos < 0) pos = x[1];
      }
      hits.push({ d: d, s: score, p: pos, t: titles.every(function (m) { return m.has(d); }) ? 1 : 0 });
    });
    hits.sort(function (a, b) { return b.t - a.t || b.s - a.s || b.d - a.d; });
    return { terms: terms, total: hits.length, hits: hits, at: lists[0].at, later: lists[0].later };
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
  // docs.bin: each record's header (h, bytes) and text (u, UTF-16 units) lengths, and where it
  // starts in its bundle (at).
  function parseDocs(b) {
    var n = M.docs, r = { h: [], u: [], at: [] }, pos = 0;
    for (buf = b, at = 0; r.h.length < n;) {
      if (r.h.length % M.bundle === 0) pos = 0;
      var h = 8 * vi(), u = 32 * vi();
      r.h.push(h); r.u.push(u); r.at.push(pos);
      pos += h + 2 * u;
    }
    return r;
  }
  // Bytes from..to of a record (relative to its start).
  function bytes(f, from, to) {
    return once(f.url + "#" + (f.at + from) + "-" + to, function () { return part(f.url, f.at + from, f.at + to); });
  }
  // Text units a..b of a record as a string (its U+0000 padding removed).
  function units(f, a, b) {
    a = Math.max(0, a); b = Math.min(f.u, b);
    return a >= b ? Promise.resolve("") : bytes(f, f.h + 2 * a, f.h + 2 * b).then(decode16);
  }
  function decode16(b) { return dec16.decode(b.length & 1 ? b.subarray(0, b.length - 1) : b).replace(/\0/g, ""); }
  function table() { return once(base + "docs.bin#", function () { return get("docs.bin", 1).then(parseDocs); }); }
  async function record(d) {
    var t = await table();
    return { url: base + "x/" + Math.floor(d / M.bundle) + ".bin", at: t.at[d], h: t.h[d], u: t.u[d] };
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
  // The excerpt around the first match in txt (text units from a on): the first in the body, else
  // one in the title line (at the start of the text: a page that has the term in its title shows
  // that when its first units do not), as { html, frag }. Null when there is none, or when txt
  // stops before the body match's context after it (partial: more text follows).
  function cut(txt, a, terms, title, partial) {
    var t = normalise(txt), body = 0, k = 0;
    if (!a && txt.slice(0, title.length + 1) === title + "\n") body = title.length + 1;
    while (k < t.o.length && t.o[k] < body) k++;
    var f = find(t.n, terms, k);
    if (f && partial && t.o.length - f[0] - f[1] <= AFTER) return null;
    f = f || find(t.n, terms, 0);
    if (!f) return null;
    var s = t.o[f[0]], e = t.o[f[0] + f[1] - 1], lo = s >= body ? body : 0;
    e += size(txt.codePointAt(e));
    var pre = Array.from(txt.slice(lo, s)), post = Array.from(txt.slice(e));
    return {
      html: (pre.length > BEFORE || a ? "…" : "") + esc(pre.slice(-BEFORE).join("")) + "<mark>" + esc(txt.slice(s, e)) +
        "</mark>" + esc(post.slice(0, AFTER).join("")) + (post.length > AFTER ? "…" : ""),
      frag: fragment(txt, t, f, s, e, !a, !partial)
    };
  }
  // A text fragment (#:~:text=prefix-,match,-suffix) that makes the browser scroll the page to this
  // match and highlight it (a browser without them ignores it). Browsers take only matches that
  // start and end on word boundaries, which Chinese shows no spaces for: the prefix and suffix run
  // from the match out to the punctuation or space around it, where every segmenter breaks.
  // Empty when txt does not reach such a break on each side (or the sentence is very long).
  function fragment(txt, t, f, s, e, atStart, atEnd) {
    var i = f[0], j = f[0] + f[1];
    while (i > 0 && kind(t.n[i - 1])) i--;
    while (j < t.n.length && kind(t.n[j])) j++;
    if (!i && !atStart || j === t.n.length && !atEnd) return "";
    var from = i ? t.o[i] : 0, to = j < t.n.length ? t.o[j] : txt.length;
    if (from > s || to < e || to - from > 80) return "";
    function pct(x) { return encodeURIComponent(x).replace(/-/g, "%2D"); }
    return "#:~:text=" + (from < s ? pct(txt.slice(from, s)) + "-," : "") + pct(txt.slice(s, e)) +
      (e < to ? ",-" + pct(txt.slice(e, to)) : "");
  }
  async function detail(h, r, gate) {
    var terms = r.terms, f = await record(h.d), L = 0, ex = null, row, T = h.p, ps = null, at = r.at;
    function where() { return ps || (ps = at(h).catch(function () { return null; })); }
    // Tells the gate (once) whether this result's first read missed its match.
    function report(missed) {
      if (!gate) return;
      if (missed) gate.misses++;
      if (--gate.left === 0) gate.open();
      gate = null;
    }
    if (T < 0 && r.at && r.at.near) T = ((await where()) || [-1])[0];
    terms.forEach(function (t) { L = Math.max(L, t.c.length); });
    // The units around a match at T, and the excerpt cut from them (reads are kept, so a window
    // asked for early is not read again).
    function span(T) { return [T - BEFORE - SLACK, T + L + AFTER + SLACK]; }
    async function around(T, title) {
      var w = span(T);
      return cut(await units(f, w[0], w[1]), Math.max(0, w[0]), terms, title, w[1] < f.u);
    }
    // A known match past the first units: the header and a window around the match, at once.
    var far = T >= 0 && span(T)[1] > FIRST, first = Math.min(f.u, FIRST);
    var head = bytes(f, 0, f.h + (far ? 0 : 2 * first));
    if (far) units(f, span(T)[0], span(T)[1]).catch(function () {});
    try {
      var hb = await head;
      row = JSON.parse(dec.decode(hb.subarray(0, f.h)));
      var title = row[1], b = first, raw = far ? null : hb.subarray(f.h);
      ex = far ? await around(T, title) : cut(decode16(raw), 0, terms, title, b < f.u);
      var waited = !ex && !at && r.later && b < f.u ? gate : null;
      report(!ex);
      // A term with no position list of its own (a phrase) is placed from its bigram's when a
      // few of the shown results need it: that costs the bigram's directory entries, block table
      // and blocks once per query, more than reading on for one or two pages.
      if (waited && (await waited.done, waited.misses >= 3)) at = r.later;
      // Not there: the term's position list (when it has one) says where in the body it may be
      // (its pair or bigram, or a word holding it: not every place is the term): a window at
      // each of the next few places not read yet, cheaper than reading on for a match far in.
      if (!ex && at && b < f.u) {
        var tl = normalise(title).n.length + 1, seen = far ? span(T)[1] : first, tries = 0;
        for (var i = 0, p = (await where()) || []; !ex && i < p.length && tries < 3; i++) {
          if (p[i] < tl || span(p[i])[1] <= seen) continue;
          ex = await around(p[i], title); seen = span(p[i])[1]; tries++;
        }
      }
      // Else read on from the start, each read as long as all before it, keeping what was read.
      while (!ex) {
        if (raw === null) raw = await bytes(f, f.h, f.h + 2 * b);
        ex = cut(decode16(raw), 0, terms, title, b < f.u);
        if (ex || b >= f.u) break;
        var next = Math.min(f.u, 2 * b), more = await bytes(f, f.h + 2 * b, f.h + 2 * next), all = new Uint8Array(raw.length + more.length);
        all.set(raw); all.set(more, raw.length); raw = all; b = next;
      }
      if (!ex) { // no match found (should not happen): the start of the body
        var rest = Array.from((await units(f, 0, FIRST)).slice(title.length + 1));
        ex = { html: esc(rest.slice(0, BEFORE + AFTER).join("")) + (rest.length > BEFORE + AFTER ? "…" : ""), frag: "" };
      }
    } catch (e) {
      report(false);
      if (!row) throw e;
      ex = { html: "", frag: "" }; // the result still lists; only its excerpt is missing
    }
    return { url: row[0], title: row[1], date: row[2], section: row[3], excerpt: ex.html, href: row[0] + ex.frag };
  }

  async function search(q, o) {
    var r = await ranked(String(q || ""));
    var n = o && o.limit != null ? o.limit : r.total;
    return { total: r.total, results: await details(r.hits.slice(0, n), r) };
  }
  // The results of hits; each page of them (PAGE) shares a gate: how many missed their match in
  // their first read.
  function details(hits, r) {
    var gate = null;
    return Promise.all(hits.map(function (h, i) {
      if (i % PAGE === 0) {
        gate = { left: Math.min(hits.length - i, PAGE), misses: 0 };
        gate.done = new Promise(function (open) { gate.open = open; });
      }
      return detail(h, r, gate);
    }));
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
      var items = await details(hits, cur);
      if (my !== seq) return null;
      var firstLink = null;
      items.forEach(function (x) {
        var li = el("li", "item"), h3 = li.appendChild(el("h3", "item-title")), a = h3.appendChild(el("a", "", x.title));
        a.href = x.href;
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
