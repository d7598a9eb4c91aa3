"""The load stage: every file under data/ and content/ read into one validated `Site`, with the
entry cache that lets a one-cycle build skip unpickling the others. Imports only the data layer."""
