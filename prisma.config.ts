// Read by the Prisma CLI only (generate here; migrate deploy on machines that can download
// Prisma's schema engine). The application builds its client from the validated config.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:5432/pinmail" },
});
