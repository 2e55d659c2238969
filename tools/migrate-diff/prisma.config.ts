// Prisma 6 with the JS (wasm) schema engine: the only route to `migrate diff` without downloading
// a native engine. Used for authoring migrations only; pinmail itself runs Prisma 7.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaPg({ connectionString: process.env["DATABASE_URL"]!, idleTimeoutMillis: 50 });
  },
});
