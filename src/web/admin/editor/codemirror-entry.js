// The template editor's code editor (issue 20): CodeMirror 6, bundled by scripts/build-editor.mjs
// into src/web/admin/assets/codemirror.bundle.js and served from our own origin (no CDN).
// It takes over the HTML and plain-text textareas (which stay in the form, kept in step, so the
// page still works without script): line numbers, Liquid/HTML highlighting, and the problems the
// preview reports marked at their line. template-editor.js announces them with a
// "tpl-problems" event; clicking a problem in the list moves the cursor to it.
import { basicSetup } from "codemirror";
import { EditorView } from "@codemirror/view";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { liquid } from "@codemirror/lang-liquid";

(() => {
  var form = document.getElementById("template-form");
  if (!form) return;
  var views = {};
  ["html", "text"].forEach((part) => {
    var area = document.getElementById("tpl-" + part);
    if (!area) return;
    var host = document.createElement("div");
    host.className = "tpl-cm";
    host.setAttribute("data-part", part);
    area.parentNode.insertBefore(host, area.nextSibling);
    area.hidden = true;
    var label = form.querySelector('label[for="tpl-' + part + '"]');
    var view = new EditorView({
      doc: area.value.replace(/^\n/, ""),
      parent: host,
      extensions: [
        basicSetup,
        liquid(),
        lintGutter(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": label ? label.textContent : part }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          area.value = u.state.doc.toString();
          // The preview script listens for input on the form.
          area.dispatchEvent(new Event("input", { bubbles: true }));
        }),
      ],
    });
    if (label)
      label.addEventListener("click", () => {
        view.focus();
      });
    views[part] = view;
  });

  function position(view, line, column) {
    var doc = view.state.doc;
    var l = doc.line(Math.min(Math.max(1, line), doc.lines));
    return Math.min(l.from + Math.max(0, column - 1), l.to);
  }

  function mark(problems) {
    Object.keys(views).forEach((part) => {
      var view = views[part];
      var diagnostics = problems
        .filter((p) => p.part === part)
        .map((p) => {
          var from = position(view, p.line, p.column);
          var line = view.state.doc.lineAt(from);
          return { from: from, to: Math.max(from, Math.min(line.to, from + 1)), severity: "error", message: p.message };
        });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    });
  }

  document.addEventListener("tpl-problems", (e) => {
    mark(e.detail || []);
  });
  // Problems rendered by the server (a refused save) are marked at once.
  var initial = document.querySelectorAll("#preview-errors li[data-part]");
  mark(
    Array.prototype.map.call(initial, (li) => ({
      part: li.getAttribute("data-part"),
      line: Number(li.getAttribute("data-line")),
      column: Number(li.getAttribute("data-column")),
      message: li.textContent,
    })),
  );

  // A problem in the list is a link to its place (click, or Enter when it has the focus).
  var list = document.getElementById("preview-errors");
  function go(e) {
    if (e.type === "keydown" && e.key !== "Enter" && e.key !== " ") return;
    var li = e.target.closest ? e.target.closest("li[data-part]") : null;
    if (!li) return;
    e.preventDefault();
    var view = views[li.getAttribute("data-part")];
    if (!view) return;
    var at = position(view, Number(li.getAttribute("data-line")), Number(li.getAttribute("data-column")));
    view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
    view.focus();
  }
  if (list) {
    list.addEventListener("click", go);
    list.addEventListener("keydown", go);
  }
})();
