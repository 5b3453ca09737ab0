-- The facts of the leg an agent is wrapping up, so that a restart still reports it (CallLegEnded) once its work ends.
ALTER TABLE agent_state ADD COLUMN wrap_answered_at BIGINT NULL;
ALTER TABLE agent_state ADD COLUMN wrap_talk_seconds DOUBLE PRECISION NULL;
ALTER TABLE agent_state ADD COLUMN wrap_hold_seconds DOUBLE PRECISION NULL;
ALTER TABLE agent_state ADD COLUMN wrap_ended_by TEXT NULL;
ALTER TABLE agent_state ADD COLUMN wrap_disposition TEXT NULL;
