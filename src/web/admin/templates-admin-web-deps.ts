// What the template admin's routes need: the use cases' deps plus the outbox hook for tests.
import type { TestMailDeps } from "../../templates-admin/send-test-mail.js";

export type TemplatesAdminWebDeps = TestMailDeps;
