// What the template admin use cases work with. The renderer is the outbox's own
// (createRenderer(defaults.partials)), so a preview is exactly what a person would receive.
import type { Db } from "../store/prisma.js";
import type { DefaultTemplates } from "../reply/load-default-templates.js";
import type { Renderer } from "../reply/render.js";

export interface TemplatesAdminDeps {
  db: Db;
  defaults: DefaultTemplates;
  renderer: Renderer;
  now?: () => Date;
}

/** The signed-in staff member acting (request.staff). */
export interface Actor {
  id: number;
  email: string;
}
