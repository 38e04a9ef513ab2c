"""Scripts that print figures, and the settings and urls the API throughput bench serves with."""
