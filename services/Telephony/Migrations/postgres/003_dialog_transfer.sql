-- What a transfer's REFER and BYEs need of a connected call's dialog after Kamailio itself restarts: the caller's and the
-- dialled URI, each side's Contact and source address, whether the caller's side takes REFER (sealed, AES-GCM bound to the
-- SIP Call-ID: the caller's URI and Contact name the caller's number; cleared when the call ends), and each side's highest
-- CSeq reported (numbers only).
ALTER TABLE sip_call ADD COLUMN dialog TEXT NULL;
ALTER TABLE sip_call ADD COLUMN caller_cseq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sip_call ADD COLUMN phone_cseq BIGINT NOT NULL DEFAULT 0;
