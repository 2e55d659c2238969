-- Issue 20: each staff account may choose the language of the staff pages; NULL follows STAFF_LOCALE.
ALTER TABLE "staff_accounts" ADD COLUMN "locale" TEXT;
ALTER TABLE "staff_accounts" ADD CONSTRAINT "staff_accounts_locale_check" CHECK ("locale" IS NULL OR "locale" IN ('en', 'fr'));
