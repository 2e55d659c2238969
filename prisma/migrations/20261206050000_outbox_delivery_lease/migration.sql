-- Issue 17: replies are delivered right after verification, under a lease on the outbox row, so
-- the send-mail job and reconcile never send a row someone else is sending.
ALTER TABLE "outbound_messages" ADD COLUMN "lease_until" TIMESTAMPTZ(3);
