"""The benchmarks (``scripts/benchmark.sh``, ``python -m tests.bench.bench_sync``)."""
