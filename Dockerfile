FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CHIPWATCH_VAR_DIR=/app/var

WORKDIR /app
# Production dependencies only (no pytest, no Playwright), each file checked by its hash.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

COPY . .
RUN useradd --system --home /app chipwatch \
    && mkdir -p /app/var \
    && SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && chown -R chipwatch /app/var
USER chipwatch

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
