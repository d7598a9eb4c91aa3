"""Commands that live in modules of their own, imported only when run (see `generator.cli.PLUGGED`)."""

from __future__ import annotations

import argparse
import datetime as dt


def iso_date(value: str) -> dt.date:
    """An argparse type: `YYYY-MM-DD` → date, with a message a person can act on."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got '{value}'") from None
