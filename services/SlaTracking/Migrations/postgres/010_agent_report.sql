-- The reason of a NotReady state (Routing's reason code), for not-ready time by reason.
ALTER TABLE agent_state_change ADD COLUMN reason TEXT NULL;

-- Every offer of a call to an agent (CallOffered), keyed by the call and the instant it rang; returned_at and return_reason
-- (missed, rejected) come from CallOfferReturned, in whichever order the two arrive.
CREATE TABLE agent_offer (
    call_id        TEXT    NOT NULL,
    offered_at     BIGINT  NOT NULL,
    agent_id       TEXT    NOT NULL,
    tenant_id      TEXT    NOT NULL,
    queue_id       TEXT    NOT NULL,
    returned_at    BIGINT  NULL,
    return_reason  TEXT    NULL,
    PRIMARY KEY (call_id, offered_at)
);
CREATE INDEX ix_agent_offer_time ON agent_offer (offered_at);

-- The agent report reads legs by the instant they were answered.
CREATE INDEX ix_call_leg_answered_at ON call_leg (answered_at, agent_id);
