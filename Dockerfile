# Zenora's production image: daphne serves HTTP and WebSocket behind the proxy; the same image
# runs the one-shot migrate, the Celery worker and beat (see docker-compose.yml).
# .dockerignore keeps secrets, local data, .git, .venv and node_modules out of the context.
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ZENORA_VAR_DIR=/var/lib/zenora \
    STATIC_ROOT=/app/staticfiles
RUN useradd --system --create-home --home-dir /var/lib/zenora zenora
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY . .
COPY --from=frontend /build/node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
# collectstatic needs settings but no real secrets or services.
RUN SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://build-only:6379/0 JOURNAL_KEYS=build-only ZENORA_VAR_DIR=/tmp/build-var \
    python manage.py collectstatic --no-input --verbosity 0 && rm -rf /tmp/build.sqlite3 /tmp/build-var
USER zenora
# Inside the container daphne always listens on 8000 (the proxy and the health check say so);
# the ports people reach are the proxy's, HTTP_PORT and HTTPS_PORT in docker-compose.yml.
# No --proxy-headers: forwarded headers are believed only from TRUSTED_PROXY (zenora/proxy.py).
# Migrations are not run here: the one-shot `migrate` service runs them before anything starts.
EXPOSE 8000
CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "config.asgi:application"]
