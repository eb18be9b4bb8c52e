"""The system of record: SQLAlchemy 2 (async) over SQLite or PostgreSQL, with Alembic."""
