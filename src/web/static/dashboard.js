// pinmail dashboard: refreshes the live regions (data-live-src) every few seconds. Served from
// our own origin (CSP script-src 'self'); the fragments it inserts were escaped by the server.
// A region with data-live-rows="true" is a list (Requests, Review): its rows are merged by their
// data-ref instead of replaced, so new rows appear, changed rows update, and the agent's filters,
// focus and scroll position stay as they were (issue 20).
(() => {
  var downRegions = 0;
  function markDown(down) {
    // The overview's status banner turns red when the server stops answering (issue 20).
    var banners = document.querySelectorAll(".status-banner[data-down-text]");
    Array.prototype.forEach.call(banners, (b) => {
      if (down) {
        if (!b.hasAttribute("data-up-html")) b.setAttribute("data-up-html", b.innerHTML);
        b.classList.add("is-down");
        b.setAttribute("role", "alert");
        b.textContent = "";
        var strong = document.createElement("strong");
        strong.textContent = b.getAttribute("data-down-label") || "";
        b.appendChild(strong);
        b.appendChild(document.createTextNode(" " + b.getAttribute("data-down-text")));
      } else if (b.hasAttribute("data-up-html")) {
        b.classList.remove("is-down");
        b.setAttribute("role", "status");
        b.innerHTML = b.getAttribute("data-up-html");
        b.removeAttribute("data-up-html");
      }
    });
  }
  /** The first row on screen and its distance from the top, to keep it in place while rows come in above. */
  function anchorOf(region) {
    var rows = region.querySelectorAll("tr[data-ref]");
    for (var i = 0; i < rows.length; i++) {
      var top = rows[i].getBoundingClientRect().top;
      if (top >= 0) return { ref: rows[i].getAttribute("data-ref"), top: top };
    }
    return null;
  }
  function mergeRows(region, text) {
    var fresh = document.createElement("template");
    fresh.innerHTML = text;
    var newBody = fresh.content.querySelector("tbody");
    var body = region.querySelector("tbody");
    // No table on one side (empty list before or after): replace the whole region.
    if (!newBody || !body) {
      region.innerHTML = text;
      return;
    }
    var anchor = window.scrollY > 0 ? anchorOf(region) : null;
    var old = {};
    Array.prototype.forEach.call(body.querySelectorAll("tr[data-ref]"), (tr) => {
      old[tr.getAttribute("data-ref")] = tr;
    });
    var added = 0;
    var rows = Array.prototype.slice.call(newBody.querySelectorAll("tr[data-ref]"));
    var keep = {};
    var before = body.firstChild;
    rows.forEach((tr) => {
      var ref = tr.getAttribute("data-ref");
      keep[ref] = true;
      var existing = old[ref];
      var node = existing;
      if (!existing) {
        node = document.importNode(tr, true);
        node.classList.add("is-new");
        added++;
      } else if (existing.innerHTML !== tr.innerHTML) {
        // Changed (state, outcome, assignee): take the server's row, unless someone is using it.
        if (!existing.contains(document.activeElement)) {
          node = document.importNode(tr, true);
          node.classList.add("is-changed");
          body.replaceChild(node, existing);
        }
      }
      if (node !== before) body.insertBefore(node, before);
      before = node.nextSibling;
    });
    // Rows the fresh list no longer holds (beyond its first page now, or out of the filter).
    Object.keys(old).forEach((ref) => {
      if (!keep[ref] && !old[ref].contains(document.activeElement)) old[ref].remove();
    });
    // Headings and counts outside the table (e.g. "12 cases in review") follow the fresh copy.
    Array.prototype.forEach.call(fresh.content.querySelectorAll("[data-live-text]"), (el) => {
      var here = region.querySelector('[data-live-text="' + el.getAttribute("data-live-text") + '"]');
      if (here && here.innerHTML !== el.innerHTML) here.innerHTML = el.innerHTML;
    });
    if (anchor) {
      var same = body.querySelector('tr[data-ref="' + CSS.escape(anchor.ref) + '"]');
      if (same) window.scrollBy(0, same.getBoundingClientRect().top - anchor.top);
    }
    if (added) {
      var say = document.querySelector("[data-live-announce]");
      if (say) say.textContent = (say.getAttribute("data-live-announce") || "{n}").replace("{n}", String(added));
    }
  }
  function refresh(region) {
    var src = region.getAttribute("data-live-src");
    return fetch(src, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((res) => {
        // A session that expired is redirected to the sign-in page: follow it with the whole window.
        if (res.redirected && new URL(res.url).pathname === "/login") {
          window.location.assign("/login?next=" + encodeURIComponent(window.location.pathname + window.location.search));
          return;
        }
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.text().then((text) => {
          if (region.hasAttribute("data-stale")) {
            region.removeAttribute("data-stale");
            downRegions = Math.max(0, downRegions - 1);
            if (!downRegions) markDown(false);
          }
          if (region.getAttribute("data-live-rows") === "true") return mergeRows(region, text);
          // Do not pull the rug from under someone using the keyboard inside the region.
          if (region.contains(document.activeElement) && document.activeElement !== document.body) return;
          region.innerHTML = text;
        });
      })
      .catch(() => {
        if (!region.hasAttribute("data-stale")) {
          region.setAttribute("data-stale", "true");
          downRegions++;
        }
        markDown(true);
      });
  }
  function start() {
    var regions = document.querySelectorAll("[data-live-src]");
    Array.prototype.forEach.call(regions, (region) => {
      var every = Math.max(1000, Number(region.getAttribute("data-live-every")) || 5000);
      var timer = setInterval(() => {
        if (!document.hidden) refresh(region);
      }, every);
      region.addEventListener("remove", () => {
        clearInterval(timer);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
