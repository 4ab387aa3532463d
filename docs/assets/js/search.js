/* Site search: MiniSearch (npm, served from assets/vendor) behind Material's search box.
 *
 * Nothing is loaded until the reader opens search; then the engine and the index
 * (search/search_index.js, a script so it also works from file://) are added as
 * <script> elements. Accents are folded here, on both the index and the query, so
 * "ket nap" and "kết nạp" give the same results and the index holds the text once.
 * Ranking: MiniSearch's BM25 score x the page kind's weight (lesson > procedure >
 * reference > quiz > trainer, set by the build) x the page's own search boost from its
 * front matter (templates: 0.1) x how many query words the section holds
 * x a bonus when it holds them next to each other (phrase, then word pairs).
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-sotay-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector("form");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var base = root.getAttribute("data-index").replace(/search\/search_index\.js$/, "");
  var WORD = /[0-9A-Za-z\u00C0-\u024F\u0300-\u036F\u1E00-\u1EFF]+/g;
  var MAX = 25;
  var state = "idle"; // idle -> loading -> ready | failed
  var engine = null;
  var docs = [];
  var kindBoost = {};
  var timer = 0;

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u0111/g, "d").replace(/\u0110/g, "D").toLowerCase();
  }
  function words(s) {
    return fold(s).match(WORD) || [];
  }
  function t(key, n) {
    var s = meta.getAttribute("data-i-" + key) || "";
    return n === undefined ? s : s.replace("#", String(n));
  }
  // Results are built as DOM nodes with text only: page text never parses as HTML.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(s);
    });
  }

  // ------------------------------------------------------------------ index
  function build() {
    var data = window.__index || { docs: [], config: {} };
    kindBoost = (data.config && data.config.boost) || {};
    var pageTitle = {};
    docs = data.docs;
    docs.forEach(function (d, i) {
      d.id = i;
      d.page = d.location.split("#")[0];
      if (d.location.indexOf("#") < 0) pageTitle[d.page] = d.title;
    });
    docs.forEach(function (d) {
      d.where = d.location.indexOf("#") < 0 ? "" : pageTitle[d.page] || "";
      d.titleWords = " " + words(d.title).join(" ") + " ";
      d.textWords = " " + words(d.text).join(" ") + " ";
    });
    engine = new window.MiniSearch({
      fields: ["title", "where", "text"],
      storeFields: [],
      tokenize: function (s) { return s.match(WORD) || []; },
      processTerm: function (term) { var f = fold(term); return f.length ? f : null; }
    });
    engine.addAll(docs);
  }

  function ensureLoaded() {
    if (state !== "idle") return;
    state = "loading";
    meta.textContent = t("init");
    var ready = window.MiniSearch ? Promise.resolve() : loadScript(root.getAttribute("data-engine"));
    ready.then(function () { return window.__index ? null : loadScript(root.getAttribute("data-index")); })
      .then(function () {
        build();
        state = "ready";
        run();
      })
      .catch(function () {
        state = "failed";
        meta.textContent = t("none");
      });
  }

  // ------------------------------------------------------------------ ranking
  function search(query) {
    var terms = words(query);
    if (!terms.length) return { terms: terms, hits: [] };
    var last = terms.length - 1;
    var raw = engine.search(terms.join(" "), {
      combineWith: "OR",
      prefix: function (term, i) { return i === last && term.length > 1; },
      boost: { title: 3, where: 1, text: 1 },
      boostDocument: function (id) { return (kindBoost[docs[id].kind] || 1) * (docs[id].boost || 1); }
    });
    var phrase = " " + terms.join(" ");
    var hits = raw.map(function (r) {
      var d = docs[r.id];
      var held = {};
      (r.queryTerms || []).forEach(function (q) { held[q] = 1; });
      var coverage = Object.keys(held).length / terms.length;
      var score = r.score * coverage * coverage;
      if (terms.length > 1) {
        // Words held together: the whole phrase, else each adjacent pair (title counts double).
        if (d.titleWords.indexOf(phrase) >= 0) score *= 3;
        else if (d.textWords.indexOf(phrase) >= 0) score *= 2;
        else {
          var pairs = 0;
          for (var i = 0; i < last; i++) {
            var pair = " " + terms[i] + " " + terms[i + 1] + " ";
            if (d.titleWords.indexOf(pair) >= 0) pairs += 2;
            else if (d.textWords.indexOf(pair) >= 0) pairs += 1;
          }
          score *= 1 + pairs / last;
        }
      }
      return { doc: d, score: score };
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return { terms: terms, hits: hits.slice(0, MAX) };
  }

  // ------------------------------------------------------------------ rendering
  function matcher(terms) {
    var set = {};
    terms.forEach(function (w) { set[w] = 1; });
    var lastTerm = terms[terms.length - 1];
    return function (word) {
      var f = fold(word);
      return set[f] === 1 || (lastTerm.length > 1 && f.indexOf(lastTerm) === 0);
    };
  }
  function highlight(parent, text, isMatch) {
    var pos = 0;
    text.replace(WORD, function (w, at) {
      if (!isMatch(w)) return w;
      if (at > pos) parent.appendChild(document.createTextNode(text.slice(pos, at)));
      parent.appendChild(el("mark", "", w));
      pos = at + w.length;
      return w;
    });
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
    return parent;
  }
  function snippet(parent, text, isMatch) {
    var first = -1;
    text.replace(WORD, function (w, at) {
      if (first < 0 && isMatch(w)) first = at;
      return w;
    });
    var start = first > 80 ? text.lastIndexOf(" ", first - 60) + 1 : 0;
    var end = Math.min(text.length, start + 260);
    if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    if (start > 0) parent.appendChild(document.createTextNode("… "));
    highlight(parent, text.slice(start, end), isMatch);
    if (end < text.length) parent.appendChild(document.createTextNode(" …"));
    return parent;
  }
  function render(result) {
    var isMatch = matcher(result.terms);
    var items = document.createDocumentFragment();
    result.hits.forEach(function (h) {
      var d = h.doc;
      var li = el("li", "md-search-result__item");
      var a = el("a", "md-search-result__link");
      a.setAttribute("href", base + d.location);
      a.setAttribute("tabindex", "-1");
      var art = el("article", "md-search-result__article md-typeset");
      art.setAttribute("data-md-score", h.score.toFixed(4));
      art.setAttribute("data-kind", d.kind);
      art.appendChild(highlight(el("h1"), d.title, isMatch));
      if (d.where) art.appendChild(el("p", "sotay-search-where", d.where));
      if (d.text) art.appendChild(snippet(el("p"), d.text, isMatch));
      a.appendChild(art);
      li.appendChild(a);
      items.appendChild(li);
    });
    list.replaceChildren(items);
    var n = result.hits.length;
    meta.textContent = n === 0 ? t("none") : n === 1 ? t("one") : t("other", n);
    list.setAttribute("data-query", input.value.trim());
  }
  function run() {
    if (state !== "ready") return;
    var q = input.value.trim();
    if (!q) {
      list.replaceChildren();
      list.setAttribute("data-query", "");
      meta.textContent = t("placeholder");
      return;
    }
    render(search(q));
  }

  // ------------------------------------------------------------------ wiring
  function open() {
    if (!toggle.checked) toggle.checked = true;
    ensureLoaded();
    setTimeout(function () { input.focus(); }, 0);
  }
  function close() {
    toggle.checked = false;
    input.blur();
  }
  toggle.addEventListener("change", function () { if (toggle.checked) open(); });
  input.addEventListener("focus", function () { if (!toggle.checked) toggle.checked = true; ensureLoaded(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(run, 0); input.focus(); });
  var button = document.querySelector("[data-sotay-search-open]");
  if (button) {
    button.setAttribute("tabindex", "0");
    button.setAttribute("role", "button");
    button.setAttribute("aria-label", root.getAttribute("aria-label"));
    button.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); }
    });
  }
  root.addEventListener("keydown", function (e) {
    var links = [].slice.call(list.querySelectorAll(".md-search-result__link"));
    var i = links.indexOf(document.activeElement);
    if (e.key === "Escape") { close(); if (button) button.focus(); e.preventDefault(); }
    else if (e.key === "ArrowDown" && links.length) { links[Math.min(i + 1, links.length - 1)].focus(); e.preventDefault(); }
    else if (e.key === "ArrowUp" && links.length) { (i <= 0 ? input : links[i - 1]).focus(); e.preventDefault(); }
    else if (e.key === "Enter" && document.activeElement === input && links.length) { links[0].click(); e.preventDefault(); }
  });
  document.addEventListener("keydown", function (e) {
    if (toggle.checked || e.ctrlKey || e.metaKey || e.altKey) return;
    var el = document.activeElement;
    if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
    if (e.key === "/" || e.key === "s" || e.key === "f") { e.preventDefault(); open(); }
  });
  list.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a")) toggle.checked = false;
  });
})();
