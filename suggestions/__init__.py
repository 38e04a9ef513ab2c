"""Check-worthy claim suggestions and matching of claims against earlier fact-checks."""
