"""`cycle-reports build`: answer from the stamp when nothing changed, else run the pipeline.

The no-op answer lives here, above the build stage, so `build.stamp` (which the pipeline uses to
remember what it built) never has to import the pipeline back.
"""

from __future__ import annotations

from ..build.stamp import BuildOptions, BuildReport, input_stamp, print_summary, read_manifest, up_to_date


def build_if_needed(options: BuildOptions) -> int:
    """Exit status of the build; a complete earlier build of these same inputs answers at once."""
    manifest = read_manifest(options.root)
    if up_to_date(options, manifest, input_stamp(options.root, options.private, options.engine)):
        report = BuildReport(skipped=list(manifest.get("cycles", {})))
        print_summary(options, report, 0)
        return 0
    from ..build.pipeline import publish_site

    return publish_site(options)
