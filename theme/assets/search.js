/* yizhan search: a character-bigram index (generator/render/search.py) queried with AND.
   Classic script, and the index is loaded with <script src>, never fetch(): works on file://.
   Drives the search box in Material's header (same markup and styles as Material's own
   search) and the home page's `.yz-search__input`. Results are built with textContent:
   no text from the index is ever parsed as HTML. */
(function () {
  "use strict";
  var SELF = document.currentScript && document.currentScript.src;
  if (!SELF) return;
  var ROOT = SELF.replace(/assets\/yizhan\/search\.js(?:[?#].*)?$/, "");
  var FILE = location.protocol === "file:";
  var PAGE = 10;
  var store = {}, waiting = {}, meta = null;

  /* ---- loading: each index file calls yizhanSearchData(kind, key, data) ---- */
  window.yizhanSearchData = function (kind, key, data) {
    var id = kind + ":" + key;
    store[id] = data;
    if (waiting[id]) waiting[id].forEach(function (w) { w(data); });
    delete waiting[id];
  };

  var loading = {};
  function load(kind, key, path) {
    var id = kind + ":" + key;
    if (store[id]) return Promise.resolve(store[id]);
    if (loading[id]) return loading[id];
    loading[id] = new Promise(function (resolve, reject) {
      (waiting[id] = waiting[id] || []).push(resolve);
      var script = document.createElement("script");
      script.src = ROOT + path;
      script.async = true;
      script.onerror = function () { delete loading[id]; reject(new Error(path)); };
      script.onload = function () { if (!store[id]) { delete loading[id]; reject(new Error(path)); } };
      document.head.appendChild(script);
    });
    return loading[id];
  }

  function loadMeta() {
    return load("meta", 0, "search/meta.js").then(function (m) { return (meta = meta || m); });
  }

  /* ---- text: mirrors normalize(), runs(), bucket() and key_bucket() in search.py ---- */
  var FORMAT_CHAR = /\p{Cf}/u, WORDS = /[\p{L}\p{N}]+/gu;

  var FORMAT_CHARS = /\p{Cf}/gu;
  function norm(text) { return text.replace(FORMAT_CHARS, "").normalize("NFKC").toLowerCase(); }

  /* Normalised character by character (same result as norm() but for rare combining
     sequences), with, for each UTF-16 unit, the offset in `text` it came from: for marks. */
  function normMap(text) {
    var out = "", map = [], i = 0;
    for (var ch of text) {
      if (!FORMAT_CHAR.test(ch)) {
        var n = ch.normalize("NFKC").toLowerCase();
        for (var j = 0; j < n.length; j++) map.push(i);
        out += n;
      }
      i += ch.length;
    }
    map.push(i);
    return { text: out, map: map };
  }

  function words(query) { return norm(query).match(WORDS) || []; }

  /* Chinese users type without spaces: a run the pages do not hold as it is (专升本报名) is
     also looked up as words (专升本 + 报名). The browser's word segmenter cuts it (ICU's
     dictionary; on file:// too), else pairs of characters. ICU cuts a word it does not know
     into characters (专/升/本): consecutive single characters are one word again, and a
     single character alone belongs to the word before it (辅导/站 → 辅导站), else after it. */
  var SEGMENTER = null;
  try { SEGMENTER = new Intl.Segmenter("zh", { granularity: "word" }); } catch (e) { SEGMENTER = null; }

  function pieces(run) {
    if (SEGMENTER) return Array.from(SEGMENTER.segment(run), function (s) { return s.segment; });
    var chars = Array.from(run), pairs = [];
    for (var i = 0; i < chars.length; i += 2) pairs.push(chars.slice(i, i + 2).join(""));
    return pairs;
  }

  function split(run) {
    var merged = [];  /* [text, made of single characters only] */
    pieces(run).forEach(function (p) {
      var one = Array.from(p).length === 1, last = merged[merged.length - 1];
      if (one && last && last[1]) last[0] += p;
      else merged.push([p, one]);
    });
    var out = [];
    merged.forEach(function (m, i) {
      if (Array.from(m[0]).length > 1 || merged.length === 1) out.push(m[0]);
      else if (out.length) out[out.length - 1] += m[0];
      else merged[i + 1][0] = m[0] + merged[i + 1][0];
    });
    return out;
  }

  function splitAll(list) {
    var seen = {}, out = [];
    list.forEach(function (w) {
      split(w).forEach(function (p) { if (!seen[p]) { seen[p] = 1; out.push(p); } });
    });
    return out;
  }

  function bigrams(list) {
    var seen = {}, grams = [];
    list.forEach(function (word) {
      var chars = Array.from(word);
      for (var i = 0; i + 1 < chars.length; i++) {
        var g = chars[i] + chars[i + 1];
        if (!seen[g]) { seen[g] = 1; grams.push(g); }
      }
    });
    return grams;
  }

  function bucket(gram, buckets) {
    var cps = Array.from(gram).map(function (c) { return c.codePointAt(0); });
    return (cps[0] * 65599 + cps[1]) % buckets;
  }

  /* Postings keys: a bigram; `^` + a bigram or a character of a title (in the bigram's
     bucket; a character's bucket is its code point's remainder). */
  var TITLE = "^";
  function keyBucket(key, buckets) {
    var piece = key.charAt(0) === TITLE ? key.slice(1) : key;
    return Array.from(piece).length === 2 ? bucket(piece, buckets) : piece.codePointAt(0) % buckets;
  }

  /* Postings: base-36 gaps ("3,1,6" → 3,4,10), or "~" and a bitmap in base64 (dense ones). */
  function decode(postings) {
    var ids = [], last = 0;
    if (postings.charAt(0) === "~") {
      var bytes = atob(postings.slice(1));
      for (var k = 0; k < bytes.length; k++) {
        for (var i = 0, b = bytes.charCodeAt(k); b; i++, b >>= 1) if (b & 1) ids.push(k * 8 + i);
      }
      return ids;
    }
    postings.split(",").forEach(function (gap) { last += parseInt(gap, 36); ids.push(last); });
    return ids;
  }

  function intersect(lists) {
    lists.sort(function (a, b) { return a.length - b.length; });
    var result = lists[0];
    for (var k = 1; k < lists.length && result.length; k++) {
      var other = lists[k], next = [], j = 0;
      for (var i = 0; i < result.length; i++) {
        while (j < other.length && other[j] < result[i]) j++;
        if (other[j] === result[i]) next.push(result[i]);
      }
      result = next;
    }
    return result;
  }

  function containsAll(text, list) {
    return list.every(function (w) { return text.indexOf(w) >= 0; });
  }

  /* ---- a query: candidates from the bigram buckets, checked against the text ----
     Candidates are [id, words to check]: first the pages that may hold the query's runs as
     they are (exact, title matches first), then, when a run is cut into words, the pages
     that may hold every word (title matches first); a page is shown once. */
  function Query(text) {
    this.words = words(text);
    this.parts = splitAll(this.words);
    if (this.parts.length <= this.words.length) this.parts = null;  /* nothing was cut */
    this.results = [];
    this.next = 0;
    this.candidates = [];
    this.shown = {};
  }

  /* The ids under a postings key, from its bucket (loaded). */
  function postings(key) {
    var shard = store["b:" + keyBucket(key, meta.buckets)];
    return Object.prototype.hasOwnProperty.call(shard, key) ? decode(shard[key]) : [];
  }

  function allOf(keys) { return intersect(keys.map(postings)); }

  /* The keys of the pages whose title may hold `word`: its bigrams', or its character's. */
  function titleKeys(word) {
    var grams = bigrams([word]);
    return grams.length ? grams.map(function (g) { return TITLE + g; }) : [TITLE + word];
  }

  /* Pages with more of the words in their title first (all of them, then fewer), else in
     page order. A title holds a word when it holds each of its bigrams (title postings):
     the titles themselves are loaded only for the results shown. */
  function ranked(ids, list) {
    var count = {};
    list.forEach(function (w) { allOf(titleKeys(w)).forEach(function (id) { count[id] = (count[id] || 0) + 1; }); });
    return ids.map(function (id, n) { return [count[id] || 0, n, id]; })
      .sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; })
      .map(function (r) { return [r[2], list]; });
  }

  Query.prototype.start = function () {
    var self = this, list = this.words;
    return loadMeta().then(function (m) {
      if (!list.length) return self;
      var grams = bigrams(list), partGrams = self.parts ? bigrams(self.parts) : [], keys = grams.concat(partGrams);
      list.concat(self.parts || []).forEach(function (w) { keys = keys.concat(titleKeys(w)); });
      var files = {}, dir = "search/" + m.version + "/";
      keys.forEach(function (k) { files[keyBucket(k, m.buckets)] = 1; });
      return Promise.all(Object.keys(files).map(function (k) { return load("b", +k, dir + "b" + k + ".js"); }))
        .then(function () {
          if (!grams.length) {  /* single characters only: the titles holding them all */
            self.exact = true;
            self.candidates = allOf(list.map(function (w) { return TITLE + w; })).map(function (id) { return [id, list]; });
            return self;
          }
          self.candidates = ranked(allOf(grams), list);
          if (self.parts) self.candidates = self.candidates.concat(ranked(allOf(partGrams), self.parts));
          /* one pair of characters and nothing else: the postings are the answer */
          self.exact = list.length === 1 && Array.from(list[0]).length === 2;
          return self;
        });
    });
  };

  function chunkOf(id) { return Math.floor(id / meta.per_chunk); }

  /* A page: [url, title, type index, fields, text] (its chunk loaded). */
  function pageOf(id) { return store["t:" + chunkOf(id)][id % meta.per_chunk]; }

  /* Load the pages of the next `count` results, check them and keep those holding the words. */
  Query.prototype.more = function (count) {
    var self = this, target = this.results.length + count;
    function step() {
      if (self.results.length >= target || self.next >= self.candidates.length) return Promise.resolve(self);
      var batch = self.candidates.slice(self.next, self.next + Math.max(count, target - self.results.length));
      var dir = "search/" + meta.version + "/", chunks = {};
      batch.forEach(function (c) { chunks[chunkOf(c[0])] = 1; });
      return Promise.all(Object.keys(chunks).map(function (k) { return load("t", +k, dir + "t" + k + ".js"); }))
        .then(function () {
          batch.forEach(function (c) {
            if (self.results.length >= target) return;  /* left for the next page */
            self.next++;
            var id = c[0], exact = c[1] === self.words, doc = pageOf(id);
            if (self.shown[id]) return;
            if ((exact && self.exact) || containsAll(norm(doc[1] + "\n" + doc[3] + "\n" + doc[4]), c[1])) {
              self.shown[id] = 1;
              self.results.push({ id: id, url: doc[0], title: doc[1], type: meta.types[doc[2]], fields: doc[3], body: doc[4],
                                  words: c[1], exact: exact });
            }
          });
          return step();
        });
    }
    return step();
  };

  Query.prototype.done = function () { return this.next >= this.candidates.length; };

  /* ---- rendering (DOM only, no innerHTML of data) ---- */
  function highlight(el, text, list) {
    var m = normMap(text), marks = [];
    list.forEach(function (w) {
      for (var at = m.text.indexOf(w); at >= 0; at = m.text.indexOf(w, at + w.length)) {
        marks.push([m.map[at], m.map[at + w.length]]);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    marks.forEach(function (r) {
      if (r[0] < pos) return;
      el.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      el.appendChild(mark);
      pos = r[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
  }

  /* The text around the words: one stretch of 90 characters from just before the first
     word found, or, when the words are far apart, a shorter stretch around each (first in
     the body, else in the fields), joined with "…". */
  function snippet(result, list) {
    var sources = [result.body, result.fields], hits = [[], []];
    list.forEach(function (w) {
      for (var s = 0; s < sources.length; s++) {
        var m = normMap(sources[s]), i = m.text.indexOf(w);
        if (i >= 0) { hits[s].push(m.map[i]); return; }
      }
    });
    var parts = [];
    sources.forEach(function (text, s) {
      var at = hits[s].sort(function (a, b) { return a - b; });
      if (!at.length) return;
      var width = at[at.length - 1] - at[0] < 60 ? 90 : 45, before = width === 90 ? 24 : 12, spans = [];
      at.forEach(function (i) {
        var from = Math.max(0, i - before), last = spans[spans.length - 1];
        if (last && from <= last[1]) last[1] = Math.max(last[1], from + width);
        else spans.push([from, from + width]);
      });
      spans.forEach(function (span) {
        var open = span[0] > 0 && !(parts.length && parts[parts.length - 1].slice(-1) === "…");
        parts.push((open ? "…" : "") + text.slice(span[0], span[1]) + (span[1] < text.length ? "…" : ""));
      });
    });
    if (parts.length) return parts.join("");
    var body = result.body || result.fields;
    return body.slice(0, 80) + (body.length > 80 ? "…" : "");
  }

  function href(url) {
    if (/^https?:\/\//.test(url)) return url;   // a portal's source's item: its own site's page
    return ROOT + url + (FILE && /\/$/.test(url) ? "index.html" : "");
  }

  function renderItem(result, list) {
    var li = document.createElement("li");
    li.className = "md-search-result__item yz-result";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = href(result.url);
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var type = document.createElement("span");
    type.className = "yz-result__type";
    type.textContent = result.type;
    var title = document.createElement("h1");
    title.className = "yz-result__title";
    highlight(title, result.title, list);
    var p = document.createElement("p");
    p.className = "yz-result__snippet";
    highlight(p, snippet(result, list), list);
    article.appendChild(type);
    article.appendChild(title);
    article.appendChild(p);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  /* A search box bound to a result list and a status line. */
  function Box(input, status, list) {
    var box = this, timer = null, current = null;
    this.input = input;
    function run() {
      var text = input.value.trim();
      var q = current = new Query(text);
      if (!q.words.length) { box.clear(); return; }
      status.textContent = "正在搜索…";
      q.start().then(function () { return q.more(PAGE); }).then(function () {
        if (q === current) box.show(q, true);
      }).catch(function () {
        if (q === current) status.textContent = "搜索索引加载失败，请刷新页面后重试。";
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 80); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        var first = list.querySelector("a");
        if (first) location.href = first.href;
      }
    });
    input.addEventListener("focus", function () { loadMeta().catch(function () {}); });
    this.clear = function () { current = null; list.textContent = ""; status.textContent = box.placeholder; };
    this.show = function (q, fresh) {
      if (fresh) list.textContent = "";
      var shown = list.querySelectorAll(".yz-result").length;
      q.results.slice(shown).forEach(function (r) { list.appendChild(renderItem(r, r.words)); });
      var old = list.querySelector(".yz-result-more");
      if (old) old.remove();
      var n = q.results.length;
      if (!n && q.done()) { status.textContent = "没有找到包含“" + input.value.trim() + "”的页面"; return; }
      status.textContent = q.done() ? "找到 " + n + " 个结果" : "已显示 " + n + " 个结果，还有更多";
      if (!q.done()) {
        var li = document.createElement("li");
        li.className = "yz-result-more";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button";
        button.textContent = "显示更多结果";
        button.addEventListener("click", function () {
          button.disabled = true;
          q.more(PAGE).then(function () { if (q === current) box.show(q, false); });
        });
        li.appendChild(button);
        list.appendChild(li);
      }
    };
    this.placeholder = "输入关键词，如：心理咨询、专升本";
    status.textContent = this.placeholder;
  }

  /* ---- the header: Material's search markup and styles, our engine ---- */
  var ICONS = {
    magnify: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>',
    back: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z"/></svg>',
    close: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"/></svg>'
  };
  var HEADER =
    '<label class="md-header__button md-icon yz-search-toggle" for="__search" title="搜索">' + ICONS.magnify + '</label>' +
    '<div class="md-search yz-header-search" role="dialog" aria-label="搜索">' +
    '<label class="md-search__overlay" for="__search"></label>' +
    '<div class="md-search__inner" role="search"><form class="md-search__form" name="search">' +
    '<input type="text" class="md-search__input" name="query" aria-label="搜索" placeholder="搜索" autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false">' +
    '<label class="md-search__icon md-icon" for="__search">' + ICONS.magnify + ICONS.back + '</label>' +
    '<nav class="md-search__options" aria-label="搜索"><button type="reset" class="md-search__icon md-icon" title="清空" aria-label="清空" tabindex="-1">' + ICONS.close + '</button></nav>' +
    '</form><div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0">' +
    '<div class="md-search-result"><div class="md-search-result__meta"></div><ol class="md-search-result__list" role="presentation"></ol></div>' +
    '</div></div></div></div>';

  function mountHeader() {
    var nav = document.querySelector(".md-header__inner");
    var toggle = document.getElementById("__search");
    if (!nav || !toggle || nav.querySelector(".yz-header-search")) return;
    var holder = document.createElement("div");
    holder.innerHTML = HEADER;  /* constant markup, no data */
    var source = nav.querySelector(".md-header__source");
    while (holder.firstChild) nav.insertBefore(holder.firstChild, source);
    var input = nav.querySelector(".yz-header-search .md-search__input");
    var box = new Box(input, nav.querySelector(".yz-header-search .md-search-result__meta"),
                      nav.querySelector(".yz-header-search .md-search-result__list"));
    input.addEventListener("focus", function () { toggle.checked = true; });
    toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    nav.querySelector(".yz-header-search form").addEventListener("reset", function () {
      setTimeout(function () { box.clear(); input.focus(); }, 0);
    });
    document.addEventListener("keydown", function (e) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((e.target.tagName || "")) || e.target.isContentEditable;
      if (e.key === "Escape" && toggle.checked) { toggle.checked = false; input.blur(); }
      else if (!typing && (e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault(); toggle.checked = true; input.focus();
      }
    });
  }

  /* ---- the home page's box: results right below it ---- */
  function mountHome() {
    document.querySelectorAll(".yz-search__input").forEach(function (input) {
      if (input.yzSearch) return;
      var form = input.form || input.parentNode;
      var panel = document.createElement("div");
      panel.className = "yz-search__panel";
      var status = document.createElement("p");
      status.className = "yz-search__status";
      status.setAttribute("aria-live", "polite");
      var list = document.createElement("ol");
      list.className = "yz-search__results";
      panel.appendChild(status);
      panel.appendChild(list);
      form.parentNode.insertBefore(panel, form.nextSibling);
      input.yzSearch = new Box(input, status, list);
      panel.hidden = true;
      input.addEventListener("input", function () { panel.hidden = !input.value.trim(); });
    });
  }

  function mount() { mountHeader(); mountHome(); }
  window.yizhan = window.yizhan || {};
  window.yizhan.search = function (text) {  /* for scripts and tests: ids, urls and titles */
    var q = new Query(text);
    return q.start().then(function () {
      return q.more(q.candidates.length || 1);
    }).then(function () {
      return q.results.map(function (r) { return { url: r.url, title: r.title, type: r.type, exact: r.exact }; });
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
