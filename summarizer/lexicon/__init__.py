"""The tool's vocabulary as data (TOML beside this file) and the typed readers of it."""
