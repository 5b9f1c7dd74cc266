"""The cross-addon suites: end-to-end tests against real Odoo servers, the
fault, race and security suites, the soak run (``python -m tests.soak.driver``)
and the benchmarks (``python -m tests.bench.bench_sync``). A package: its
shared pieces are modules imported as such (``from .odoo_server import
OdooServer``), never by editing ``sys.path``."""
