-- The Routing:Partitions of the process holding each lease: a process with another assignment does not take one while it lives.
ALTER TABLE routing_lease ADD COLUMN assignment TEXT NULL;
