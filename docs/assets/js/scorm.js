/*
 * SCORM 1.2 adapter for the exported packages (see macros/lms/scorm.py).
 * The normal site never loads this file; the export injects it into package pages.
 *
 * Two roles, chosen by the page:
 * - host: scorm-launch.html (has #sotay-scorm-config). Finds the LMS's `API` in the
 *   parent/opener window chain, calls LMSInitialize("") once, records quiz results
 *   (cmi.core.score.raw/min/max, cmi.core.lesson_status, cmi.suspend_data),
 *   LMSCommit("") after each change and LMSCommit + LMSFinish("") when the page goes
 *   away (pagehide/unload). The site pages run in its frame, so moving between the
 *   guide and the quiz does not end the LMS session.
 * - content page: forwards each `quiz:result` event to the host. Without a host
 *   (opened from disk, or outside an LMS) it does nothing: the page works like the site.
 *
 * Status rules (documented on docs/giang-vien/lms.md):
 * - package opened, quiz not taken yet: "incomplete";
 * - module package: best score so far >= the bank's pass mark -> "passed", else "failed";
 *   a later lower score never lowers the best score or undoes "passed";
 * - course package: score.raw = mean of the best scores of every module bank (0 for a
 *   bank not taken); "passed" when every bank is passed, "failed" when every bank has
 *   been taken but not all passed, "incomplete" otherwise.
 */
(function () {
  "use strict";

  var HOST = "SotayScormHost";

  function clampScore(value) {
    var n = Math.round(Number(value));
    if (!isFinite(n)) return 0;
    return Math.max(0, Math.min(100, n));
  }

  // ------------------------------------------------------------ content pages
  function findHost() {
    var win = window;
    for (var i = 0; i < 20; i++) {
      var parent;
      try {
        parent = win.parent;
      } catch (e) {
        return null;
      }
      if (!parent || parent === win) return null;
      try {
        if (parent[HOST]) return parent[HOST];
      } catch (e) {
        return null; // another origin: not our package
      }
      win = parent;
    }
    return null;
  }

  function contentPage() {
    document.addEventListener("quiz:result", function (event) {
      var host = findHost();
      if (host && event && event.detail) host.report(event.detail);
    });
  }

  // ------------------------------------------------------------ host (launch page)
  function scanForApi(win) {
    for (var i = 0; win && i < 500; i++) {
      try {
        if (win.API) return win.API;
      } catch (e) {
        /* another origin: keep climbing */
      }
      var parent = null;
      try {
        parent = win.parent;
      } catch (e) {
        parent = null;
      }
      if (!parent || parent === win) break;
      win = parent;
    }
    return null;
  }

  function findApi() {
    var api = scanForApi(window);
    if (!api) {
      try {
        if (window.opener) api = scanForApi(window.opener);
      } catch (e) {
        api = null;
      }
    }
    if (!api) {
      try {
        if (window.top && window.top.opener) api = scanForApi(window.top.opener);
      } catch (e) {
        api = null;
      }
    }
    return api;
  }

  function sessionTime(ms) {
    var cs = Math.floor(ms / 10);
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = Math.floor((cs % 6000) / 100);
    var c = cs % 100;
    function pad(n, w) {
      n = String(n);
      while (n.length < w) n = "0" + n;
      return n;
    }
    return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(c, 2);
  }

  function host(config) {
    var api = findApi();
    var started = Date.now();
    var active = false;
    var finished = false;
    var best = {}; // bank -> [best score, ever passed (0/1)]
    var status = "";

    function get(name) {
      var value = api.LMSGetValue(name);
      return value == null ? "" : String(value);
    }
    function set(name, value) {
      var ok = String(api.LMSSetValue(name, String(value))) === "true";
      if (!ok && window.console) {
        console.warn("SCORM: LMSSetValue(" + name + ") lỗi " + api.LMSGetLastError());
      }
      return ok;
    }
    function commit() {
      return String(api.LMSCommit("")) === "true";
    }

    if (api) {
      active = String(api.LMSInitialize("")) === "true";
    }
    if (active) {
      status = get("cmi.core.lesson_status");
      try {
        var saved = JSON.parse(get("cmi.suspend_data") || "{}");
        if (saved && saved.b && typeof saved.b === "object") {
          Object.keys(saved.b).forEach(function (bank) {
            var v = saved.b[bank];
            if (config.banks.hasOwnProperty(bank) && v && v.length === 2) {
              best[bank] = [clampScore(v[0]), v[1] ? 1 : 0];
            }
          });
        }
      } catch (e) {
        best = {};
      }
      if (config.mode === "module") {
        // A previous session's result lives in the LMS even without suspend data.
        var bank = Object.keys(config.banks)[0];
        var raw = get("cmi.core.score.raw");
        if (bank && raw !== "" && !best[bank]) {
          best[bank] = [clampScore(raw), status === "passed" ? 1 : 0];
        }
      }
      if (status === "" || status === "not attempted" || status === "browsed") {
        status = "incomplete";
        set("cmi.core.lesson_status", status);
        commit();
      }
    }

    function overall() {
      var banks = Object.keys(config.banks).sort();
      var total = 0;
      var taken = 0;
      var passed = 0;
      banks.forEach(function (bank) {
        var b = best[bank];
        if (b) {
          taken += 1;
          total += b[0];
          if (b[1]) passed += 1;
        }
      });
      var raw = banks.length ? Math.round(total / banks.length) : 0;
      var st = "incomplete";
      if (passed === banks.length && banks.length) st = "passed";
      else if (taken === banks.length && banks.length) st = "failed";
      return { raw: raw, status: st };
    }

    function report(detail) {
      if (!active || finished || !detail) return;
      var bank = String(detail.bank || "");
      if (!config.banks.hasOwnProperty(bank)) return;
      var score = clampScore(detail.score);
      var passed = score >= Number(config.banks[bank]) ? 1 : 0;
      var prev = best[bank];
      best[bank] = [prev ? Math.max(prev[0], score) : score, (prev && prev[1]) || passed ? 1 : 0];
      var result = overall();
      status = result.status;
      set("cmi.core.score.min", "0");
      set("cmi.core.score.max", "100");
      set("cmi.core.score.raw", String(result.raw));
      set("cmi.core.lesson_status", status);
      set("cmi.suspend_data", JSON.stringify({ v: 1, b: best }));
      commit();
    }

    function finish() {
      if (!active || finished) return;
      finished = true;
      set("cmi.core.session_time", sessionTime(Date.now() - started));
      if (status === "incomplete") set("cmi.core.exit", "suspend");
      commit();
      api.LMSFinish("");
    }

    // pagehide fires when the LMS closes or replaces the SCO frame (and on bfcache);
    // "unload" only where pagehide does not exist (Chromium deprecates unload).
    window.addEventListener("onpagehide" in window ? "pagehide" : "unload", finish);

    return {
      report: report,
      finish: finish,
      connected: function () {
        return active;
      },
    };
  }

  var configEl = document.getElementById("sotay-scorm-config");
  if (configEl) {
    var config;
    try {
      config = JSON.parse(configEl.textContent || "{}");
    } catch (e) {
      config = {};
    }
    config.banks = config.banks || {};
    window[HOST] = host(config);
  } else {
    contentPage();
  }
})();
