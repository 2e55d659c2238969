-- Issue 13.9: at most one live PIN per person. Issuing revokes the outstanding ones under the
-- per-address lock; this index makes a second live PIN impossible even if a path forgets the lock.
-- Any duplicates left by earlier races are revoked first, keeping each person's newest PIN.
UPDATE "pins" AS p
SET "revoked_at" = now(), "revoked_reason" = 'revoked at upgrade: one live PIN per person'
WHERE p."used_at" IS NULL AND p."revoked_at" IS NULL
  AND EXISTS (
    SELECT 1 FROM "pins" AS q
    WHERE q."user_id" = p."user_id" AND q."used_at" IS NULL AND q."revoked_at" IS NULL AND q."id" > p."id"
  );

CREATE UNIQUE INDEX "pins_one_live_per_user" ON "pins" ("user_id") WHERE "used_at" IS NULL AND "revoked_at" IS NULL;
