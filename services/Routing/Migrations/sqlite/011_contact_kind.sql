-- The kind of each live contact (voice, callback, chat, email, messaging), so that a restart routes it as what it is.
ALTER TABLE routing_call ADD COLUMN kind TEXT NOT NULL DEFAULT 'voice';
