"""The data layer: the model, YAML read with marks, merge of gathered and authored files, privacy,
validation, schemas and the prose rules. It imports nothing above it; every later stage reads it."""
