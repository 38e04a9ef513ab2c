"""The factcheck domain: articles, claims, sources, verdicts and their review."""
