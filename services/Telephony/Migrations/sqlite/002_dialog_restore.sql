-- What Kamailio needs to act on a connected call's later in-dialog requests after Kamailio itself restarts (the module sends
-- it back with {"cmd":"restore"}): the dialog's tags (random tokens, no personal data), whether the phone is a softphone,
-- and whether Routing has the call held.
ALTER TABLE sip_call ADD COLUMN caller_tag TEXT NULL;
ALTER TABLE sip_call ADD COLUMN phone_tag TEXT NULL;
ALTER TABLE sip_call ADD COLUMN webrtc INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sip_call ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
