"""Authentication: password hashing, password policy, tokens and sessions."""
