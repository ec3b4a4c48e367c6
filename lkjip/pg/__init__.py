"""PostgreSQL as the system of record (issue 18): a local server for tests and ``make serve``, the portable raw
tables on PostgreSQL, and the copies between the two engines (an embedded file into PostgreSQL, PostgreSQL into a
DuckDB read model with today's views and ``hitung_*`` tables).

Only this package talks to PostgreSQL (psycopg 3 for statements, ADBC for Arrow in bulk); DuckDB is reached through
lkjip.db.repository as everywhere else.
"""
