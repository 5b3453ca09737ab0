-- Scheduling's adherence and conformance minutes per agent and schedule day (AgentAdherenceRecorded), for the agent report;
-- until_ms orders measurements: a later one replaces an earlier one.
CREATE TABLE agent_adherence_day (
    agent_id               TEXT     NOT NULL,
    day                    TEXT     NOT NULL,
    until_ms               BIGINT   NOT NULL,
    scheduled_minutes      DOUBLE PRECISION NOT NULL,
    in_adherence_minutes   DOUBLE PRECISION NOT NULL,
    work_minutes           DOUBLE PRECISION NOT NULL,
    on_phone_minutes       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (agent_id, day)
);
CREATE INDEX ix_agent_adherence_day ON agent_adherence_day (day);
