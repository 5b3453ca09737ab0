-- At most one open episode per agent, whichever replica announces it: an older duplicate is closed first.
UPDATE adherence_episode e
   SET cleared_at = e.raised_at
 WHERE e.cleared_at IS NULL
   AND EXISTS (SELECT 1 FROM adherence_episode l WHERE l.agent_id = e.agent_id AND l.cleared_at IS NULL AND l.since > e.since);
CREATE UNIQUE INDEX ux_adherence_episode_open ON adherence_episode (agent_id) WHERE cleared_at IS NULL;
CREATE TABLE alert_outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id    TEXT   NOT NULL,
    message_type  TEXT   NOT NULL,
    body          TEXT   NOT NULL,
    tenant_id     TEXT   NULL,
    created_at    BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL
);
CREATE INDEX ix_alert_outbox_claimed_until ON alert_outbox (claimed_until);
