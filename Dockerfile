# One image for the six Jetway services and the CLI; docker-compose.yml picks the entry point
# per service (`node dist/apps/<service>/src/main.js`): the TypeScript compiled once at build
# time (`npm run build:js`), as `npm start` does at every start.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only (@swc/core, in dependencies, compiles the services below).
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
# git: the builder's command driver checks out local git sources; tini: signals reach node, so
# SIGTERM drains consumers (runMain) instead of being dropped by PID 1.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
# As npm start runs the services (tools/launcher/src/compile.ts, SERVICE_NODE_FLAGS): a small
# young generation keeps RSS down at the same throughput.
ENV NODE_OPTIONS=--max-semi-space-size=4
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY contracts ./contracts
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools
COPY examples ./examples
RUN node -r @swc-node/register tools/launcher/src/compile-cli.ts dist \
  && mkdir -p /data/notifier && chown -R node:node /data
USER node
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/apps/planner/src/main.js"]
