"""Settings modules: base (development and demo), test, production."""
