-- Issue 13.8: the sender authentication result of each request, as read at intake from our own
-- server's Authentication-Results: decided on (a failure from an address not on record gets no
-- reply) and shown on the case page. sender_auth: pass | fail | none (nothing to go by); null for
-- rows taken before this column existed and for mail that is not a request.
ALTER TABLE "inbound_requests" ADD COLUMN "sender_auth" TEXT;
ALTER TABLE "inbound_requests" ADD COLUMN "sender_auth_reason" TEXT;
