"""`cycle-reports build`: answer from the stamp when nothing changed, else run the pipeline.

The no-op answer lives here, above the build stage, so `build.stamp` (which the pipeline uses to
remember what it built) never has to import the pipeline back.
"""

from __future__ import annotations

import sys

import yaml

from ..build.base_config import shared_config
from ..build.engine import engine_warnings
from ..build.stamp import BuildOptions, BuildReport, input_stamp, print_summary, read_manifest, up_to_date


def build_if_needed(options: BuildOptions) -> int:
    """Exit status of the build; a complete earlier build of these same inputs answers at once."""
    for line in _engine_warnings(options):
        print(line, file=sys.stderr)
    manifest = read_manifest(options.root)
    if up_to_date(options, manifest, input_stamp(options.root, options.private, options.engine)):
        report = BuildReport(skipped=list(manifest.get("cycles", {})))
        print_summary(options, report, 0)
        return 0
    from ..build.pipeline import publish_site

    return publish_site(options)


def _engine_warnings(options: BuildOptions) -> list[str]:
    """What the chosen engine will leave out of the project's mkdocs.yml (said on every build)."""
    try:
        text = (options.root / "mkdocs.yml").read_text(encoding="utf-8")
        config = shared_config(options.root)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # the build itself reports an unreadable mkdocs.yml
    return engine_warnings(config, text, options.engine)
