-- The facts of the leg an agent is wrapping up, so that a restart still reports it (CallLegEnded) once its work ends.
ALTER TABLE agent_state ADD COLUMN wrap_answered_at INTEGER NULL;
ALTER TABLE agent_state ADD COLUMN wrap_talk_seconds REAL NULL;
ALTER TABLE agent_state ADD COLUMN wrap_hold_seconds REAL NULL;
ALTER TABLE agent_state ADD COLUMN wrap_ended_by TEXT NULL;
ALTER TABLE agent_state ADD COLUMN wrap_disposition TEXT NULL;
