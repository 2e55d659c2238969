-- Issue 19: retention, purge and legal holds.

-- When the raw source, parsed text and reply bodies of a request were removed by the retention
-- purge (null while they are kept). The download of a purged source answers 410.
ALTER TABLE "inbound_requests" ADD COLUMN "raw_purged_at" TIMESTAMPTZ(3);

-- A legal hold keeps a person (by address, on record or not) or one request out of every purge
-- and erasure until it is lifted. Exactly one of email / request_id is set.
CREATE TABLE "legal_holds" (
    "id" SERIAL NOT NULL,
    "email" TEXT,
    "request_id" INTEGER,
    "reason" TEXT NOT NULL,
    "placed_by" TEXT NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "legal_holds_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "legal_holds_one_target" CHECK (("email" IS NULL) <> ("request_id" IS NULL))
);

CREATE UNIQUE INDEX "legal_holds_email_key" ON "legal_holds"("email");
CREATE UNIQUE INDEX "legal_holds_request_id_key" ON "legal_holds"("request_id");

ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "inbound_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;
