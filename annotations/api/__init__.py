"""The REST API under /api/v1/: editorial endpoints, public endpoints, and their shared error handling."""
