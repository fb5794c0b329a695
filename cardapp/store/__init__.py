"""Storage: SQLAlchemy 2.0 models, the database handle and migrations. No business rules."""
