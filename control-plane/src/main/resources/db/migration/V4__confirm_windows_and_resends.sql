-- An apply may ask to be confirmed within a window, after which each host reverts it by itself; a confirm
-- command keeps it. confirm_of names the apply a confirm is for, as rollback_of does for a rollback.
ALTER TABLE commands DROP CONSTRAINT commands_action_check;
ALTER TABLE commands ADD CONSTRAINT commands_action_check CHECK (action IN ('apply', 'rollback', 'confirm'));
ALTER TABLE commands ADD COLUMN confirm_within_seconds integer;
ALTER TABLE commands ADD COLUMN confirm_of text REFERENCES commands (id);

-- The exact signed command each host is sent, kept so one the broker did not take can be sent again as it
-- was (same id, same signature, same expiry) rather than re-signed from data that may have changed since.
ALTER TABLE command_hosts ADD COLUMN signed text;
