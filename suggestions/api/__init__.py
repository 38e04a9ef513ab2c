"""Editorial API of suggestions and claim matches."""
