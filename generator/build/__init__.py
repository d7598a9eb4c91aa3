"""The build stage: units (one per cycle, one per project history), their configs and render keys,
the worker pool that runs mkdocs, the version tree placed into site/, and the stamp that remembers."""
