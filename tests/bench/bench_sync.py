"""Sync throughput of the Kogan connector, side by side with its floor and its
peer, in one run on one database (ratios matter; the machine is noisy).

Run by ``scripts/benchmark.sh``, not by the test command. Each measured method
runs in a fresh Odoo server (``scripts/serve.sh``: threaded, with the queue_job
jobrunner, channel ``root:2``) so that its peak memory is its own; the Kogan
API is the local simulator, served from this process.

Methods:

- ``raw create``: the floor. Odoo's batched ``product.product.create`` (500
  values per call) of exactly the values the import mapper makes of the same
  listings (mapped before the clock starts), and the bindings' rows with the
  listings' digests, in this process, no HTTP, no job;
- ``connector_base``: the full import as users run it: a chain of page jobs
  reads the listing and queues a job per chunk of 500 (bulk search, create
  and bind inside) as the pages come; the last chunk job to finish advances
  the watermark;
- ``one job per record``: the classic OCA pattern (connector-magento's batch
  importer delays one ``import_record`` job per external id, which reads its
  record from the API and imports it), here the framework's own
  ``import_record`` entry point;
- ``re-sync 1%``: the same import again after 1% of the listings changed
  (the median of three runs, another 1% each);
- ``read listing``: the floor of a re-sync: every listing page read and
  decoded (Kogan has no "changed since" filter), nothing else (the median of
  three runs);
- ``compare unchanged``: Odoo's CPU per unchanged listing of a re-sync beyond
  reading and decoding it (first-sighting check, digest and comparison with
  its binding, with the collector paused as the importer does), in this
  process;
- ``... (latency)``: the import, re-sync, listing read and export again with
  the simulator answering each read after 0.3 s and completing each write
  task after 2 s (``--latency``), as the internet and Kogan's asynchronous
  tasks would: the import is compared with the larger of reading the listing
  alone and writing the records alone (the raw create), the re-sync with
  reading the listing alone;
- ``export``: N products listed by the batch export (500 per call, the
  asynchronous task polled);
- ``stock storm``: 10,000 stock moves on 1,000 listed products, counting the
  pushes made to Kogan;
- ``stock at once``: the stock of 10,000 listed products changed in one
  transaction (``bench_stock.py``), the time until Kogan holds all of it.
"""

import gc
import json
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

import psycopg2  # noqa: E402

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api, fields  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402
from odoo.tools import mute_logger  # noqa: E402

from ..driver_cli import driver_parser, open_database  # noqa: E402
from ..odoo_server import OdooServer, free_port, waits  # noqa: E402
from .bench_orders import OrdersBench  # noqa: E402
from .bench_stock import StockBench, stock_at_once_line  # noqa: E402
from .cpu import cpu_now, cpu_used, group_of, parent_of  # noqa: E402

SELLER, TOKEN = "bench-seller", "bench-token"
#: runs of the re-sync and listing-read rows, the median kept
RUNS = 3
#: the largest N whose raw create is run ``RUNS`` times too (20 s a run at
#: 10,000; 100,000 takes ten times as long, and its ratios vary less)
RAW_RUNS_UP_TO = 10000


