"""Python tests with no database."""
