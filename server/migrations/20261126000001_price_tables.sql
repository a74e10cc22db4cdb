-- Price tables: every import is an immutable version, identified by the SHA-256 of its
-- canonical JSON. Portable SQL: runs unchanged on SQLite and PostgreSQL.
CREATE TABLE price_tables (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    region TEXT NOT NULL,
    currency TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    publication_date TEXT,
    imported_at TEXT NOT NULL,
    document TEXT NOT NULL
);

CREATE INDEX price_tables_region ON price_tables (region, effective_date);

-- The default table per region: the one estimates use when none is named.
CREATE TABLE region_defaults (
    region TEXT PRIMARY KEY,
    price_table_id TEXT NOT NULL REFERENCES price_tables (id),
    updated_at TEXT NOT NULL
);
