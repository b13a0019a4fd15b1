"""Plain Python domain: no Qt, no SQLAlchemy, no other app package."""
