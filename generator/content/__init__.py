"""Front matter → typed items: reading files, the schema of each type, validation."""