class Bench(StockBench, OrdersBench):
    def __init__(self, db, logdir):
        # importable once the configuration put the addons on odoo.addons' path
        from odoo.addons.connector_kogan.tests.simulator import KoganSimulator

        self.db = db
        self.logdir = Path(logdir)
        self.registry = Registry(db)
        self.sim = KoganSimulator(seller_id=SELLER, seller_token=TOKEN).start()
        self.server = None
        self.results = []
        self.channels = {}
        with self.env() as env:
            env.cr.execute("SELECT pg_backend_pid()")
            self.postmaster = parent_of(env.cr.fetchone()[0])
            # a row counts only its own work: the daily stock reconciliation
            # of every backend, due a minute after a fresh database's server
            # starts, ran inside the imports it overlapped (7 jobs, 65 s of
            # the import of 100,000 listings)
            env.ref("connector_kogan.ir_cron_kogan_reconcile_stock").active = False
        self.cpu = {}  # the CPU seconds of the last server's measurement

    # -- plumbing ----------------------------------------------------------

    def env(self):
        """A context manager: an environment whose work is committed."""
        registry = self.registry

        class _Env:
            def __enter__(self):
                self.cr = registry.cursor()
                return api.Environment(self.cr, SUPERUSER_ID, {})

            def __exit__(self, *exc):
                if exc[0] is None:
                    self.cr.commit()
                self.cr.close()

        return _Env()

    def start_server(self, name, workers=0):
        """A fresh server (threaded, or ``workers`` worker processes and the
        jobrunner in a process of its own); returns once its jobrunner listens
        (it starts a few seconds after the HTTP server), so that clocks
        measure work only."""
        logfile = self.logdir / f"{name}.log"
        logfile.unlink(missing_ok=True)
        self.server = OdooServer(self.db, free_port(), logfile, workers=workers)
        self.server.start()
        waits().wait_until(
            lambda: "queue job runner ready" in logfile.read_text(),
            waits().SERVER_START,
            f"the jobrunner (see {logfile})",
        )
        self._warm_up()
        self._cpu_start = cpu_now(self._odoo_pids(), self.postmaster)

    def _warm_up(self):
        """One trivial job through the jobrunner before any clock starts: the
        server's first job request pays once for loading the database's
        routes (about 0.15 s), which a running server has long paid."""
        with self.env() as env:
            uuid = env["res.users"].browse(SUPERUSER_ID).with_delay().exists().uuid

        def done():
            with self.env() as env:
                job = env["queue.job"].search([("uuid", "=", uuid)])
                return job.state == "done" and job.unlink()

        waits().wait_until(
            done, waits().JOB_RUN, f"the warm-up job (see {self.server.logfile})", 0.05
        )

    def stop_server(self):
        """Stop the server; its peak memory (VmHWM of the Odoo process), MB.
        ``self.cpu`` holds the CPU seconds used since it started."""
        self.cpu = cpu_used(
            self._cpu_start, cpu_now(self._odoo_pids(), self.postmaster)
        )
        peak = None
        for pid in self._odoo_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            for line in status.splitlines():
                if line.startswith("VmHWM"):
                    peak = max(peak or 0, int(line.split()[1]) / 1024)
        self.server.stop()
        self.server = None
        return peak

    def _odoo_pids(self):
        """The server's process group: serve.sh and the Odoo it runs."""
        return group_of(self.server.process.pid)

    def queries(self):
        """Statements run in the benchmark database since the counts were
        last reset (pg_stat_statements), or None when the cluster runs
        without it (started by an older script)."""
        try:
            with self.env() as env, mute_logger("odoo.sql_db"):
                env.cr.execute(
                    "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s "
                    "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = %s",
                    (self.db,),
                )
                return int(env.cr.fetchone()[0])
        except psycopg2.Error:
            return None

    def start_counting(self):
        """The statement count at a measurement's start, from zero: the
        extension keeps 5,000 distinct statements and evicts the least run,
        so a sum kept across a whole run drops as they go (an export of
        1,000 counted -0.5 statements a record)."""
        try:
            with self.env() as env, mute_logger("odoo.sql_db"):
                env.cr.execute("SELECT pg_stat_statements_reset()")
        except psycopg2.Error:
            return None
        return self.queries()

    def per_record(self, start_queries, n):
        end = self.queries()
        if start_queries is None or end is None:
            return None
        return round((end - start_queries) / n, 1)

    def backend(self, name):
        with self.env() as env:
            # the simulator answers plain http on loopback: an administrator's
            # choice (off by default, and in this database without demo data)
            env["ir.config_parameter"].set_param(
                "connector_base.allow_insecure_http", "True"
            )
            backend = env["connector.kogan.backend"].create(
                {
                    "name": name,
                    "base_url": self.sim.base_url,
                    "seller_id": SELLER,
                    "seller_token": TOKEN,
                    "default_category": "kogan:1",
                    "export_delay_seconds": 2,
                }
            )
            self.channels[backend.id] = backend._connector_channel()
            return backend.id

    def wait_jobs(self, backend_id, timeout=3600):
        """Until every job of the backend is done; fails on a failed job.
        Polled every 20 ms at first, then every 0.5% of the time waited so
        far (at most 0.5 s): on two cores, a poll every 20 ms through a run
        of minutes took a few percent of the CPU the run measures."""
        started = time.monotonic()
        deadline = started + timeout
        while time.monotonic() < deadline:
            with self.env() as env:
                env.cr.execute(
                    "SELECT state, count(*) FROM queue_job WHERE channel = %s "
                    "GROUP BY state",
                    (self.channels[backend_id],),
                )
                states = dict(env.cr.fetchall())
            if states.get("failed"):
                raise RuntimeError(f"failed jobs: {states}; see {self.server.logfile}")
            if states and set(states) == {"done"}:
                return sum(states.values())
            time.sleep(min(max(0.02, (time.monotonic() - started) / 200), 0.5))
        raise RuntimeError(f"jobs not done after {timeout}s: {states}")

    def clean_products(self):
        """Forget the products and bindings of earlier methods."""
        with self.env() as env:
            env.cr.execute(
                "DELETE FROM connector_binding; DELETE FROM connector_sync_state; "
                "DELETE FROM connector_error; DELETE FROM queue_job; "
                "DELETE FROM connector_kogan_push"
            )
            products = env["product.product"].search([("default_code", "like", "SKU-")])
            templates = products.product_tmpl_id
            env.cr.execute(
                "DELETE FROM stock_move_line WHERE product_id = ANY(%s);"
                "DELETE FROM stock_move WHERE product_id = ANY(%s);"
                "DELETE FROM stock_quant WHERE product_id = ANY(%s);"
                "DELETE FROM stock_valuation_layer WHERE product_id = ANY(%s);",
                (products.ids, products.ids, products.ids, products.ids),
            )
            # in SQL: the ORM's unlink of 100,000 templates takes longer than
            # their creation (bench data only: nothing else refers to them)
            env.cr.execute(
                "DELETE FROM product_product WHERE id = ANY(%s);"
                "DELETE FROM product_template WHERE id = ANY(%s);",
                (products.ids, templates.ids),
            )
            env.invalidate_all()
        self.analyze()

    def analyze(self):
        """Fresh planner statistics and no dead rows after the bulk changes
        of a setup step, as autovacuum keeps them in a running database:
        measured right after deleting 100,000 products and making 10,000,
        the export's product search took 7.6 s on stale statistics, 0.1 s on
        fresh ones; and autovacuum cleaning up those deletes during the next
        measurement takes CPU from it."""
        with closing(odoo.sql_db.db_connect(self.db).cursor()) as cr:
            cr._cnx.autocommit = True  # VACUUM runs outside a transaction
            cr.execute("VACUUM ANALYZE")

    def record(self, **row):
        self.results.append(row)
        print(json.dumps(row), flush=True)

    def seed(self, n):
        self.sim.reset()
        self.sim.seed_products(self.sim.make_products(n))
        # the listings held for the simulator are left out of Python's full
        # collections in this process, so that none walks them all while the
        # simulator serves a short row's pages
        gc.collect()
        gc.freeze()

    # -- methods -------------------------------------------------------------

    def mapped_values(self, backend_id, records):
        """What the connector's import mapper makes of each listing, and the
        digest its binding keeps: the floor writes exactly that."""
        with self.env() as env:
            backend = env["connector.kogan.backend"].browse(backend_id)
            with backend.work_on("product.product") as work:
                mapper = work.component(usage="import.mapper")
                adapter = work.component(usage="backend.adapter")
                return [
                    (
                        mapper.map_record(r).values(for_create=True),
                        adapter.digest_of(r),
                    )
                    for r in records
                ]

    def raw_create(self, n):
        """The floor: batched creates of the values the import mapper makes
        of the same listings (mapped before the clock starts), and their
        bindings with the listing's digest. Up to ``RAW_RUNS_UP_TO`` listings,
        the median of ``RUNS`` runs: every ratio of that size divides by it
        (one run at 10,000 took 19.0 to 21.9 s on a quiet machine)."""
        runs = [
            self._raw_create_once(n) for __ in range(RUNS if n <= RAW_RUNS_UP_TO else 1)
        ]
        row = sorted(runs, key=lambda row: row["seconds"])[len(runs) // 2]
        if len(runs) > 1:
            row["runs_s"] = [r["seconds"] for r in runs]
        self.record(**row)
        return row["seconds"]

    def _raw_create_once(self, n):
        self.clean_products()
        records = self.sim.state()["products"]
        backend_id = self.backend(f"raw {n}")
        mapped = self.mapped_values(backend_id, records)
        start_queries = self.start_counting()
        started = time.monotonic()
        cpu_start = cpu_now([], self.postmaster)
        for start in range(0, n, 500):
            page = records[start : start + 500]
            values = mapped[start : start + 500]
            with self.env() as env:
                products = (
                    env["product.product"]
                    .with_context(connector_no_export=True, tracking_disable=True)
                    .create([vals for vals, __ in values])
                )
                now = fields.Datetime.now()
                env["connector.binding"].create(
                    [
                        {
                            "backend_model": "connector.kogan.backend",
                            "backend_id": backend_id,
                            "res_model": "product.product",
                            "res_id": product.id,
                            "external_id": r["product_sku"],
                            "external_hash": digest,
                            "sync_date": now,
                        }
                        for product, r, (__, digest) in zip(
                            products, page, values, strict=True
                        )
                    ]
                )
        return self.in_process_row("raw create", n, started, start_queries, cpu_start)

    def through_jobs(self, name, n, backend_id, start, workers=0):
        """``start()`` (which queues the work) on a fresh server (threaded, or
        ``workers`` worker processes), timed until every job of the backend is
        done: the columns every such measurement has."""
        self.start_server(name, workers=workers)
        start_queries = self.start_counting()
        started = time.monotonic()
        start()
        jobs = self.wait_jobs(backend_id)
        seconds = time.monotonic() - started
        queries = self.per_record(start_queries, n)
        peak = self.stop_server()
        return {
            "n": n,
            "workers": workers,
            "seconds": round(seconds, 2),
            "records_per_s": round(n / seconds, 1),
            "queries_per_record": queries,
            "peak_mb": round(peak, 1) if peak else None,
            "jobs": jobs,
            **self.cpu,
        }

    def _import_through_jobs(self, method, n, backend_id, start, workers=0):
        row = self.through_jobs(
            f"{method}-{n}-w{workers}", n, backend_id, start, workers
        )
        with self.env() as env:
            bound = env["connector.binding"].search_count(
                [("backend_id", "=", backend_id), ("res_model", "=", "product.product")]
            )
        if bound != n:
            raise RuntimeError(f"{method}: {bound} of {n} products bound")
        self.record(method=method, **row)
        return row["seconds"]

    def full_import(self, n, workers=0, method="connector_base"):
        self.clean_products()
        backend_id = self.backend(f"import {n}")

        def start():
            with self.env() as env:
                env["connector.kogan.backend"].browse(
                    backend_id
                ).action_import_products()

        seconds = self._import_through_jobs(method, n, backend_id, start, workers)
        return seconds, backend_id

    def one_job_per_record(self, n):
        self.clean_products()
        backend_id = self.backend(f"peer {n}")
        skus = [p["product_sku"] for p in self.sim.state()["products"]]
        start = self.one_job_each(backend_id, "product.product", skus)
        return self._import_through_jobs("one job per record", n, backend_id, start)

    def one_job_each(self, backend_id, model, external_ids):
        """What starts the peer of an import: one ``import_record`` job per
        external id in the backend's channel (connector-magento's pattern)."""

        def start():
            with self.env() as env:
                backend = env["connector.kogan.backend"].browse(backend_id)
                for external_id in external_ids:
                    backend.with_delay(
                        channel=backend._connector_channel()
                    ).import_record(model, external_id)

        return start

    def resync(self, n, backend_id, method="re-sync 1%"):
        """1% of the listings changed on Kogan, then the same import again;
        ``RUNS`` times (another 1% each time), the median kept: the row is
        short and its target a small difference of two short rows."""
        name = "resync-latency" if method.endswith("(latency)") else "resync"
        # the import's rows vacuumed and analysed now, as autovacuum does in
        # a running database: started during a re-sync, it would take CPU
        # from that short row
        self.analyze()
        runs = [
            self._resync_once(n, backend_id, f"{name}-{n}-{run}", run)
            for run in range(RUNS)
        ]
        row = sorted(runs, key=lambda row: row["seconds"])[RUNS // 2]
        self.record(method=method, **row, runs_s=[r["seconds"] for r in runs])
        return row["seconds"]

    def _resync_once(self, n, backend_id, name, run):
        mark, changed = f" (new {run})", []
        for record in self.sim.state()["products"][run::100]:
            record["product_title"] += mark
            changed.append(record)
        self.sim.seed_products(changed)
        with self.env() as env:
            env["queue.job"].search([]).unlink()

        def start():
            with self.env() as env:
                backend = env["connector.kogan.backend"].browse(backend_id)
                backend.action_import_products()

        row = self.through_jobs(name, n, backend_id, start)
        with self.env() as env:
            state = env["connector.sync.state"].search(
                [("backend_id", "=", backend_id), ("direction", "=", "import")]
            )
            touched = state.updated_count  # this run's: a run resets it
            titles = env["product.product"].search_count([("name", "like", mark)])
        if titles != len(changed):
            raise RuntimeError(f"re-sync: {titles} of {len(changed)} changes imported")
        return {**row, "records_touched": touched}

    def read_listing(self, n, method="read listing"):
        """The floor of any re-sync of Kogan's listings (which have no
        "changed since" filter): every page read and decoded (by orjson,
        as the connector decodes it), in a process of its own as Odoo's
        would be, nothing compared or written; ``RUNS``
        times, the median kept (as the re-sync's)."""
        script = (
            "import json, sys, time, orjson, requests\n"
            "url, headers = sys.argv[1], json.loads(sys.argv[2])\n"
            "params, count, session = {'detail': 'true', 'size': 500}, 0, "
            "requests.Session()\n"
            "started, cpu = time.monotonic(), time.process_time()\n"
            "while url:\n"
            "    body = orjson.loads(session.get(url, params=params, "
            "headers=headers).content)['body']\n"
            "    count += len(body['results'])\n"
            "    url, params = body.get('next'), None\n"
            "print(json.dumps([time.monotonic() - started, count, "
            "time.process_time() - cpu]))\n"
        )
        headers = {"SellerID": SELLER, "SellerToken": TOKEN}
        runs = []
        for __ in range(RUNS):
            out = subprocess.run(
                [sys.executable, "-c", script, f"{self.sim.base_url}products/"]
                + [json.dumps(headers)],
                capture_output=True,
                text=True,
                check=True,
                timeout=3600,
            ).stdout
            seconds, count, cpu = json.loads(out)
            if count != n:
                raise RuntimeError(f"read listing: {count} of {n} listings read")
            runs.append((seconds, cpu))
        seconds, cpu = sorted(runs)[RUNS // 2]
        # the CPU of reading and decoding, in that process
        self.record_outside(
            method,
            n,
            seconds,
            bench_cpu_s=round(cpu, 2),
            runs_s=[round(run[0], 3) for run in runs],
        )
        return seconds

    def record_in_process(self, method, n, started, start_queries, cpu_start):
        """Records ``in_process_row``; returns the seconds taken."""
        row = self.in_process_row(method, n, started, start_queries, cpu_start)
        self.record(**row)
        return row["seconds"]

    def in_process_row(self, method, n, started, start_queries, cpu_start):
        """A row measured with Odoo running in this process (no server, no
        jobs): this process's CPU is Odoo's."""
        seconds = time.monotonic() - started
        cpu = cpu_used(cpu_start, cpu_now([], self.postmaster))
        return dict(
            method=method,
            n=n,
            seconds=round(seconds, 2),
            records_per_s=round(n / seconds, 1),
            queries_per_record=self.per_record(start_queries, n),
            peak_mb=None,
            jobs=0,
            odoo_cpu_s=cpu["bench_cpu_s"],
            postgres_cpu_s=cpu["postgres_cpu_s"],
            bench_cpu_s="-",
            stolen_cpu_s=cpu["stolen_cpu_s"],
        )

    def record_outside(self, method, n, seconds, **extra):
        """A row measured outside any Odoo server (no jobs, no queries)."""
        self.record(
            method=method,
            n=n,
            seconds=round(seconds, 3),
            records_per_s=round(n / seconds, 1),
            queries_per_record=None,
            peak_mb=None,
            jobs=0,
            **extra,
        )

    def with_latency(self, n, read, task):
        """Import, re-sync and export N with the simulator answering each read
        after ``read`` seconds and completing each write task after ``task``
        seconds, and the listing read alone with that latency."""
        label = f"{read:g} s a read, {task:g} s a task"
        self.seed(n)
        self.sim.set_latency(read=read, task=task)
        try:
            self.read_listing(n, "read listing (latency)")
            __, backend_id = self.full_import(n, method="connector_base (latency)")
            self.resync(n, backend_id, method="re-sync 1% (latency)")
            self.export(n, method="export (latency)")
        finally:
            self.sim.set_latency(read=0, task=0)
        for row in self.results:
            if row["method"].endswith("(latency)"):
                row["latency"] = label

    def compare_unchanged(self, n, backend_id):
        """Odoo's CPU per unchanged listing of a re-sync, beyond reading and
        decoding it: the batch importer's first-sighting check (in memory, as
        in a listing read by one job) and its comparison with the binding
        (digest, the bindings' states read as that job reads them), page by
        page, on the listings as decoded, in this process; rolled back."""
        from odoo.addons.connector_base.collector import collector_paused
        from odoo.addons.connector_base.components.batch_importer import (
            ListedIds,
            SyncStates,
        )

        records = self.sim.state()["products"]
        with closing(self.registry.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            backend = env["connector.kogan.backend"].browse(backend_id)
            with backend.work_on("product.product") as work:
                importer = work.component(usage="batch.importer")
                listing = {"listed": 0, "unreadable": False}
                listed = ListedIds(importer.sync_state, stored=False)
                states = SyncStates(importer.binder, importer._uptodate_fields)
                cpu = time.process_time()
                changed = 0
                for start in range(0, n, 500):
                    # as the importer compares a page: the collector paused
                    with collector_paused():
                        page = records[start : start + 500]
                        page = importer._first_sightings(page, listing, listed)
                        changed += len(importer._changed(page, states))
                cpu = time.process_time() - cpu
            cr.rollback()
        if changed:
            raise RuntimeError(f"compare: {changed} of {n} listings seen as changed")
        self.record_outside(
            "compare unchanged", n, cpu, us_per_record=round(cpu / n * 1e6, 1)
        )

    def export(self, n, workers=0, method="export"):
        """N products of Odoo listed on Kogan by the batch export."""
        self.clean_products()
        self.sim.reset()
        backend_id = self.backend(f"export {n}")
        with self.env() as env:
            for start in range(0, n, 500):
                env["product.product"].create(
                    [
                        {
                            "name": f"Export product {i}",
                            "default_code": f"SKU-X{i:05d}",
                            "list_price": 10 + i % 50,
                            "kogan_listed": True,
                            "is_storable": True,
                        }
                        for i in range(start, min(start + 500, n))
                    ]
                )
        self.analyze()
        self.sim.clear_calls()

        def start():
            with self.env() as env:
                backend = env["connector.kogan.backend"].browse(backend_id)
                backend.action_export_products()

        row = self.through_jobs(f"export-{n}-w{workers}", n, backend_id, start, workers)
        listed = len(self.sim.state()["products"])
        creates = [
            c
            for c in self.sim.calls
            if c["method"] == "POST" and c["path"] == "products/"
        ]
        if listed != n:
            raise RuntimeError(f"export: {listed} of {n} listed")
        self.record(method=method, **row, create_calls=len(creates))
        with self.env() as env:  # the export's products are not SKU-*: drop them
            products = env["product.product"].search(
                [("default_code", "like", "SKU-X")]
            )
            env["connector.binding"].search([]).unlink()
            templates = products.product_tmpl_id
            products.unlink()
            templates.unlink()

    def stock_storm(self, products=1000, changes=10000, per_transaction=500, workers=0):
        """``changes`` stock moves done on ``products`` listed products, in
        transactions of ``per_transaction`` moves, while the jobrunner runs
        (threaded, or ``workers`` worker processes)."""
        self.clean_products()
        self.seed(products)
        backend_id = self.backend("storm")
        with self.env() as env:
            backend = env["connector.kogan.backend"].browse(backend_id)
            backend.with_context(connector_inline=True).import_batch("product.product")
            delay = backend.export_delay_seconds
            env["queue.job"].search([]).unlink()
        self.sim.clear_calls()
        self.start_server(f"storm-w{workers}" if workers else "storm", workers)
        started = time.monotonic()
        with self.env() as env:
            product_ids = (
                env["connector.binding"]
                .search([("backend_id", "=", backend_id)])
                .mapped("res_id")
            )
            stock = env["stock.warehouse"].search([], limit=1).lot_stock_id.id
            supplier = env.ref("stock.stock_location_suppliers").id
        for start in range(0, changes, per_transaction):
            with self.env() as env:
                moves = env["stock.move"].create(
                    [
                        {
                            "name": "storm",
                            "product_id": product_ids[i % len(product_ids)],
                            "product_uom_qty": 1,
                            "location_id": supplier,
                            "location_dest_id": stock,
                        }
                        for i in range(start, min(start + per_transaction, changes))
                    ]
                )
                moves._action_confirm()
                moves.quantity = 1
                moves.picked = True
                moves._action_done()
        storm_seconds = time.monotonic() - started
        self.wait_jobs(backend_id)
        with self.env() as env:  # every mark was pushed
            env.cr.execute("SELECT count(*) FROM connector_kogan_push")
            if env.cr.fetchone()[0]:
                raise RuntimeError("stock storm: changes left unsent")
        seconds = time.monotonic() - started
        self.stop_server()
        pushes = [
            c for c in self.sim.calls if c["path"].startswith("products/stockprice")
        ]
        windows = int(storm_seconds // delay) + 2
        state = self.sim.state()["products"]
        pushed = Counter(
            item["product_sku"]
            for task in self.sim._tasks.values()
            if task.operation == "stockprice"
            for item in task.items
        )
        per_product = max(pushed.values(), default=0)
        stock_ok = all(p["stock"] == changes // products for p in state)
        self.record(
            method="stock storm",
            n=products,
            workers=workers,
            changes=changes,
            seconds=round(seconds, 2),
            storm_seconds=round(storm_seconds, 2),
            debounce_seconds=delay,
            push_calls=len(pushes),
            items_pushed=sum(c["items"] or 0 for c in pushes),
            max_pushes_per_product=per_product,
            windows=windows,
            final_stock_right=stock_ok,
        )


def ratios(results):
    def find(method, n, workers=0):
        return next(
            (
                r
                for r in results
                if r["method"] == method
                and r["n"] == n
                and r.get("workers", 0) == workers
            ),
            None,
        )

    out = []
    # the threaded runs' sizes (a worker run may be the only one at its N)
    sizes = sorted(
        {
            r["n"]
            for r in results
            if r["method"] == "connector_base" and not r.get("workers")
        }
    )
    for n in sizes:
        ours, raw = find("connector_base", n), find("raw create", n)
        peer = find("one job per record", n)
        row = {"n": n}
        if raw:
            row["import / raw create"] = round(ours["seconds"] / raw["seconds"], 2)
            # on a machine other work loads, wall times wander: Odoo's CPU
            # seconds, the import's server against the raw create's process
            row["import / raw create, Odoo CPU"] = round(
                ours["odoo_cpu_s"] / raw["odoo_cpu_s"], 2
            )
            for workers in (1, 2, 4):
                prod = find("connector_base", n, workers)
                if prod:
                    label = "worker" if workers == 1 else "workers"
                    row[f"import with {workers} {label} / raw create"] = round(
                        prod["seconds"] / raw["seconds"], 2
                    )
        if peer:
            row["one job per record / import"] = round(
                peer["seconds"] / ours["seconds"], 1
            )
        row.update(resync_ratios(find, n, ours))
        out.append(row)
    out.extend(latency_ratios(results, find))
    peaks = [find("connector_base", n)["peak_mb"] for n in sizes]
    if len(peaks) > 1 and all(peaks):
        out.append(
            {"peak memory, largest N / smallest N": round(peaks[-1] / peaks[0], 2)}
        )
    for method in ("connector_base", "export"):
        for n in sorted({r["n"] for r in results if r["method"] == method}):
            one, two = find(method, n, 1), find(method, n, 2)
            if one and two:
                out.append(
                    {
                        "method": "import" if method == "connector_base" else method,
                        "n": n,
                        "1 worker / 2 workers (speed-up)": round(
                            one["seconds"] / two["seconds"], 2
                        ),
                    }
                )
    for n in sorted({r["n"] for r in results if r["method"] == "orders import"}):
        ours, raw = find("orders import", n), find("orders raw create", n)
        peer = find("orders one job per record", n)
        row = {"orders": n}
        if raw:
            row["import / raw create"] = round(ours["seconds"] / raw["seconds"], 2)
        if peer:
            row["one job per order / import"] = round(
                peer["seconds"] / ours["seconds"], 1
            )
        out.append(row)
    return out


def resync_ratios(find, n, ours):
    """The re-sync of N against the import, and its floors."""
    row = {}
    resync, listing = find("re-sync 1%", n), find("read listing", n)
    if resync:
        row["re-sync 1% / import"] = round(resync["seconds"] / ours["seconds"], 3)
    if listing:  # what no re-sync can go below
        row["read listing / import"] = round(listing["seconds"] / ours["seconds"], 3)
    if listing and resync:
        row["(re-sync - read listing) / import"] = round(
            (resync["seconds"] - listing["seconds"]) / ours["seconds"], 4
        )
    compare = find("compare unchanged", n)
    if compare:
        row["Odoo CPU per unchanged listing (µs)"] = compare["us_per_record"]
    return row


def latency_ratios(results, find):
    """The targets with the API's latency: the import against the larger of
    its two floors (reading the listing alone, writing the records alone),
    the re-sync against reading the listing alone."""
    out = []
    for r in results:
        if r["method"] != "connector_base (latency)":
            continue
        n = r["n"]
        listing, raw = find("read listing (latency)", n), find("raw create", n)
        resync = find("re-sync 1% (latency)", n)
        row = {"latency": r["latency"], "n": n}
        if listing and raw:
            floor = max(listing["seconds"], raw["seconds"])
            row["import / max(read listing, raw create)"] = round(
                r["seconds"] / floor, 2
            )
            plain = find("connector_base", n)
            if plain:  # what the latency added to the import
                row["import with latency / without"] = round(
                    r["seconds"] / plain["seconds"], 2
                )
        if listing and resync:
            row["re-sync 1% / read listing"] = round(
                resync["seconds"] / listing["seconds"], 2
            )
        out.append(row)
    return out


def plot(results, path):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axis = pyplot.subplots(figsize=(7, 4.2), dpi=110)
    for method in ("raw create", "connector_base", "one job per record"):
        points = sorted(
            (r["n"], r["seconds"]) for r in results if r["method"] == method
        )
        if points:
            axis.plot(*zip(*points, strict=True), marker="o", label=method)
    axis.set_xlabel("products imported (N)")
    axis.set_ylabel("wall time (s)")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend()
    axis.set_title("Kogan product import, end to end through queue jobs")
    figure.tight_layout()
    figure.savefig(path)


def cpu_cell(row, stolen):
    """The CPU seconds of a measurement on a server (see cpu.py), with what
    the host took when the run recorded it (``stolen``)."""
    if "odoo_cpu_s" not in row:
        return "-"
    cell = f"{row['odoo_cpu_s']} / {row['postgres_cpu_s']} / {row['bench_cpu_s']}"
    return f"{cell} / {row.get('stolen_cpu_s', '-')}" if stolen else cell


def table(results, summary):
    stolen = any("stolen_cpu_s" in r for r in results)
    lines = [
        "| method | N | workers | s | records/s | queries/record | peak MB | jobs "
        "| CPU s: Odoo / PostgreSQL / benchmark and simulator"
        + (" / taken by the host |" if stolen else " |"),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r["method"] in ("stock storm", "fulfilment", "stock at once"):
            continue
        lines.append(
            f"| {r['method']} | {r['n']} | {r.get('workers') or 'threaded'} | "
            f"{r['seconds']} | {r['records_per_s']} | "
            f"{'-' if r['queries_per_record'] is None else r['queries_per_record']} | "
            f"{r['peak_mb'] or '-'} | {r['jobs']} | {cpu_cell(r, stolen)} |"
        )
    lines.append("")
    for row in summary:
        lines.append("- " + ", ".join(f"{k}: **{v}**" for k, v in row.items()))
    for r in results:
        if r["method"] == "fulfilment":
            lines.append(
                f"- fulfilment: {r['n']} deliveries validated at once reached Kogan "
                f"in **{r['fulfil_calls']}** calls ({r['orders_per_call']} orders "
                f"per call), {r['seconds']} s from the first validation"
            )
    for storm in (r for r in results if r["method"] == "stock storm"):
        workers = storm.get("workers")
        server = (
            f"{workers} worker{'s' if workers > 1 else ''}" if workers else "threaded"
        )
        lines.append(
            f"- stock storm ({server}): {storm['changes']} stock moves on "
            f"{storm['n']} products "
            f"in {storm['storm_seconds']} s made **{storm['push_calls']}** pushes "
            f"({storm['items_pushed']} product updates, at most "
            f"{storm['max_pushes_per_product']} per product; debounce "
            f"{storm['debounce_seconds']} s, at most {storm['windows']} windows); "
            f"final stock right on Kogan: {storm['final_stock_right']}"
        )
    line = stock_at_once_line(results)
    if line:
        lines.append(line)
    return "\n".join(lines)


def latency(option):
    """(read, task) seconds of ``--latency``."""
    read, task = (float(x) for x in option.split(","))
    return read, task


def storm_size(option):
    """(products, changes) of ``--storm``."""
    products, changes = (int(x) for x in option.split(","))
    return products, changes


def main():
    parser = driver_parser(__doc__, "bench")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--peer-sizes", default="1000")
    parser.add_argument("--storm", default="1000,10000", help="products,changes")
    parser.add_argument(
        "--workers",
        default="",
        help="worker process counts (e.g. 1,2) to import and export N "
        "(--workers-size) with, besides the threaded server",
    )
    parser.add_argument(
        "--workers-size", type=int, help="N for the worker runs (the largest size)"
    )
    parser.add_argument(
        "--large-workers",
        type=int,
        default=0,
        help="also import the largest size with this many worker processes",
    )
    parser.add_argument(
        "--stock-at-once",
        type=int,
        default=10000,
        help="products whose stock changes in one transaction (0: skip)",
    )
    parser.add_argument("--orders", default="1000", help="order counts to import")
    parser.add_argument("--order-peer-sizes", default="1000")
    parser.add_argument("--fulfil", type=int, default=1000, help="deliveries sent")
    parser.add_argument(
        "--latency",
        default="0.3,2",
        help="seconds the simulator waits before answering a read, and before "
        "a write task may complete, in the latency rows",
    )
    parser.add_argument(
        "--latency-size",
        type=int,
        default=10000,
        help="N of the rows with latency (0: none); a raw create of that N runs "
        "too (--sizes should hold it)",
    )
    parser.add_argument(
        "--export-size",
        type=int,
        help="N of the export row (default: the smallest size; 0: none)",
    )
    parser.add_argument("--readme", action="store_true", help="update README.md")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="measure nothing: the ratios, table, plot (and README with "
        "--readme) again from tests/bench/results.json",
    )
    args = parser.parse_args()
    if args.report_only:
        results = json.loads((HERE / "results.json").read_text())["results"]
        return report(results, Path(args.out), args.readme)
    out = open_database(args)
    bench = Bench(args.database, out)
    with bench.env() as env:
        env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    sizes = [int(n) for n in args.sizes.split(",")]
    peer_sizes = [int(n) for n in args.peer_sizes.split(",") if n]
    try:
        for n in sizes:
            bench.seed(n)
            bench.raw_create(n)
            __, backend_id = bench.full_import(n)
            bench.resync(n, backend_id)
            bench.read_listing(n)
            bench.compare_unchanged(n, backend_id)
            if n in peer_sizes:
                bench.seed(n)
                bench.one_job_per_record(n)
        if args.latency_size:
            bench.with_latency(args.latency_size, *latency(args.latency))
        if args.large_workers:
            bench.seed(sizes[-1])
            bench.full_import(sizes[-1], args.large_workers)
        if args.export_size != 0:
            bench.export(args.export_size or sizes[0])
        workers_size = args.workers_size or sizes[-1]
        for workers in [int(w) for w in args.workers.split(",") if w]:
            bench.seed(workers_size)
            bench.full_import(workers_size, workers)
            bench.export(workers_size, workers)
            if args.storm:
                bench.stock_storm(*storm_size(args.storm), workers=workers)
        if args.storm:
            bench.stock_storm(*storm_size(args.storm))
        if args.stock_at_once:
            bench.stock_at_once(args.stock_at_once)
        order_peers = [int(n) for n in args.order_peer_sizes.split(",") if n]
        for n in [int(n) for n in args.orders.split(",") if n]:
            bench.orders_raw_create(n, bench.seed_orders(n, f"raw{n}"))
            backend_id = bench.seed_orders(n, f"import{n}")
            bench.orders_import(n, backend_id)
            if n == args.fulfil:
                bench.fulfilment(n, backend_id)
            if n in order_peers:
                bench.orders_one_job_per_record(n, bench.seed_orders(n, f"peer{n}"))
    finally:  # a failed measurement leaves no server behind
        OdooServer.stop_all()
        bench.sim.stop()
    return report(bench.results, out, args.readme)


def report(results, out, readme=False):
    """results.json, the plot, the table (printed, and in the README)."""
    summary = ratios(results)
    text = json.dumps({"results": results, "ratios": summary}, indent=2)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(text)
    (HERE / "results.json").write_text(text + "\n")
    plot(results, HERE / "import_time.png")
    text = table(results, summary)
    print(text)
    if readme:
        readme = ROOT / "README.md"
        start, end = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
        content = readme.read_text()
        if start in content and end in content:
            before, rest = content.split(start, 1)
            readme.write_text(f"{before}{start}\n{text}\n{end}{rest.split(end, 1)[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
