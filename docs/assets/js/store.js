/* Safe localStorage: a missing, full, disabled or corrupted store never breaks a page;
   the site just stops remembering. Shared by the quiz engine, checklists and progress. */
(function () {
  "use strict";
  function read(key, fallback) {
    try {
      var raw = window.localStorage.getItem(key);
      if (raw === null) return fallback;
      var value = JSON.parse(raw);
      return value && typeof value === "object" ? value : fallback;
    } catch (e) {
      return fallback;
    }
  }
  function write(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) {
      return false;
    }
  }
  function remove(key) {
    try {
      window.localStorage.removeItem(key);
      return true;
    } catch (e) {
      return false;
    }
  }
  window.SotayStore = { read: read, write: write, remove: remove };
})();
