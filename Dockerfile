# Tovholder image: a cgo build (mattn/go-sqlite3) in the Go image, run on Debian slim.
#
#   docker build -t tovholder --build-arg VERSION=$(git describe --always --dirty) .
#   docker run -d --name tovholder -v tovholder-data:/data \
#     -e SLACK_BOT_TOKEN=xoxb-… -e SLACK_APP_TOKEN=xapp-… -e TOVHOLDER_ADMINS=U012AB3CD tovholder
#
# The builder and the runtime are both Debian bookworm, so the binary's glibc matches.
# Needs BuildKit (Docker's default builder since 23.0) for the cache mounts. The Go image
# sets GOTOOLCHAIN=local, so its Go must be at least go.mod's (1.26.8): pull a fresh image.

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first, so a code change does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
ENV CGO_ENABLED=1
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/tovholder ./cmd/tovholder

FROM debian:bookworm-slim
# ca-certificates for TLS to Slack; tzdata for TOVHOLDER_TIMEZONE (Europe/Copenhagen).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 tovholder \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin tovholder \
 && mkdir -p /data && chown 10001:10001 /data
COPY --from=build /out/tovholder /usr/local/bin/tovholder
# The database (and its -wal and -shm files) live in the volume, and so do the nightly
# verified backups (TOVHOLDER_BACKUP_DIR; mount another volume there to keep them
# apart). See docs/operations.md for backups, restore and upgrades.
VOLUME ["/data"]
WORKDIR /data
ENV TOVHOLDER_DB=/data/tovholder.db \
    TOVHOLDER_ADDR=:3000 \
    TOVHOLDER_BACKUP_DIR=/data/backups
USER 10001:10001
# HTTP mode: POST /slack/events. Both modes: GET /healthz and GET /readyz.
EXPOSE 3000
# The binary asks its own /healthz on TOVHOLDER_ADDR, so the image needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/tovholder", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/tovholder"]
CMD ["serve"]
