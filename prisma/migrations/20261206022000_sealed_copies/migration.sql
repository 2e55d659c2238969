-- Issue 13.10: the sweep that drops sealed copies past their PIN's expiry runs with every
-- reconcile; this index holds only the few rows that still carry one, so it never scans the
-- whole outbox.
CREATE INDEX "outbound_messages_sealed_idx" ON "outbound_messages" ("created_at") WHERE "encrypted" IS NOT NULL;
