ALTER TABLE call_transfer ADD COLUMN hold_seconds REAL NOT NULL DEFAULT 0;
ALTER TABLE call_transfer ADD COLUMN wrap_up_seconds REAL NOT NULL DEFAULT 0;
