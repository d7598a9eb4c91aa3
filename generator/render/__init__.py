"""The render stage: a loaded `Site` turned into Markdown pages with Jinja2 — cycle pages, history
pages, charts, feeds and the data-format reference. Never builds, gathers or touches the network."""
