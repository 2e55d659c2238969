# pinmail's image: `docker build -t pinmail .`
#   docker run --env-file pinmail.env pinmail            # pinmail start (worker + web)
#   docker run --env-file pinmail.env pinmail migrate    # once per deploy, before the others
#   docker run --env-file pinmail.env pinmail worker     # as many as needed; `web` for the dashboard
# Stage 1 compiles src/ (and Prisma's generated client) to dist/; stage 2 installs production
# dependencies only; the runtime holds node_modules, dist/, bin/, templates/ and the migrations,
# no TypeScript sources, no tsx, no compiler. test/faults/production-install.test.ts builds and
# runs the same tree without Docker (keep the two in step).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY scripts/generate-client.mjs scripts/build.mjs ./scripts/
# postinstall runs `prisma generate` (offline) into src/generated/prisma
RUN npm ci --no-audit --no-fund
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional also leaves out the optional peers some packages declare (the Prisma CLI,
# TypeScript); --ignore-scripts: nothing to generate, the client is compiled into dist/.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    WEB_HOST=0.0.0.0 \
    WEB_PORT=3000 \
    HEALTH_HOST=0.0.0.0 \
    HEALTH_PORT=9464
# No NODE_OPTIONS heap flag: pinmail sizes V8's heap itself (src/runtime/heap.ts); a worker
# draining a backlog of 5,000 peaked below 300 MB with these defaults (docs/benchmarks.md).
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY templates ./templates
COPY prisma/migrations ./prisma/migrations
# The image's unprivileged user (uid 1000); nothing under /app is writable by it.
USER node
EXPOSE 3000 9464
# /healthz on HEALTH_PORT answers in every role (worker, web, start).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/pinmail.js"]
CMD ["start"]
