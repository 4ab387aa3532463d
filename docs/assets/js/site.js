/* Site-wide touches that need the DOM Material builds at run time. */
(function () {
  "use strict";
  function enhance() {
    // Wide tables scroll sideways: make each scroll area reachable and named for
    // keyboard and screen-reader users (axe: scrollable-region-focusable).
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      var w = wraps[i];
      if (w.hasAttribute("tabindex")) continue;
      w.setAttribute("tabindex", "0");
      w.setAttribute("role", "region");
      w.setAttribute("aria-label", "Bảng (có thể cuộn ngang)");
    }
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
