// Live preview for the template editor: as the admin types, the form's subject, HTML and text go
// to POST /admin/templates/<outcome>/<locale>/preview (the outbox's own renderer with sample data;
// the JSON API's twin, its problems in the page's language) and the answer fills the preview; a
// 422 lists the problems with part, line and column.
// Plain script, no dependencies, loaded from our own origin (strict CSP, no inline script).
(() => {
  var form = document.getElementById("template-form");
  if (!form) return;
  var url = form.getAttribute("data-preview-url");
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var sample = document.getElementById("tpl-sample-locale");
  var status = document.getElementById("preview-status");
  var errors = document.getElementById("preview-errors");
  var subject = document.getElementById("preview-subject");
  var frame = document.getElementById("preview-html");
  var text = document.getElementById("preview-text");
  var timer = null;
  // The page's language (issue 20): the status lines come from the status element's data-* attributes.
  function say(key, fallback) {
    return status.getAttribute("data-" + key) || fallback;
  }
  var sent = 0;
  var shown = 0;

  function value(name) {
    var el = form.elements.namedItem(name);
    return el ? el.value : "";
  }

  function showErrors(list) {
    errors.textContent = "";
    // The code editor (codemirror.bundle.js) marks them at their lines.
    document.dispatchEvent(new CustomEvent("tpl-problems", { detail: list }));
    list.forEach((e) => {
      var li = document.createElement("li");
      li.setAttribute("data-part", e.part);
      li.setAttribute("data-line", String(e.line));
      li.setAttribute("data-column", String(e.column));
      li.tabIndex = 0;
      var part = document.createElement("strong");
      // The page's language (issue 20): the words come from the list's data-* attributes.
      part.textContent = errors.getAttribute("data-part-" + e.part) || e.part;
      li.appendChild(part);
      var at = (errors.getAttribute("data-at") || "line {line}, column {column}:").replace("{line}", e.line).replace("{column}", e.column);
      li.appendChild(document.createTextNode(" " + at + " " + e.message));
      errors.appendChild(li);
    });
  }

  // The sample values typed under Preview (issue 20); they belong to the form through form="...".
  var fields = document.getElementById("tpl-sample");
  function sampleValues() {
    var out = {};
    if (!fields) return out;
    Array.prototype.forEach.call(fields.querySelectorAll("input[name^='sample.']"), (input) => {
      if (input.value.trim()) out[input.name.slice(7)] = input.value;
    });
    return out;
  }

  function refresh() {
    var mine = ++sent;
    status.textContent = say("rendering", "Rendering…");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": csrf, accept: "application/json" },
      body: JSON.stringify({
        subject: value("subject"),
        html: value("html"),
        text: value("text"),
        sampleLocale: sample ? sample.value : undefined,
        sample: sampleValues(),
      }),
    })
      .then((res) => res.json().then((body) => ({ status: res.status, body: body })))
      .then((r) => {
        // Answers can overtake each other; only the newest request may change the preview.
        if (mine < shown) return;
        shown = mine;
        if (r.status === 200) {
          showErrors([]);
          subject.textContent = r.body.subject;
          frame.srcdoc = r.body.html;
          text.textContent = r.body.text;
          status.textContent = say("done", "Preview up to date.");
          form.removeAttribute("data-invalid");
        } else if (r.status === 422) {
          showErrors(r.body.errors || []);
          status.textContent = say("problems", "Problems found: this cannot be saved yet. The preview shows the last version that rendered.");
          form.setAttribute("data-invalid", "");
        } else {
          status.textContent =
            say("failed", "Preview failed:") +
            " " +
            (r.body.message || r.status) +
            (r.status === 401 || r.status === 403 ? " " + say("sign-in", "(sign in again)") : "");
        }
      })
      .catch(() => {
        if (mine >= shown) status.textContent = say("no-answer", "Preview failed: the server did not answer.");
      });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  form.addEventListener("input", (event) => {
    if (event.target && event.target.name === "note") return;
    schedule();
  });
  if (sample) sample.addEventListener("change", refresh);
  if (fields) fields.addEventListener("input", schedule);
})();
