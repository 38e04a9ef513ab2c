"""REST API of reference discovery."""
