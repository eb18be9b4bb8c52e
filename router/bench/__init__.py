"""Benchmarks behind `switchboard bench ...`: each returns plain data the CLI prints."""
