# Zenora's production image: daphne serves HTTP and WebSocket; the same image runs the
# Celery worker and beat (see docker-compose.yml).
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
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=frontend /build/node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
# collectstatic needs settings but no real secrets or services.
RUN SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://build-only:6379/0 JOURNAL_KEYS=build-only \
    python manage.py collectstatic --no-input --verbosity 0 && rm -f /tmp/build.sqlite3
USER zenora
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && python manage.py load_learning_content && exec daphne -b 0.0.0.0 -p ${PORT:-8000} --proxy-headers config.asgi:application"]
