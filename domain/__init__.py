"""Business rules as plain functions, shared by the web screens, the CLI and the XML channel."""
