"""Signed webhooks: subscribers hear when a fact-check is published, corrected or unpublished."""
