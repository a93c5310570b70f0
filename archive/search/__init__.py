"""Full-text search over replies: one interface (base.py), SQLite FTS5 and PostgreSQL backends."""
