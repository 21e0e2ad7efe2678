"""Alembic migrations of the school database."""
