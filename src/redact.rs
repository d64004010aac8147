//! Redaction of secrets (credentials, session tokens, Authorization / x-api-key values) before anything is logged, printed or saved. (to be written)
