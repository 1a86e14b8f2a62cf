"""The signed-in user's own account: profile and password."""
