-- Issue 15.2: keep both moments of a request. `received_at` becomes when the mail arrived in the
-- mailbox (IMAP INTERNALDATE, never later than pinmail took it); the new `taken_at` is when
-- pinmail took it, which is what `received_at` held until now and what due dates count from.
ALTER TABLE "inbound_requests" ADD COLUMN "taken_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

UPDATE "inbound_requests"
SET "taken_at" = "received_at",
    "received_at" = LEAST(COALESCE("internal_date", "received_at"), "received_at");
