-- At most one open episode per agent, whichever replica announces it: an older duplicate is closed first.
UPDATE adherence_episode
   SET cleared_at = raised_at
 WHERE cleared_at IS NULL
   AND EXISTS (SELECT 1 FROM adherence_episode l
                WHERE l.agent_id = adherence_episode.agent_id AND l.cleared_at IS NULL AND l.since > adherence_episode.since);
CREATE UNIQUE INDEX ux_adherence_episode_open ON adherence_episode (agent_id) WHERE cleared_at IS NULL;
CREATE TABLE alert_outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id    TEXT    NOT NULL,
    message_type  TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    tenant_id     TEXT    NULL,
    created_at    INTEGER NOT NULL,
    claimed_until INTEGER NOT NULL
);
CREATE INDEX ix_alert_outbox_claimed_until ON alert_outbox (claimed_until);
