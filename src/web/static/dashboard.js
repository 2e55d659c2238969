// pinmail dashboard: refreshes the live regions (data-live-src) every few seconds. Served from
// our own origin (CSP script-src 'self'); the fragments it inserts were escaped by the server.
(function () {
  "use strict";
  function refresh(region) {
    var src = region.getAttribute("data-live-src");
    return fetch(src, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) {
        // A session that expired is redirected to the sign-in page: follow it with the whole window.
        if (res.redirected && new URL(res.url).pathname === "/login") {
          window.location.assign("/login?next=" + encodeURIComponent(window.location.pathname + window.location.search));
          return;
        }
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.text().then(function (text) {
          region.removeAttribute("data-stale");
          // Do not pull the rug from under someone using the keyboard inside the region.
          if (region.contains(document.activeElement) && document.activeElement !== document.body) return;
          region.innerHTML = text;
        });
      })
      .catch(function () {
        region.setAttribute("data-stale", "true");
      });
  }
  function start() {
    var regions = document.querySelectorAll("[data-live-src]");
    Array.prototype.forEach.call(regions, function (region) {
      var every = Math.max(1000, Number(region.getAttribute("data-live-every")) || 5000);
      var timer = setInterval(function () {
        if (!document.hidden) refresh(region);
      }, every);
      region.addEventListener("remove", function () {
        clearInterval(timer);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
