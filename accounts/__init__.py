"""Newsroom accounts: the project's own user model, so that it can grow without a data migration."""
