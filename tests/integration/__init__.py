"""Tests on real PostgreSQL, Redis and Celery."""
