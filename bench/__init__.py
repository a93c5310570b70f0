"""Benchmarks (`make bench`): synthetic corpus, ingest, search, pages, load → docs/performance.md."""
