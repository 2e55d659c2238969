// What the session guard leaves on a request. Only meaningful in routes behind requireStaff():
// elsewhere `staff` and `csrfToken` are null.
import type { StaffAuth } from "./staff-auth.js";

export type StaffRole = "support" | "admin";

export interface StaffIdentity {
  id: number;
  email: string;
  role: StaffRole;
  /** The account's language for the staff pages (en, fr); null or absent: STAFF_LOCALE (issue 20). */
  locale?: string | null;
}

declare module "fastify" {
  interface FastifyRequest {
    staff: StaffIdentity;
    csrfToken: string;
  }
  interface FastifyInstance {
    staffAuth: StaffAuth;
  }
}
