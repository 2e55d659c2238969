-- Issue 19: indexes the retention purge and erasure need so their batches stay short. Deleting a
-- request sets outbound_messages.request_id and inbound_requests.parent_id to NULL through their
-- foreign keys; without these indexes each deleted request scanned both tables (bench/retention.ts:
-- a 50-person batch took 12.8 s on 50 000 requests).
CREATE INDEX "outbound_messages_request_id_idx" ON "outbound_messages"("request_id");
CREATE INDEX "inbound_requests_parent_id_idx" ON "inbound_requests"("parent_id");
