"""Benchmark harness: a large generated catalog, API latency, server start-up and memory.

Not a test suite: run ``python -m bench.run`` (see ``bench/README.md``).
"""
