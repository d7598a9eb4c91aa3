"""cycle-reports: a static-site generator for the reports project teams write once per release cycle."""

__version__ = "0.1.0"
