"""DuckDB access: schema.sql (the only DDL), queries (named), repository (the one path that runs SQL)."""
