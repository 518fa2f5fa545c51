-- Version 2: an active API key's name is unique, so lists and audit rows name one key;
-- revoking a key frees its name for the replacement (key rotation).
-- min-compatible: 1
CREATE UNIQUE INDEX idx_api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;
