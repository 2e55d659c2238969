// Bundles the template editor's CodeMirror (src/web/admin/editor/codemirror-entry.js) into one
// file served by the app (src/web/admin/assets/codemirror.bundle.js): no CDN, works offline and
// under `script-src 'self'`. Run after changing the entry or the CodeMirror versions:
// `npm run build:editor`. The bundle is committed, so installs without dev packages serve it.
import { build } from "esbuild";

await build({
  entryPoints: ["src/web/admin/editor/codemirror-entry.js"],
  outfile: "src/web/admin/assets/codemirror.bundle.js",
  bundle: true,
  minify: true,
  format: "iife",
  target: ["chrome109", "firefox115", "safari16"],
  legalComments: "eof",
  logLevel: "info",
});
