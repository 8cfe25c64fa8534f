/* Vietnamese search for the showcase: header box on every page and the /tim-kiem/ page.
 * Reads the sharded index written by scripts/showcase/outputs/search.py (see its docstring).
 * fold() and exactKey() mirror vi.fold and search.exact_key; a browser test checks they agree. */
(function () {
  "use strict";

  var script = document.currentScript;
  var BASE = new URL("../../", script ? script.src : location.href);
  var INDEX = new URL("assets/search/", BASE);
  var TONES = { "\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5" };
  var WORD = /[\p{L}\p{N}]+/gu;
  var PAGE = 20;
  var BOX_LIMIT = 8;
  var EXACT_BONUS = 1000;  // a query word typed with marks: records with that spelling come first
  var TYPO_FACTOR = 0.25;  // a word one edit away ranks after exact and folded matches
  var TYPO_MIN = 4;        // shorter words have too many neighbours one edit away
  var EXCERPT = 160;       // characters of body text around the first matched word
  var BOX_EXCERPTS = 3;    // excerpts are fetched for the first results only: each is a request
  var PREFIX_SHARDS = 4;   // a word still being typed loads at most this many shards
  var PAGE_EXCERPTS = 10;  // (the bench's worst first query grew from 109 to 195 KB with 20)

  // ---- text: the same rules as the Python side ------------------------------------------
  function fold(text) {
    var bare = text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/\p{M}/gu, "");
    return bare.toLowerCase();
  }

  function exactKey(word) {
    var tone = "", kept = "";
    for (var ch of word.normalize("NFD")) {
      if (TONES[ch]) tone = TONES[ch]; else kept += ch;
    }
    return kept.normalize("NFC").toLowerCase() + tone;
  }

  function words(text) {
    return text.normalize("NFC").match(WORD) || [];
  }

  function shardFile(key) {
    if (/^[a-z0-9]+$/.test(key)) return key;
    return "_" + Array.from(key, function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }

  function pairBucket(pair, buckets) {
    var h = 0x811c9dc5;
    for (var ch of pair) {
      h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    }
    return h % buckets;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // ---- query parsing ---------------------------------------------------------------------
  /* Words outside quotes must each match; "quoted words" must also stand side by side.
   * The last loose word matches as a prefix while the reader is still typing it. */
  function parseQuery(raw) {
    var text = raw.normalize("NFC");
    var phrases = [];
    var loose = text.replace(/["“”„]([^"“”„]*)["“”„]?/g, function (_, inner) {
      var ws = words(inner);
      if (ws.length) phrases.push(ws);
      return " ";
    });
    var terms = [];
    var seen = {};
    function add(w, prefix) {
      var f = fold(w).slice(0, 40);
      var key = f + "|" + exactKey(w) + "|" + prefix;
      if (!f || seen[key]) return;
      seen[key] = true;
      // "bưởi" carries marks, "buoi" does not: only the first prefers its own spelling
      terms.push({ folded: f, exact: exactKey(w), prefix: prefix, short: prefix && f.length <= 2,
                   marked: exactKey(w) !== f });
    }
    var lw = words(loose);
    var open = /[\p{L}\p{N}]$/u.test(loose);  // still typing the last loose word
    lw.forEach(function (w, i) {
      add(w, open && i === lw.length - 1);
    });
    phrases.forEach(function (ws) { ws.forEach(function (w) { add(w, false); }); });
    return { terms: terms, phrases: phrases.map(function (ws) { return ws.map(fold); }),
             loose: lw.map(fold) };
  }

  // ---- index access ----------------------------------------------------------------------
  var cache = {};
  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, INDEX)).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }
  function meta() { return load("meta.json"); }

  function shardsFor(m, term) {
    if (!m._set) m._set = new Set(m.shards);
    if (term.prefix) {  // the shortest keys first (they hold the shortest words), a few files at most
      var p = term.folded;
      return m.shards.filter(function (k) { return k.startsWith(p) || p.startsWith(k); })
        .sort(function (a, b) { return a.length - b.length || (a < b ? -1 : 1); }).slice(0, PREFIX_SHARDS);
    }
    for (var len = term.folded.length; len > 0; len--) {
      var k = term.folded.slice(0, len);
      if (m._set.has(k)) return [k];
    }
    return [];
  }

  /* Shards that may hold words one edit away: every shard of the word's first three letters. */
  function typoShards(m, term) {
    var head = term.folded.slice(0, 3);
    return m.shards.filter(function (k) { return k.startsWith(head) || head.startsWith(k); }).slice(0, 8);
  }

  /* True when a and b differ by one insertion, deletion, substitution or swap of neighbours. */
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function fieldScore(mask) {
    return (mask & 1 ? 8 : 0) + (mask & 2 ? 3 : 0) + (mask & 4 ? 1 : 0);
  }

  /* For one query word, per record: score (0 = absent), whether it matched with the typed
   * marks, and whether it matched only in the body. Exact spelling counts double; a word that
   * only starts with the typed prefix counts half; a word one edit away counts a quarter, and
   * only when no exemplar or movement has the word itself ("Nhunh" finds Nhung). */
  function scoreTerm(m, term) {
    var hit = { scores: new Float32Array(m.n), exact: new Uint8Array(m.n), body: new Uint8Array(m.n),
                typos: [] };
    if (term.short) {  // the whole short word anywhere, or a title word starting with it
      var whole = { folded: term.folded, exact: term.exact, marked: term.marked, prefix: false };
      return scoreTerm(m, whole).then(function (h) { return shortPrefix(m, term, h); });
    }
    return Promise.all(shardsFor(m, term).map(function (k) { return load("t/" + shardFile(k) + ".json"); }))
      .then(function (shards) {
        shards.forEach(function (shard) {
          for (var t in shard) {
            if (t === term.folded || (term.prefix && t.startsWith(term.folded))) {
              addTerm(hit, term, shard[t], t === term.folded ? 1 : 0.5);
            }
          }
        });
        // found in an exemplar or movement: no guessing; only in help pages (the guide's
        // examples hold odd words like "nhunh") or nowhere: add the words one edit away
        var found = hit.scores.subarray(0, m.help_from).some(function (s) { return s > 0; });
        if (found || term.folded.length < TYPO_MIN) return hit;
        return typoMatches(m, term, hit);
      });
  }

  function addTerm(hit, term, variants, factor) {
    variants.forEach(function (variant) {
      var exact = variant[0] === term.exact || (term.prefix && variant[0].startsWith(term.exact));
      var f = factor * (exact && term.marked ? 2 : 1), doc = 0;
      variant[1].forEach(function (v) {
        doc += v >> 3;
        var s = fieldScore(v & 7) * f;
        if (exact) hit.exact[doc] = 1;
        if (s > hit.scores[doc]) { hit.scores[doc] = s; hit.body[doc] = (v & 7) === 4 ? 1 : 0; }
      });
    });
  }

  function typoMatches(m, term, hit) {
    return Promise.all(typoShards(m, term).map(function (k) { return load("t/" + shardFile(k) + ".json"); }))
      .then(function (shards) {
        shards.forEach(function (shard) {
          for (var t in shard) {
            if (oneEdit(t, term.folded)) {
              hit.typos.push(t);
              addTerm(hit, { exact: "", marked: false, prefix: false }, shard[t], TYPO_FACTOR);
            }
          }
        });
        return hit;
      });
  }

  /* One or two letters: titles whose words start with them (p/ files), half a title score. */
  function shortPrefix(m, term, hit) {
    if (m.short.indexOf(term.folded) < 0) return Promise.resolve(hit);
    return load("p/" + shardFile(term.folded) + ".json").then(function (docs) {
      var doc = 0;
      docs.forEach(function (d) { doc += d; if (hit.scores[doc] < 4) hit.scores[doc] = 4; });
      return hit;
    });
  }

  /* One set of records per neighbouring word pair of `phrase`. */
  function phraseDocs(m, phrase) {
    var pairs = [];
    for (var i = 0; i + 1 < phrase.length; i++) pairs.push(phrase[i] + " " + phrase[i + 1]);
    return Promise.all(pairs.map(function (p) {
      return load("b/" + pairBucket(p, m.pairs) + ".json").then(function (bucket) {
        var set = new Set(), doc = 0;
        (bucket[p] || []).forEach(function (d) { doc += d; set.add(doc); });
        return set;
      });
    }));
  }

  /* 0 for exemplars and movements, 1 for help pages (listed in their own group below). */
  function group(m, d) { return d >= m.help_from ? 1 : 0; }

  /* [[record, score, matched in body], ...] best first; null query → every record. */
  function run(m, query) {
    if (!query.terms.length) {
      var all = [];
      for (var d = 0; d < m.n; d++) all.push([d, 0, false]);
      return Promise.resolve(all);
    }
    var phraseSets = Promise.all(query.phrases.map(function (p) { return phraseDocs(m, p); }));
    // Loose words that stand side by side in a record rank it higher ("giáo viên").
    var near = phraseDocs(m, query.loose);
    return Promise.all([Promise.all(query.terms.map(function (t) { return scoreTerm(m, t); })),
                        phraseSets, near])
      .then(function (res) {
        var perTerm = res[0], sets = [].concat.apply([], res[1]), nearSets = res[2];
        var out = [];
        for (var d = 0; d < m.n; d++) {
          var total = 0, ok = true, body = false;
          for (var i = 0; i < perTerm.length; i++) {
            var h = perTerm[i];
            if (!h.scores[d]) { ok = false; break; }
            total += h.scores[d] + (query.terms[i].marked && h.exact[d] ? EXACT_BONUS : 0);
            body = body || !!h.body[d];
          }
          if (!ok || !sets.every(function (s) { return s.has(d); })) continue;
          for (var j = 0; j < nearSets.length; j++) if (nearSets[j].has(d)) total += 10;
          out.push([d, total, body]);
        }
        out.sort(function (a, b) { return group(m, a[0]) - group(m, b[0]) || b[1] - a[1] || a[0] - b[0]; });
        out.typos = [].concat.apply([], perTerm.map(function (h) { return h.typos; }));
        return out;
      });
  }

  function records(m, ids) {
    var chunks = {};
    ids.forEach(function (id) { chunks[Math.floor(id / m.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) {
      return load("d/" + c + ".json").then(function (rows) { return [c, rows]; });
    })).then(function (loaded) {
      var byChunk = {};
      loaded.forEach(function (x) { byChunk[x[0]] = x[1]; });
      return ids.map(function (id) { return byChunk[Math.floor(id / m.chunk)][id % m.chunk]; });
    });
  }

  // ---- rendering -------------------------------------------------------------------------
  /* Does a word of the text match the query (folded, as a prefix, or as a typo match)? */
  function matcher(query) {
    var full = new Set(query.typos || []), prefixes = [];
    query.terms.forEach(function (t) { (t.prefix ? prefixes : []).push(t.folded); full.add(t.folded); });
    return function (word) {
      var f = fold(word);
      return full.has(f) || prefixes.some(function (p) { return f.startsWith(p); });
    };
  }

  /* About EXCERPT characters of body text around its first matched word, or "" if none. */
  function excerpt(text, query) {
    var isHit = matcher(query), m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) && !isHit(m[0])) { /* find the first match */ }
    if (!m) return "";
    var from = Math.max(0, text.lastIndexOf(" ", Math.max(0, m.index - EXCERPT / 3)));
    var to = text.indexOf(" ", Math.min(text.length, from + EXCERPT));
    to = to < 0 ? text.length : to;
    return (from > 0 ? "…" : "") + text.slice(from, to).trim() + (to < text.length ? "…" : "");
  }

  function highlight(text, query) {
    if (!text) return "";
    var isHit = matcher(query);
    var out = "", last = 0, m;
    WORD.lastIndex = 0;
    var nfc = text.normalize("NFC");
    while ((m = WORD.exec(nfc))) {
      var hit = isHit(m[0]);
      out += escapeHtml(nfc.slice(last, m.index));
      out += hit ? "<mark>" + escapeHtml(m[0]) + "</mark>" : escapeHtml(m[0]);
      last = m.index + m[0].length;
    }
    return out + escapeHtml(nfc.slice(last));
  }

  /* Body texts of the shown hits that matched in the body (x/<n>.json), else "". */
  function excerpts(hits) {
    return Promise.all(hits.map(function (h) {
      return h[2] ? load("x/" + h[0] + ".json").catch(function () { return ""; }) : "";
    }));
  }

  function typoNote(hits) {
    if (!hits.typos || !hits.typos.length) return "";
    return " Không thấy đúng từ đã gõ; đang hiện kết quả gần đúng: " +
      hits.typos.filter(function (x, i, a) { return a.indexOf(x) === i; }).slice(0, 5).join(", ") + ".";
  }

  function resultHtml(m, rec, query, body, first) {
    var url = new URL(rec[0], BASE).href;
    var kind = m.kinds[rec[2]] || "";
    var thumb = rec[5]
      ? '<img class="vs-thumb" src="' + escapeHtml(new URL(rec[5], BASE).href) +
        '" alt="" width="64" height="64" loading="lazy" decoding="async">'
      : '<span class="vs-thumb vs-thumb--none" aria-hidden="true">' +
        escapeHtml((rec[1].trim()[0] || "?").toUpperCase()) + "</span>";
    // the unit and hamlet often explain the match ("xuan duong" finds people of Xã Xuân Đường)
    var metaLine = [escapeHtml(kind)].concat([rec[3], rec[6]].filter(Boolean).map(function (x) {
      return highlight(x, query);
    })).filter(Boolean).join(" · ");
    var cut = body ? excerpt(body.normalize("NFC"), query) : "";
    var text = cut || rec[4];
    var help = rec[2] === "p";
    return '<li class="vs-result' + (help ? " vs-result--help" : "") + '">' +
      (help && first ? '<span class="vs-group">Trang hướng dẫn, giới thiệu</span>' : "") +
      '<a class="vs-result__link" href="' + escapeHtml(url) + '">' + thumb +
      '<span class="vs-result__body"><span class="vs-result__title">' + highlight(rec[1], query) +
      '</span><span class="vs-result__meta">' + metaLine + "</span>" +
      (text ? '<span class="vs-result__summary' + (cut ? " vs-result__excerpt" : "") + '">' +
        highlight(text, query) + "</span>" : "") +
      "</span></a></li>";
  }

  /* <li>s for `recs` (the records of `hits`), the help group labelled where it starts. */
  function listHtml(m, recs, hits, texts, query, before) {
    var prev = before;
    return recs.map(function (r, i) {
      var html = resultHtml(m, r, query, texts[i], r[2] === "p" && prev !== "p");
      prev = r[2];
      return html;
    }).join("");
  }

  function debounce(fn, ms) {
    var timer;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  // ---- facets ----------------------------------------------------------------------------
  function facetTable(m, cols) {
    var table = {};
    Object.keys(m.facets).forEach(function (key) {
      table[key] = cols[key].map(function (v) { return Array.isArray(v) ? v : v < 0 ? [] : [v]; });
    });
    return table;
  }

  function applyFacets(m, table, hits, chosen) {
    var keys = Object.keys(chosen).filter(function (k) { return chosen[k] >= 0; });
    function passes(d, except) {
      return keys.every(function (k) { return k === except || table[k][d].indexOf(chosen[k]) >= 0; });
    }
    var counts = {};
    Object.keys(m.facets).forEach(function (key) {
      var c = new Array(m.facets[key].values.length).fill(0), total = 0;
      hits.forEach(function (h) {
        if (!passes(h[0], key)) return;
        total++;
        table[key][h[0]].forEach(function (v) { c[v]++; });
      });
      counts[key] = { values: c, total: total };
    });
    return { hits: hits.filter(function (h) { return passes(h[0], null); }), counts: counts };
  }

  // ---- the header box --------------------------------------------------------------------
  function initBox(form) {
    var input = form.querySelector(".vs-box__input");
    var list = form.querySelector(".vs-box__results");
    var status = form.querySelector(".vs-box__status");
    var toggle = form.querySelector(".vs-box__open");
    var seq = 0;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
    }

    var update = debounce(function () {
      var raw = input.value;
      var mine = ++seq;
      var query = parseQuery(raw);
      if (!query.terms.length) { close(); status.textContent = ""; form.removeAttribute("aria-busy"); return; }
      meta().then(function (m) {
        return run(m, query).then(function (hits) {
          query.typos = hits.typos;
          var top = hits.slice(0, BOX_LIMIT);
          return Promise.all([records(m, top.map(function (h) { return h[0]; })),
                              excerpts(top.slice(0, BOX_EXCERPTS))])
            .then(function (got) {
              var recs = got[0];
              if (mine !== seq) return;
              var more = new URL("tim-kiem/", BASE);
              more.searchParams.set("q", raw);
              list.innerHTML = (recs.length ? '<ol class="vs-results">' +
                listHtml(m, recs, top, got[1], query, "") + "</ol>"
                : '<p class="vs-empty">Không tìm thấy kết quả nào.</p>') +
                '<p class="vs-box__all"><a href="' + escapeHtml(more.href) + '">' +
                (hits.length ? "Xem tất cả " + hits.length + " kết quả và bộ lọc" : "Mở trang tìm kiếm") +
                "</a></p>";
              list.hidden = false;
              status.textContent = (hits.length ? "Có " + hits.length + " kết quả." : "Không có kết quả.") +
                typoNote(hits);
              form.setAttribute("data-vs-done", String(mine));
              form.removeAttribute("aria-busy");
            });
        });
      }).catch(function () {
        if (mine !== seq) return;
        form.removeAttribute("aria-busy");
        list.hidden = false;
        list.innerHTML = '<p class="vs-empty">Chưa tải được chỉ mục tìm kiếm. Hãy thử lại sau.</p>';
      });
    }, 40);

    function busy() { form.setAttribute("aria-busy", "true"); update(); }
    input.addEventListener("input", busy);
    input.addEventListener("keyup", function (e) { if (e.key === "End") busy(); });
    input.addEventListener("focus", function () { meta().catch(function () {}); });
    form.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && links.length) {
        e.preventDefault();
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (e.key === "ArrowUp" && at >= 0) {
        e.preventDefault();
        (at === 0 ? input : links[at - 1]).focus();
      } else if (e.key === "Escape") {
        close();
        form.classList.remove("vs-box--open");
        if (toggle) toggle.setAttribute("aria-expanded", "false");
        input.focus();
      }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = form.classList.toggle("vs-box--open");
        toggle.setAttribute("aria-expanded", String(open));
        if (open) input.focus(); else close();
      });
    }
  }

  // ---- the search page -------------------------------------------------------------------
  function initPage(form) {
    var input = form.querySelector("#vs-page-q");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
    var status = document.getElementById("vs-status");
    var list = document.getElementById("vs-results");
    var more = document.getElementById("vs-more");
    var fold = document.getElementById("vs-fold");
    var chips = document.getElementById("vs-chips");
    var params = new URLSearchParams(location.search);
    // Phones keep the filters folded under "Lọc" so the first result shows without scrolling.
    if (fold && window.matchMedia("(min-width: 60em)").matches) fold.open = true;
    // The facet columns (f.json, about 38 KB at 10,000 profiles) load only once the filters are
    // shown or one is set in the address: a phone reader who just searches never downloads them.
    var wantFacets = !fold || fold.open || selects.some(function (s) { return params.get(s.name); });
    if (fold) {
      fold.addEventListener("toggle", function () {
        if (fold.open && !wantFacets) { wantFacets = true; busy(); }
      });
    }
    var seq = 0, shown = 0, current = null;

    input.value = params.get("q") || "";
    selects.forEach(function (s) {
      var v = params.get(s.name);
      if (v) { s.setAttribute("data-want", v); }
    });

    function syncUrl() {
      var p = new URLSearchParams();
      if (input.value.trim()) p.set("q", input.value.trim());
      selects.forEach(function (s) {
        var v = s.value || s.getAttribute("data-want");
        if (v) p.set(s.name, v);
      });
      var qs = p.toString();
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
    }

    function fillSelect(s, m, counts) {
      var key = s.getAttribute("data-facet");
      var want = s.getAttribute("data-want") || s.value;
      var values = m.facets[key].values;
      var html = '<option value="">Tất cả (' + counts.total + ")</option>";
      values.forEach(function (v, i) {
        var n = counts.values[i];
        if (n || v[0] === want) {
          html += '<option value="' + escapeHtml(v[0]) + '">' + escapeHtml(v[1]) + " (" + n + ")</option>";
        }
      });
      s.innerHTML = html;
      s.value = want;
      if (s.value !== want) s.value = "";
      s.removeAttribute("data-want");
      s.disabled = values.length === 0;
    }

    /* The active filters as buttons under the "Lọc" control; a tap removes one. */
    function renderChips(m) {
      if (!chips) return;
      chips.innerHTML = "";
      var active = selects.filter(function (s) { return s.value; });
      active.forEach(function (s) {
        var facet = m.facets[s.getAttribute("data-facet")];
        var label = (facet.values.find(function (v) { return v[0] === s.value; }) || [s.value, s.value])[1];
        var b = document.createElement("button");
        b.type = "button";
        b.className = "vs-chip";
        b.textContent = facet.title + ": " + label + " ×";
        b.setAttribute("aria-label", "Bỏ lọc " + facet.title + ": " + label);
        b.addEventListener("click", function () { s.value = ""; busy(); });
        chips.appendChild(b);
      });
      var count = document.getElementById("vs-fold-count");
      if (count) count.textContent = active.length ? " (" + active.length + ")" : "";
    }

    function showMore(m) {
      var slice = current.hits.slice(shown, shown + PAGE);
      var before = shown ? (current.hits[shown - 1][0] >= m.help_from ? "p" : "e") : "";
      return Promise.all([records(m, slice.map(function (h) { return h[0]; })),
                          excerpts(slice.slice(0, PAGE_EXCERPTS))]).then(function (got) {
        list.insertAdjacentHTML("beforeend", listHtml(m, got[0], slice, got[1], current.query, before));
        shown += slice.length;
        more.hidden = shown >= current.hits.length;
      });
    }

    var update = debounce(function () {
      var mine = ++seq;
      var query = parseQuery(input.value);
      syncUrl();
      Promise.all([meta(), wantFacets ? load("f.json") : null]).then(function (res) {
        var m = res[0];
        if (res[1] && !m._table) m._table = facetTable(m, res[1]);
        return run(m, query).then(function (hits) {
          if (mine !== seq) return;
          var chosen = {};
          selects.forEach(function (s) {
            var key = s.getAttribute("data-facet");
            var want = s.getAttribute("data-want") || s.value;
            chosen[key] = m.facets[key].values.findIndex(function (v) { return v[0] === want; });
          });
          var res2 = m._table ? applyFacets(m, m._table, hits, chosen) : { hits: hits, counts: null };
          if (res2.counts) {
            selects.forEach(function (s) { fillSelect(s, m, res2.counts[s.getAttribute("data-facet")]); });
            renderChips(m);
          }
          query.typos = hits.typos;
          current = { hits: res2.hits, query: query };
          shown = 0;
          list.innerHTML = "";
          var n = res2.hits.length;
          status.textContent = (n ? "Tìm thấy " + n + " kết quả." :
            "Không tìm thấy kết quả nào. Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.") + typoNote(hits);
          return showMore(m).then(function () {
            form.setAttribute("data-vs-done", String(mine));
            if (mine === seq) form.removeAttribute("aria-busy");
          });
        });
      }).catch(function () {
        status.textContent = "Chưa tải được chỉ mục tìm kiếm. Hãy thử lại sau.";
        form.removeAttribute("aria-busy");
      });
    }, 40);

    function busy() { form.setAttribute("aria-busy", "true"); update(); }
    input.addEventListener("input", busy);
    input.addEventListener("keyup", function (e) { if (e.key === "End") busy(); });
    selects.forEach(function (s) { s.addEventListener("change", busy); });
    form.addEventListener("submit", function (e) { e.preventDefault(); busy(); });
    document.getElementById("vs-clear").addEventListener("click", function () {
      selects.forEach(function (s) { s.value = ""; s.removeAttribute("data-want"); });
      busy();
    });
    more.addEventListener("click", function () { meta().then(showMore); });
    busy();
  }

  /* "/" puts the cursor in the search box, as on most sites, unless the reader is typing. */
  function slashFocus(e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var el = document.activeElement;
    if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
    var input = document.getElementById("vs-page-q") || document.querySelector(".vs-box__input");
    if (!input) return;
    e.preventDefault();
    e.stopPropagation();
    var form = input.closest("form[data-vs-box]"), toggle = form && form.querySelector(".vs-box__open");
    if (toggle && !input.getClientRects().length) toggle.click();  // phones: the box is folded
    input.focus();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-vs-box]"), function (f) {
      if (!f.hasAttribute("data-vs-ready")) { f.setAttribute("data-vs-ready", ""); initBox(f); }
    });
    var page = document.getElementById("vs-page");
    if (page && !page.hasAttribute("data-vs-ready")) { page.setAttribute("data-vs-ready", ""); initPage(page); }
  }

  document.addEventListener("keydown", slashFocus, true);
  window.showcaseSearch = { fold: fold, exactKey: exactKey, words: words, parseQuery: parseQuery,
                            pairBucket: pairBucket, shardFile: shardFile, oneEdit: oneEdit };
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
