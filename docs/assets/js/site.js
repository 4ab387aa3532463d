/* Site-wide touches that need the DOM Material builds at run time. */
(function () {
  "use strict";

  function text(el) {
    var copy = el.cloneNode(true);
    var junk = copy.querySelectorAll(".headerlink");
    for (var i = 0; i < junk.length; i++) junk[i].remove();
    return (copy.textContent || "").replace(/\s+/g, " ").trim();
  }

  // The nearest heading before `el` in document order (its own section's title).
  function headingBefore(el) {
    var heads = document.querySelectorAll(".md-content h1, .md-content h2, .md-content h3, .md-content h4, .md-content h5, .md-content h6");
    var found = null;
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = heads[i];
      else break;
    }
    return found;
  }

  function enhance() {
    // Generated tables come in their own .md-typeset__table box; Material then wraps the
    // table again, and the outer inline box grows with the table and makes the whole page
    // pan sideways on a phone. Keep one wrapper: Material's scroll box.
    var nested = document.querySelectorAll(".md-typeset__table > .md-typeset__scrollwrap");
    for (var n = 0; n < nested.length; n++) {
      var outer = nested[n].parentElement;
      if (outer.children.length === 1) outer.replaceWith(nested[n]);
    }
    // Wide tables scroll sideways: make each scroll area reachable by keyboard and named
    // after its table (caption, else the heading above it), one name per page
    // (axe: scrollable-region-focusable, landmark-unique).
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    var used = {};
    for (var i = 0; i < wraps.length; i++) {
      var w = wraps[i];
      if (w.hasAttribute("data-named")) {
        used[w.getAttribute("aria-label")] = 1;
        continue;
      }
      var caption = w.querySelector("caption");
      var head = caption ? null : headingBefore(w);
      var base = "Bảng: " + (caption ? text(caption) : head ? text(head) : "nội dung trang");
      var name = base;
      for (var k = 2; used[name]; k++) name = base + " (" + k + ")";
      used[name] = 1;
      w.setAttribute("tabindex", "0");
      w.setAttribute("role", "region");
      w.setAttribute("aria-label", name);
      w.setAttribute("data-named", "");
    }
    downloadHint();
  }

  // Material's search results area is a tab stop even with the dialog closed and nothing
  // typed: the keyboard then lands on something nobody can see. Keep it in the tab order
  // only while the dialog is open with a query (results to scroll through).
  function searchResultsTabStop() {
    var toggle = document.querySelector('[data-md-toggle="search"]');
    var input = document.querySelector(".md-search__input");
    var results = document.querySelector(".md-search__scrollwrap");
    if (!toggle || !input || !results) return;
    function sync() {
      results.tabIndex = toggle.checked && input.value.trim() ? 0 : -1;
    }
    toggle.addEventListener("change", sync);
    input.addEventListener("input", sync);
    input.addEventListener("focus", sync);
    sync();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", searchResultsTabStop);
  } else {
    searchResultsTabStop();
  }

  // Opened from disk, Chromium ignores `download` on text files (.gift, .xml) and shows
  // them in the tab instead: tell the reader how to save them, once, above the first one.
  var SAVE_HINT = "Đồng chí đang mở tài liệu từ ổ đĩa: trình duyệt sẽ hiện tệp .gift, .xml ngay trong trang " +
    "thay vì tải về. Để lưu tệp, nhấn chuột phải vào tên tệp và chọn “Lưu đường liên kết thành…”.";
  function downloadHint() {
    if (location.protocol !== "file:" || document.querySelector(".download-hint")) return;
    var links = document.querySelectorAll("a[download]");
    var first = null;
    for (var i = 0; i < links.length; i++) {
      var path = links[i].getAttribute("href").split(/[?#]/)[0];
      if (!/\.(gift|xml|txt|csv|json)$/i.test(path)) continue;
      links[i].title = "Nhấn chuột phải, chọn “Lưu đường liên kết thành…”";
      if (!first) first = links[i];
    }
    if (!first) return;
    var anchor = first.closest(".md-typeset__scrollwrap, table, p, li") || first;
    var note = document.createElement("p");
    note.className = "download-hint";
    note.setAttribute("role", "note");
    note.textContent = SAVE_HINT;
    anchor.parentNode.insertBefore(note, anchor);
  }

  // No transitions while the colour scheme switches: Material's rule for it now keys on
  // data-sotay-switching (macros/site_weight.py), set here for two frames when the reader
  // uses the toggle (capture phase: before Material's own handler restyles the page) or
  // the system scheme changes, and no longer on every page load.
  function paletteSwitching() {
    var body = document.body;
    body.setAttribute("data-sotay-switching", "");
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { body.removeAttribute("data-sotay-switching"); });
    });
  }
  document.addEventListener("change", function (e) {
    if (e.target && e.target.closest && e.target.closest('[data-md-component="palette"]')) paletteSwitching();
  }, true);
  if (window.matchMedia) {
    var scheme = window.matchMedia("(prefers-color-scheme: light)");
    if (scheme.addEventListener) scheme.addEventListener("change", paletteSwitching);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
