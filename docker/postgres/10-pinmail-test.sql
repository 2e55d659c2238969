-- docker compose: POSTGRES_DB creates `pinmail`; the tests use `pinmail_test` (as scripts/services.sh).
CREATE DATABASE pinmail_test;
