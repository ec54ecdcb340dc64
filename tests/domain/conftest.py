"""Domain tests need no database: they call the pure rules through the registry, as the CLI and API do."""
