"""The gather stage: public sources → `data/**/gathered.yaml` (the only stage on the network).

One module per source (releases, governance, election, gerrit, launchpad, specs) behind the
name registry in `registry.py`; `pipeline.run_gather` runs them. Importing this package is cheap:
requests and requests_cache load only when a source needs HTTP.
"""
