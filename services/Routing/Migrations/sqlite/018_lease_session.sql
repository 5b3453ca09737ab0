-- The lease is PostgreSQL's alone (one process on SQLite); the column keeps both schemas alike.
ALTER TABLE routing_lease ADD COLUMN holder_backend INTEGER NULL;
