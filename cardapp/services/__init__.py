"""Use cases: load, call the domain, store, commit. The web and socket layers call these."""
