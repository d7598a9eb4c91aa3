"""The author's tools around the pipeline: check, link check, leak scan, draft, e-mail post, export
and the live preview. Only the command layer (cli, commands/) imports them."""
