-- Saved scenarios: immutable, pinned to the price-table version they were priced with.
-- The id is 128 bits from a CSPRNG, base64url (22 characters).
CREATE TABLE scenarios (
    id TEXT PRIMARY KEY,
    scenario TEXT NOT NULL,
    price_table_id TEXT NOT NULL REFERENCES price_tables (id),
    created_at TEXT NOT NULL
);
