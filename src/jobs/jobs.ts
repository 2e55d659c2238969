// Every job pinmail runs: its queue, its name and its payload schema. Payloads carry row ids
// only, never a PIN or a mail body: PostgreSQL is the ledger and Redis can be rebuilt from it.
import { z } from "zod";

export const QUEUES = {
  requests: "requests",
  outbox: "outbox",
  maintenance: "maintenance",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  verifyRequest: { queue: QUEUES.requests, name: "verify-request", payload: z.object({ requestId: z.number().int().positive() }) },
  sendMail: { queue: QUEUES.outbox, name: "send-mail", payload: z.object({ outboxId: z.number().int().positive() }) },
  reconcile: { queue: QUEUES.maintenance, name: "reconcile", payload: z.object({}) },
  reminders: { queue: QUEUES.maintenance, name: "reminders", payload: z.object({ at: z.string().optional() }) },
  retention: { queue: QUEUES.maintenance, name: "retention", payload: z.object({}) },
} as const;

/** Job ids derived from row ids make enqueueing idempotent: adding the same job twice is a no-op. */
export const jobIds = {
  verifyRequest: (requestId: number) => `request-${requestId}`,
  sendMail: (outboxId: number) => `mail-${outboxId}`,
};
