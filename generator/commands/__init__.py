"""Commands that live in modules of their own (see `generator.cli.PLUGGED`)."""
