-- Issue 14: whether a request in review may be acknowledged to its sender is a column of its own,
-- no longer a "too old:" prefix inside review_reason (the reason's text stays as staff read it).
ALTER TABLE "inbound_requests" ADD COLUMN "review_acknowledged" BOOLEAN NOT NULL DEFAULT true;
UPDATE "inbound_requests" SET "review_acknowledged" = false WHERE "review_reason" LIKE 'too old:%';
