"""A Bottle site half-way through its migration to Flask style."""
