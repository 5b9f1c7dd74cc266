"""Stock of many products changed at once, measured by ``bench_sync.py``
(``--stock-at-once``).

``stock at once``: an inventory count of N listed products applied in one
transaction, as a user applies a full count (one ``stock.quant`` per product,
``action_apply_inventory``: one validated stock move each), then the time from
its commit until Kogan (the simulator) holds every product's new stock and no
product is left marked for a push. The target: calls within Kogan's limit (500
items), everything on Kogan within two debounce windows (the backend's export
delay, left at its default here; the push job's own time, also recorded, says
which shorter delays would keep the target).
"""

import time

from ..odoo_server import waits

PUSH_PATH = "products/stockprice"
MAX_ITEMS = 500  # Kogan's limit of items per call
POLL = 0.1  # s between two checks: the resolution of the measurement
TIMEOUT = 300  # s (times CONNECTOR_WAIT_FACTOR) before the run is failed


def counted(i):
    """The quantity counted for the i-th product: never the simulator's
    seeded stock (under 50), so that every product must be sent."""
    return 100 + i % 50


def product_bindings(env, backend_id):
    """The backend's product bindings, in product order."""
    return env["connector.binding"].search(
        [("backend_id", "=", backend_id), ("res_model", "=", "product.product")],
        order="res_id",
    )


def stock_at_once_line(results):
    """The README line of the ``stock at once`` run, or None."""
    r = next((r for r in results if r["method"] == "stock at once"), None)
    if not r:
        return None
    return (
        f"- stock at once: the stock of {r['n']} products changed in one "
        f"transaction reached Kogan in **{r['seconds']} s** ({r['push_calls']} "
        f"calls of at most {r['max_items_per_call']} items, "
        f"{r['items_pushed']} updates; debounce {r['debounce_seconds']} s, "
        f"within two windows: {r['within_two_windows']}); final stock right on "
        f"Kogan: {r['final_stock_right']}"
    )


class StockBench:
    """Mixed into ``bench_sync.Bench``."""

    def stock_at_once(self, products=10000):
        """``products`` listed products counted at once; the time from the
        commit until all of them are on Kogan, and the calls it took."""
        backend_id, delay = self._list_for_count(products)
        self.sim.clear_calls()
        self.start_server("stock-at-once")
        try:
            expected, commit = self._count_all(backend_id)
            self._wait_on_kogan(backend_id, expected)
            seconds = time.monotonic() - commit["at"]
            jobs = self._push_jobs(backend_id)
        finally:
            self.stop_server()
        items = [c["items"] or 0 for c in self.sim.calls if PUSH_PATH in c["path"]]
        self.record(
            method="stock at once",
            n=products,
            seconds=round(seconds, 2),
            change_seconds=round(commit["change_seconds"], 2),
            debounce_seconds=delay,
            push_calls=len(items),
            max_items_per_call=max(items, default=0),
            items_pushed=sum(items),
            push_jobs=len(jobs),
            push_job_seconds=round(sum(j["exec_time"] or 0 for j in jobs), 2),
            within_two_windows=seconds <= 2 * delay,
            final_stock_right=self._on_kogan(expected),
        )
        return seconds

    def _list_for_count(self, products):
        """``products`` listings on Kogan imported (inline) and bound, with no
        stock in Odoo; the backend's id and export delay."""
        self.clean_products()
        self.seed(products)
        backend_id = self.backend("stock at once")
        with self.env() as env:
            backend = env["connector.kogan.backend"].browse(backend_id)
            # the debounce users have (the other runs shorten it to save time)
            backend.export_delay_seconds = backend.default_get(
                ["export_delay_seconds"]
            )["export_delay_seconds"]
            backend.with_context(connector_inline=True).import_batch("product.product")
            env["queue.job"].search([]).unlink()
            return backend_id, backend.export_delay_seconds

    def _count_all(self, backend_id):
        """Apply one inventory count of every bound product, in one
        transaction; ``{SKU: quantity}`` and when it was committed (the first
        post-commit callback, before the connector queues its job)."""
        commit = {}
        started = time.monotonic()
        with self.env() as env:
            env.cr.postcommit.add(lambda: commit.setdefault("at", time.monotonic()))
            bindings = env["connector.binding"].search(
                [
                    ("backend_id", "=", backend_id),
                    ("res_model", "=", "product.product"),
                ],
                order="res_id",
            )
            stock = env["stock.warehouse"].search([], limit=1).lot_stock_id.id
            quants = (
                env["stock.quant"]
                .with_context(inventory_mode=True)
                .create(
                    [
                        {
                            "product_id": binding.res_id,
                            "location_id": stock,
                            "inventory_quantity": counted(i),
                        }
                        for i, binding in enumerate(bindings)
                    ]
                )
            )
            quants.action_apply_inventory()
            expected = {
                binding.external_id: counted(i) for i, binding in enumerate(bindings)
            }
        commit["change_seconds"] = commit["at"] - started
        return expected, commit

    def _wait_on_kogan(self, backend_id, expected):
        """Until no product is marked for a push and Kogan holds the expected
        stock; fails on a failed job, or after the timeout."""
        limit = waits().patience(TIMEOUT)
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            marked, failed = self._push_queue(backend_id)
            if failed:
                raise RuntimeError(
                    f"stock at once: {failed} failed jobs; see {self.server.logfile}"
                )
            if not marked and self._on_kogan(expected):
                return
            time.sleep(POLL)
        raise RuntimeError(
            f"stock at once: not on Kogan after {limit:.0f} s ({marked} products "
            f"still marked); see {self.server.logfile}"
        )

    def _push_queue(self, backend_id):
        """Products still marked for a push, and failed jobs, of the backend."""
        with self.env() as env:
            env.cr.execute(
                "SELECT count(*) FROM connector_kogan_push WHERE backend_id = %s",
                (backend_id,),
            )
            marked = env.cr.fetchone()[0]
            env.cr.execute(
                "SELECT count(*) FROM queue_job WHERE channel = %s "
                "AND state = 'failed'",
                (self.channels[backend_id],),
            )
            return marked, env.cr.fetchone()[0]

    def _on_kogan(self, expected):
        """Whether the simulator holds the expected stock of every SKU (read
        under its lock: a deep copy of 10,000 listings per check would cost
        more than the check)."""
        sim = self.sim
        with sim._lock:
            records, index = sim._records, sim._index
            return all(
                sku in index and records[index[sku]]["stock"] == quantity
                for sku, quantity in expected.items()
            )

    def _push_jobs(self, backend_id):
        """The stock and price push jobs of the backend, with their run time."""
        with self.env() as env:
            env.cr.execute(
                "SELECT state, exec_time FROM queue_job WHERE channel = %s "
                "AND method_name = 'push_stock_price'",
                (self.channels[backend_id],),
            )
            return env.cr.dictfetchall()
