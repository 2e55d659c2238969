-- Issue 18: alerts and the daily digest.

-- Where each alert condition's check stands (one row per condition name).
CREATE TABLE "alert_conditions" (
    "name" TEXT NOT NULL,
    "pending_since" TIMESTAMPTZ(3),
    "checked_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_conditions_pkey" PRIMARY KEY ("name")
);

-- One alert from open to cleared, with what was sent about it.
CREATE TABLE "alerts" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "since" TIMESTAMPTZ(3) NOT NULL,
    "until" TIMESTAMPTZ(3),
    "text" TEXT NOT NULL,
    "cleared_text" TEXT,
    "deliveries" JSONB NOT NULL DEFAULT '[]',
    "outstanding" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "alerts_state_check" CHECK ("state" IN ('open', 'cleared'))
);

CREATE INDEX "alerts_outstanding_idx" ON "alerts"("outstanding");
CREATE INDEX "alerts_since_idx" ON "alerts"("since");

-- Daily digests sent, one row per Toronto date.
CREATE TABLE "digests_sent" (
    "day" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digests_sent_pkey" PRIMARY KEY ("day")
);
