# One Accrue node of any ROLE. Settings come from the environment (see
# README); with DATABASE_URL and REDIS_URL unset it runs on embedded storage
# in DATA_DIR. docker-compose.yml runs a whole cluster from this image.
FROM node:20-slim

WORKDIR /app

# Dependencies first, so editing the source does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci

COPY . .
RUN npm run build && npm prune --omit=dev \
  && mkdir -p /app/data && chown node:node /app/data

ENV NODE_ENV=production \
    PORT=8080 \
    TCP_PORT=5000 \
    DATA_DIR=/app/data
EXPOSE 8080 5000
USER node

# Front-ends: /api/status answers 200; workers (no port): their heartbeat is
# in Redis. node:20-slim has no curl, so the check is a small Node script.
HEALTHCHECK --interval=10s --timeout=4s --start-period=30s --retries=3 \
  CMD ["node", "dist/bin/healthcheck.js"]

# Run node directly (not npm) so SIGTERM reaches the server and it can say
# `reconnect` to its clients before it stops. It is then process 1, which
# the default node id (`<role>-<hostname>-1`) and the worker health check
# rely on when NODE_ID is unset.
CMD ["node", "dist/server.js"]
