-- A scheduled callback's window end, so that after a restart no dial starts past it.
ALTER TABLE routing_call ADD COLUMN callback_window_end BIGINT NULL;
