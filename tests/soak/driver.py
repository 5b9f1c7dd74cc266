"""A month of Kogan trading, compressed: the soak run (issue 28, item 6).

Replays days of trading between Odoo (a real server with the queue_job
jobrunner, so that every job runs as in production) and the local Kogan
simulator, then reconciles Odoo with the simulator's own ledger
(``reconcile.py``). A day:

1. receipts of stock, price changes, a listing disabled (yesterday's enabled
   again), other-channel sale orders confirmed (reserving stock) and
   yesterday's delivered; the queue drains (the debounce window);
2. Kogan's buyers order what Kogan offers (the simulator lowers its stock
   and records each sale in its ledger, with the stock offered then; the
   driver records what Odoo could sell just before);
3. Kogan cancels some orders or items by itself, then the order import runs
   (the backend's button, as its cron does); every ``--kill-every`` days the
   server is killed in the middle of that import, restarted, and its
   interrupted jobs requeued;
4. deliveries of Kogan orders validated, all or part of them (fulfilment
   then sent by the connector), returns and credit notes with Kogan refund
   reasons (refunded on Kogan by the connector).

Before each connector step a transport fault (HTTP 503, 502 or a reset) is
queued on its endpoint with probability ``--fault-rate``. Between steps the
driver waits for the backend's queue to drain: correctness never depends on
timing. Deterministic for a seed (names aside).

Standalone: ``scripts/soak.sh --days N --orders-per-day M --fault-rate R
--kill-every K --seed S``; ``tests/test_soak.py`` runs a short one.
"""

import copy
import json
import random
import sys
import time
from collections import Counter
from contextlib import contextmanager

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

from ..driver_cli import driver_parser, open_database
from ..odoo_server import OdooServer, free_port, waits
from .reconcile import FIGURES, reconcile, report_text

SELLER, TOKEN = "soak-seller", "soak-token"
RETRIES = 5  # as odoo.service.model.MAX_TRIES_ON_CONCURRENCY_FAILURE
# what the Odoo-side steps change besides the database: replayed on a retry
REPLAYED = (
    "counts",
    "other_orders",
    "disabled",
    "drawn_lines",
    "refunded_lines",
    "documents",
)
UNFINISHED = ("pending", "enqueued", "started")
DRAIN = 900  # s (times CONNECTOR_WAIT_FACTOR): a step's jobs, retries included
SLOW_IMPORT = 4  # s the order listing hangs when a kill is due: the job is seen started
REFUND_REASONS = ("Change of Mind", "Faulty Item", "Damage In Transit", "Wrong Goods")
FAULTS = (
    {"kind": "http_status", "status": 503},
    {"kind": "http_status", "status": 502},
    {"kind": "reset"},
)


class Soak:
    """One soak run on database ``db`` through ``server`` (an OdooServer,
    killed and restarted by the run) against ``sim`` (a KoganSimulator)."""

    def __init__(
        self,
        db,
        sim,
        server,
        days=3,
        orders_per_day=10,
        fault_rate=0.1,
        kill_every=0,
        seed=1,
        products=None,
        nzd_share=0.2,
    ):
        self.db, self.sim, self.server = db, sim, server
        self.registry = Registry(db)
        self.days, self.orders_per_day = days, orders_per_day
        self.fault_rate, self.kill_every, self.seed = fault_rate, kill_every, seed
        self.n_products = products or max(6, orders_per_day // 2)
        self.nzd_share = nzd_share
        self.rng = random.Random(seed)
        self.counts = Counter()
        self.timings = Counter()  # seconds per step, where a run's time goes
        self.windows = []  # per day's sales: Odoo's sellable just before
        self.imported = {}  # Kogan ID -> the sale order's figures as imported
        self.documents = []  # returns and credit notes sent to Kogan
        self.refunded_lines = set()  # sale order lines a document refunds
        self.drawn_lines = set()  # lines whose return or credit was drawn
        self.other_orders = []  # other-channel sale orders not delivered yet
        self.disabled = []  # products disabled on Kogan today
        self.order_number = 0

    # -- plumbing ---------------------------------------------------------

    @contextmanager
    def env(self):
        """An environment whose work is committed (so the server sees it)."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})

    def committed(self, *steps):
        """Run ``steps`` (each given the environment) in one committed
        transaction. A job or a cron of the server may write the same rows
        meanwhile (a push, the order import's cron): on a serialization
        failure the steps run again from the same random state and books, as
        Odoo retries a user's request (``odoo.service.model.retrying``)."""
        for attempt in range(1, RETRIES + 1):
            saved = {name: copy.deepcopy(getattr(self, name)) for name in REPLAYED}
            saved_rng = self.rng.getstate()
            try:
                with self.env() as env:
                    for step in steps:
                        step(env)
                return
            except psycopg2.errors.SerializationFailure:
                if attempt == RETRIES:
                    raise
                for name, value in saved.items():
                    setattr(self, name, value)
                self.rng.setstate(saved_rng)
                self.counts["transactions_retried"] += 1

    @contextmanager
    def timed(self, step):
        """Adds the seconds ``step`` took to the run's timings."""
        started = time.monotonic()
        try:
            yield
        finally:
            self.timings[step] += time.monotonic() - started

    def backend(self, env):
        return env["connector.kogan.backend"].browse(self.backend_id)

    def drain(self, step):
        """Until the backend has no unfinished job and no product marked for
        a push: the end of a debounce window."""

        def drained():
            with self.env() as env:
                env.cr.execute(
                    "SELECT count(*) FROM queue_job WHERE channel = %s AND state IN %s",
                    (self.channel, UNFINISHED),
                )
                if env.cr.fetchone()[0]:
                    return False
                if "connector.kogan.push" not in env:  # the push queue, if any
                    return True
                return not env["connector.kogan.push"].search_count(
                    [("backend_id", "=", self.backend_id)]
                )

        waits().wait_until(
            drained,
            DRAIN,
            f"the jobs of step {step!r} (log {self.server.logfile})",
            0.1,
        )
        left = self.sim.clear_faults()
        self.counts["faults_injected"] += self._faults_queued - left
        self._faults_queued = 0

    def fault(self, *matches):
        """With probability ``fault_rate``, a transport fault on the next call
        to one of ``matches`` (``"<METHOD> <path prefix>"``)."""
        if self.rng.random() >= self.fault_rate:
            return
        spec = dict(self.rng.choice(FAULTS), match=self.rng.choice(matches))
        self.sim.add_faults([spec])
        self._faults_queued += 1

    # -- set-up -----------------------------------------------------------

    def setup(self):
        """A seller's Kogan account as a new seller sets it up: AU and NZ
        pricelists, GST, a carrier with a Kogan code, products listed with
        their stock."""
        # importable once the configuration put the addons on Odoo's path
        from odoo.addons.connector_kogan.tests.common import backend_values

        self._faults_queued = 0
        with self.env() as env:
            company = env.company
            for code in ("AUD", "NZD"):
                env.ref(f"base.{code}").active = True
            # the simulator answers plain http on loopback: an administrator's
            # choice (off by default, and in soak.sh's database without demo)
            env["ir.config_parameter"].set_param(
                "connector_base.allow_insecure_http", "True"
            )
            backend = env["connector.kogan.backend"].create({"name": "Soak"})
            self.backend_id = backend.id
            self.tag = tag = f"SOAK{backend.id}"
            self.buyer_domain = f"{tag.lower()}.example.com"
            pricelists = {
                code: env["product.pricelist"].create(
                    {
                        "name": f"{tag} Kogan {code}",
                        "currency_id": env.ref(f"base.{code}").id,
                    }
                )
                for code in ("AUD", "NZD")
            }
            self.tax = env["account.tax"].create(
                {
                    "name": f"GST 10% included ({tag})",
                    "amount": 10,
                    "amount_type": "percent",
                    "type_tax_use": "sale",
                    "price_include_override": "tax_included",
                    "company_id": company.id,
                }
            )
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            self.warehouse_id = warehouse.id
            service = env["product.product"].create(
                {"name": f"{tag} courier", "type": "service"}
            )
            self.carrier_id = (
                env["delivery.carrier"]
                .create(
                    {
                        "name": f"{tag} AusPost",
                        "product_id": service.id,
                        "kogan_carrier_code": "AUP",
                    }
                )
                .id
            )
            values = backend_values(
                self.sim,
                f"Kogan soak {tag}",
                company_id=company.id,
                pricelist_id=pricelists["AUD"].id,
                nzd_pricelist_id=pricelists["NZD"].id,
                warehouse_id=warehouse.id,
                default_brand="Soak",
                default_category="kogan:101",
                export_delay_seconds=1,
                http_max_retries=2,
            )
            if "sale_tax_id" in backend._fields:  # today's one tax per backend
                values["sale_tax_id"] = self.tax.id
            values.update(self._nz_fiscal_position(env, backend, company))
            backend.write(values)
            self.channel = backend._connector_channel()
            self.customer_id = (
                env["res.partner"].create({"name": f"{tag} web shop customer"}).id
            )
            products = env["product.product"].create(
                [
                    {
                        "name": f"{tag} product {i}",
                        "default_code": f"{tag}-{i:04d}",
                        "list_price": self.rng.randrange(10, 200) + 0.95,
                        "is_storable": True,
                        "kogan_listed": True,
                        "taxes_id": [(6, 0, self.tax.ids)],
                    }
                    for i in range(1, self.n_products + 1)
                ]
            )
            self.product_ids = products.ids
            self.sku = {p.id: p.default_code for p in products}
            self._adjust(env, {p.id: self.rng.randint(4, 12) for p in products})
        with self.env() as env:
            self.backend(env).action_export_products()
        self.drain("list the products")
        with self.env() as env:
            self.backend(env).action_push_stock_price()
        self.drain("push the stock")

    def _nz_fiscal_position(self, env, backend, company):
        """Kogan NZ's GST (15%, included in NZD prices) as a fiscal position
        mapping the products' Australian GST, set on the backend's fiscal
        position field of the NZ store where it has one (issue 28, item 2;
        none today): the values to write."""
        nz_gst = env["account.tax"].create(
            {
                "name": f"NZ GST 15% included ({self.tag})",
                "amount": 15,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
                "company_id": company.id,
            }
        )
        position = env["account.fiscal.position"].create(
            {
                "name": f"Kogan NZ ({self.tag})",
                "company_id": company.id,
                "tax_ids": [
                    (0, 0, {"tax_src_id": self.tax.id, "tax_dest_id": nz_gst.id})
                ],
            }
        )
        return {
            name: position.id
            for name, field in backend._fields.items()
            if field.type == "many2one"
            and field.comodel_name == "account.fiscal.position"
            and "nz" in name.lower()
        }

    def _adjust(self, env, quantities):
        """An inventory count: ``{product id: quantity on hand}``."""
        stock = env["stock.warehouse"].browse(self.warehouse_id).lot_stock_id
        env["stock.quant"].with_context(inventory_mode=True).create(
            [
                {"product_id": pid, "location_id": stock.id, "inventory_quantity": q}
                for pid, q in quantities.items()
            ]
        ).action_apply_inventory()

    # -- a day --------------------------------------------------------------

    def run(self):
        started = time.monotonic()
        self.setup()
        self.counts["setup_seconds"] = round(time.monotonic() - started, 1)
        for day in range(1, self.days + 1):
            self.day(day)
        self.close_books()
        self.record_imported()
        self.counts["seconds"] = round(time.monotonic() - started, 1)
        placed = self.counts["kogan_orders"] or 1
        self.counts["seconds_per_order"] = round(
            (self.counts["seconds"] - self.counts["setup_seconds"]) / placed, 2
        )
        return self.result()

    def day(self, day):
        with self.timed("morning (Odoo)"):
            self.committed(
                self.receive,
                self.change_prices,
                self.toggle_listings,
                self.deliver_other_channel,
                self.sell_other_channel,
            )
        self.fault("POST products/stockprice", "GET task", "POST products/status")
        with self.timed("morning (jobs)"):
            self.drain("morning")
        with self.timed("Kogan sales and cancellations"):
            self.sell_on_kogan(day)
            self.cancel_on_kogan()
        self.fault("GET orders")
        with self.timed("order import (jobs, kills)"):
            self.import_orders(
                kill=bool(self.kill_every) and day % self.kill_every == 0
            )
            self.drain("import orders")
        with self.timed("read imported orders"):
            self.record_imported()
        with self.timed("shipping (Odoo)"):
            self.committed(self.ship)
        self.fault("POST orders/fulfill", "POST products/stockprice")
        with self.timed("fulfilment (jobs)"):
            self.drain("fulfil")
        with self.timed("returns and credit notes (Odoo)"):
            self.committed(self.return_and_credit)
        self.fault("POST orders/")
        with self.timed("refunds (jobs)"):
            self.drain("refunds")

    def close_books(self):
        """The last window: web-shop sales reserve stock, Kogan cancels
        some orders, and the import reads Kogan's last word on every order;
        then the queue drains and the books are compared."""
        self.committed(self.sell_other_channel)
        self.cancel_on_kogan()
        self.fault("GET orders")
        self.import_orders(kill=False)
        self.drain("last window")

    def receive(self, env):
        """Receipts from a supplier for half of the products."""
        warehouse = env["stock.warehouse"].browse(self.warehouse_id)
        picking_type = warehouse.in_type_id
        source = picking_type.default_location_src_id or env.ref(
            "stock.stock_location_suppliers"
        )
        chosen = self.rng.sample(self.product_ids, max(1, len(self.product_ids) // 2))
        products = env["product.product"].browse(chosen)
        picking = env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": self.rng.randint(3, 10),
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        },
                    )
                    for product in products
                ],
            }
        )
        picking.action_confirm()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.button_validate()
        self.counts["receipts"] += 1
        self.counts["units_received"] += int(sum(picking.move_ids.mapped("quantity")))

    def change_prices(self, env):
        for pid in self.rng.sample(
            self.product_ids, max(1, len(self.product_ids) // 10)
        ):
            product = env["product.product"].browse(pid)
            product.list_price = round(
                product.list_price * self.rng.choice((0.9, 1.1)), 2
            )
            self.counts["price_changes"] += 1

    def toggle_listings(self, env):
        """Yesterday's disabled listing enabled again, another disabled."""
        products = env["product.product"].browse(self.disabled)
        if products:
            products.action_kogan_enable()
            self.counts["listings_enabled"] += len(products)
        self.disabled = [self.rng.choice(self.product_ids)]
        env["product.product"].browse(self.disabled).action_kogan_disable()
        self.counts["listings_disabled"] += 1

    def sellable(self, env):
        """``{product id: free quantity over the backend's warehouse}``."""
        products = (
            env["product.product"]
            .browse(self.product_ids)
            .with_context(warehouse_id=self.warehouse_id)
        )
        return {p.id: int(p.free_qty) for p in products}

    def sell_other_channel(self, env):
        """Web-shop orders for the same products, confirmed: stock reserved."""
        free = self.sellable(env)
        for __ in range(max(1, self.orders_per_day // 4)):
            available = [pid for pid, q in free.items() if q > 0]
            if not available:
                break
            lines = []
            for pid in self.rng.sample(
                available, min(len(available), self.rng.choice((1, 2)))
            ):
                quantity = self.rng.randint(1, min(3, free[pid]))
                free[pid] -= quantity
                lines.append((0, 0, {"product_id": pid, "product_uom_qty": quantity}))
            order = env["sale.order"].create(
                {"partner_id": self.customer_id, "order_line": lines}
            )
            order.action_confirm()
            self.other_orders.append(order.id)
            self.counts["other_channel_orders"] += 1

    def deliver_other_channel(self, env):
        """Yesterday's web-shop orders shipped, as far as their stock is."""
        orders = env["sale.order"].browse(self.other_orders)
        pickings = orders.picking_ids.filtered(lambda p: p.state == "assigned")
        self._validate(pickings)
        self.other_orders = [
            o.id
            for o in orders
            if o.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        ]

    def _validate(self, pickings, partial=()):
        """Validate ``pickings`` with what is reserved (one unit less on the
        moves of ``partial``): a backorder for the rest."""
        if not pickings:
            return
        for picking in pickings:
            for move in picking.move_ids.filtered("quantity"):
                if move in partial:
                    move.quantity = move.quantity - 1
                move.picked = True
        pickings.with_context(skip_backorder=True, skip_sms=True).button_validate()

    def sell_on_kogan(self, day):
        """The day's Kogan orders, for what Kogan offers; before them, what
        Odoo could sell (the window of the oversold figure)."""
        with self.env() as env:
            sellable = {self.sku[pid]: q for pid, q in self.sellable(env).items()}
            unreserved = self._unreserved(env)
        listings = {
            p["product_sku"]: p
            for p in self.sim.state()["products"]
            if p["product_sku"] in sellable
        }
        stock = {sku: p["stock"] for sku, p in listings.items() if p["enabled"]}
        first = len(self.sim.ledger()) + 1
        buyers = max(1, self.orders_per_day * self.days // 2)
        for __ in range(self.orders_per_day):
            currency = "NZD" if self.rng.random() < self.nzd_share else "AUD"
            offered = sorted(sku for sku, q in stock.items() if q > 0)
            if not offered:
                self.counts["kogan_orders_not_placed"] += 1
                continue
            skus = self.rng.sample(
                offered, min(len(offered), self.rng.choice((1, 1, 2)))
            )
            items = [(sku, self.rng.randint(1, min(2, stock[sku]))) for sku in skus]
            buyer = self.rng.randrange(buyers)
            self.order_number += 1
            self.sim.place_order(
                items,
                currency=currency,
                order_id=str(self.backend_id * 10**7 + self.order_number),
                address={
                    "EmailAddress": f"buyer{buyer}@{self.buyer_domain}",
                    "LastName": f"Buyer {buyer}",
                },
            )
            for sku, quantity in items:
                stock[sku] -= quantity
                self.counts["kogan_units_sold"] += quantity
            self.counts["kogan_orders"] += 1
        self.windows.append(
            {
                "day": day,
                "first_seq": first,
                "last_seq": len(self.sim.ledger()),
                "sellable": sellable,
                "unreserved": unreserved,
            }
        )

    def _unreserved(self, env):
        """Units Kogan sold earlier that Odoo does not hold reserved: orders
        without a confirmed sale order, not cancelled on Kogan."""
        confirmed = set(self._kogan_orders(env))
        units = Counter()
        for order in self.sim.state()["orders"]:
            if str(order["ID"]) in confirmed or order["OrderStatus"] == "Canceled":
                continue
            cancelled = {str(i["ID"]) for i in order.get("CancelledItems") or []}
            for item in order["Items"]:
                if str(item["ID"]) not in cancelled:
                    units[item["SellerSku"]] += item["Quantity"]
        return dict(units)

    def cancel_on_kogan(self):
        """Kogan cancels some imported orders awaiting shipment (20%), or an
        item of one (25% of those with several)."""
        imported = set(self.imported)
        candidates = [
            o
            for o in self.sim.state()["orders"]
            if o["OrderStatus"] == "ReleasedForShipment"
            and not o["DispatchedItems"]
            and str(o["ID"]) in imported
            and not o["CancelledItems"]
        ]
        with self.env() as env:
            shipped = self._with_done_delivery(env, [str(o["ID"]) for o in candidates])
        for order in candidates:
            if str(order["ID"]) in shipped:
                continue
            draw = self.rng.random()
            if draw < 0.2:
                self.sim.cancel_on_kogan(order["ID"])
                self.counts["kogan_cancellations"] += 1
            elif draw < 0.45 and len(order["Items"]) > 1:
                self.sim.cancel_on_kogan(order["ID"], [order["Items"][-1]["ID"]])
                self.counts["kogan_item_cancellations"] += 1

    def _with_done_delivery(self, env, kogan_ids):
        orders = self._sale_orders(env)
        records = env["sale.order"].browse(
            [i for oid in kogan_ids for i in orders.get(oid, [])]
        )
        return {
            order.client_order_ref
            for order in records
            if order.picking_ids.filtered(lambda p: p.state == "done")
        }

    def import_orders(self, kill):
        """The order import, as the backend's button (and cron) queue it;
        with ``kill``, the server is killed while the job runs."""
        if kill:
            self.sim.add_fault("GET orders", "slow", seconds=SLOW_IMPORT)
        with self.env() as env:
            self.backend(env).action_import_orders()
        if kill:
            self.kill_and_restart()

    def kill_and_restart(self):
        def import_started():
            with self.env() as env:
                env.cr.execute(
                    "SELECT count(*) FROM queue_job WHERE channel = %s AND "
                    "state = 'started' AND method_name = 'import_batch'",
                    (self.channel,),
                )
                return env.cr.fetchone()[0]

        waits().wait_until(import_started, waits().JOB_RUN, "the import to start")
        self.server.kill()
        self.counts["workers_killed"] += 1
        self.server.start()
        with self.env() as env:
            # as if the timeout had passed since the worker died
            env.cr.execute(
                "UPDATE queue_job SET "
                "date_started = date_started - interval '2 hours', "
                "date_enqueued = date_enqueued - interval '2 hours' "
                "WHERE channel = %s AND state IN ('started', 'enqueued')",
                (self.channel,),
            )
            env["queue.job"]._connector_requeue_interrupted()

    def _sale_orders(self, env):
        """``{Kogan ID: [sale order ids]}``: bound to this backend, or
        referring to the Kogan order (IDs are unique to this run)."""
        env.cr.execute(
            "SELECT external_id, res_id FROM connector_binding "
            "WHERE backend_model = %s "
            "AND backend_id = %s AND res_model = 'sale.order'",
            ("connector.kogan.backend", self.backend_id),
        )
        found = {}
        for external_id, res_id in env.cr.fetchall():
            found.setdefault(str(external_id), set()).add(res_id)
        prefix = str(self.backend_id)
        env.cr.execute(
            "SELECT client_order_ref, id FROM sale_order "
            "WHERE client_order_ref LIKE %s",
            (f"{prefix}%",),
        )
        for ref, order_id in env.cr.fetchall():
            if len(ref) == len(prefix) + 7:
                found.setdefault(ref, set()).add(order_id)
        return {oid: sorted(ids) for oid, ids in found.items()}

    def record_imported(self):
        """Each newly imported order's figures, as imported (before Kogan's
        later cancellations change its lines)."""
        with self.env() as env:
            for oid, ids in self._sale_orders(env).items():
                if oid in self.imported or not ids:
                    continue
                order = env["sale.order"].browse(ids[0])
                held = bool(order.kogan_total_mismatch) or bool(
                    env["connector.review"].search_count(
                        [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
                    )
                )
                self.imported[oid] = {
                    "amount_total": order.amount_total,
                    "amount_tax": order.amount_tax,
                    "rounding": order.currency_id.rounding,
                    "held": held,
                }
                self.counts["orders_imported"] += 1

    def _kogan_orders(self, env):
        """This run's confirmed Kogan sale orders, by Kogan ID."""
        first = {oid: ids[0] for oid, ids in self._sale_orders(env).items() if ids}
        orders = env["sale.order"].browse(sorted(first.values()))  # one prefetch
        confirmed = {order.id: order for order in orders if order.state == "sale"}
        return {oid: confirmed[i] for oid, i in first.items() if i in confirmed}

    def ship(self, env):
        """Most ready deliveries of Kogan orders validated, some partially."""
        ready, partial = env["stock.picking"], env["stock.move"]
        for __, order in sorted(self._kogan_orders(env).items()):
            for picking in order.picking_ids.filtered(
                lambda p: p.state == "assigned" and p.picking_type_code == "outgoing"
            ):
                draw = self.rng.random()
                if draw >= 0.7:
                    continue
                picking.write(
                    {
                        "carrier_id": self.carrier_id,
                        "carrier_tracking_ref": f"{self.tag}-T{picking.id}",
                    }
                )
                ready |= picking
                short = picking.move_ids.filtered(lambda m: m.quantity > 1)
                if draw < 0.1 and short:
                    partial |= short[:1]
                    self.counts["partial_shipments"] += 1
                elif any(m.quantity < m.product_uom_qty for m in picking.move_ids):
                    self.counts["partial_shipments"] += 1  # what stock allows
                else:
                    self.counts["full_shipments"] += 1
        self._validate(ready, partial)

    def return_and_credit(self, env):
        """Of the whole lines shipped since yesterday, 5% returned and 5%
        credited (each line is drawn once, when it is first shipped)."""
        kogan = {str(o["ID"]): o for o in self.sim.state()["orders"]}
        for oid, order in sorted(self._kogan_orders(env).items()):
            shipped = Counter()
            for item in kogan.get(oid, {}).get("DispatchedItems") or []:
                shipped[str(item["ID"])] += item["Quantity"]
            for line in order.order_line.filtered("kogan_item_id"):
                if (
                    line.id in self.drawn_lines
                    or line.id in self.refunded_lines
                    or line.kogan_refunded
                    or not line.product_uom_qty
                    or line.qty_delivered != line.product_uom_qty
                    or shipped[line.kogan_item_id] != line.product_uom_qty
                ):
                    continue
                self.drawn_lines.add(line.id)
                draw = self.rng.random()
                if draw < 0.05:
                    self._return(env, oid, line)
                elif draw < 0.1:
                    self._credit(env, oid, line)

    def _return(self, env, oid, line):
        moves = line.move_ids.filtered(
            lambda m: m.state == "done" and m.picking_code == "outgoing"
        )
        if len(moves.picking_id) != 1 or moves.returned_move_ids:
            return  # shipped in two deliveries: not one whole-line return
        wizard = env["stock.return.picking"].create({"picking_id": moves.picking_id.id})
        for return_line in wizard.product_return_moves:
            return_line.quantity = (
                line.product_uom_qty if return_line.move_id in moves else 0
            )
        picking = env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        reason = self.rng.choice(REFUND_REASONS)
        picking.kogan_refund_reason = reason
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        self._refunded("return", picking, oid, line, reason)

    def _credit(self, env, oid, line):
        order = line.order_id
        invoice = order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )[:1]
        if not invoice:
            invoice = order._create_invoices()
            invoice.action_post()
        credit = invoice._reverse_moves()
        credit.write(
            {
                "invoice_line_ids": [
                    (2, inv_line.id)
                    for inv_line in credit.invoice_line_ids
                    if line not in inv_line.sale_line_ids
                ]
            }
        )
        reason = self.rng.choice(REFUND_REASONS)
        credit.kogan_refund_reason = reason
        credit.action_post()
        self._refunded("credit_note", credit, oid, line, reason)

    def _refunded(self, kind, document, oid, line, reason):
        """Notes the refund ``document`` (a return or a credit note) of
        ``line``, whole, for the reconciliation."""
        self.refunded_lines.add(line.id)
        self.documents.append(
            {
                "kind": kind,
                "id": document.id,
                "order": oid,
                "reason": reason,
                "items": {line.kogan_item_id: int(line.product_uom_qty)},
            }
        )
        self.counts[f"{kind}s"] += 1

    # -- the books --------------------------------------------------------

    def odoo_facts(self):
        with self.env() as env:
            documents = []
            for document in self.documents:
                model = (
                    "stock.picking" if document["kind"] == "return" else "account.move"
                )
                record = env[model].browse(document["id"])
                done = record.state == (
                    "done" if document["kind"] == "return" else "posted"
                )
                documents.append({**document, "done": done})
            env.cr.execute(
                "SELECT state, count(*) FROM queue_job WHERE channel = %s "
                "GROUP BY state",
                (self.channel,),
            )
            jobs = dict(env.cr.fetchall())
            return {
                "windows": self.windows,
                "sale_orders": self._sale_orders(env),
                "imported": self.imported,
                "documents": documents,
                "sellable": {self.sku[pid]: q for pid, q in self.sellable(env).items()},
                "jobs": jobs,
            }

    def result(self):
        facts = self.odoo_facts()
        figures, details = reconcile(self.sim.ledger(), self.sim.state(), facts)
        counts = dict(self.counts)
        counts["jobs_done"] = facts["jobs"].get("done", 0)
        counts["jobs_failed"] = facts["jobs"].get("failed", 0)
        counts["orders_held_for_review"] = len(details["held_for_review"])
        timings = {step: round(sec, 1) for step, sec in self.timings.items()}
        return {
            "settings": {
                "days": self.days,
                "orders_per_day": self.orders_per_day,
                "fault_rate": self.fault_rate,
                "kill_every": self.kill_every,
                "seed": self.seed,
                "products": self.n_products,
            },
            "figures": {name: figures[name] for name in FIGURES},
            "counts": counts,
            "timings": timings,
            "details": details,
            "ok": not any(figures.values()),
        }

    def close(self):
        """The run's backend archived (its cron and listeners stop), and what
        it set up taken out of the way of whoever shares the database (a
        test database is reused): its products no longer sold on Kogan and
        archived, its taxes, fiscal position and pricelists archived."""
        if not getattr(self, "backend_id", None):
            return  # the set-up failed before making it
        with self.env() as env:
            backend = self.backend(env).exists()
            if not backend:
                return  # its set-up was rolled back
            backend.active = False
            env = env(context={"connector_no_export": True})
            products = env["product.product"].browse(getattr(self, "product_ids", []))
            products.write({"kogan_listed": False, "active": False})
            env["account.fiscal.position"].search(
                [("name", "=", f"Kogan NZ ({self.tag})")]
            ).active = False
            env["account.tax"].search([("name", "like", f"({self.tag})")]).write(
                {"active": False}
            )
            (backend.pricelist_id | backend.nzd_pricelist_id).active = False


def main(argv=None):
    parser = driver_parser(__doc__, "soak")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--orders-per-day", type=int, default=300)
    parser.add_argument("--fault-rate", type=float, default=0.1)
    parser.add_argument("--kill-every", type=int, default=7, help="days; 0: never")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--products", type=int, help="default: orders per day / 2")
    args = parser.parse_args(argv)
    out = open_database(args)
    from odoo.addons.connector_kogan.tests.simulator import KoganSimulator

    sim = KoganSimulator(seller_id=SELLER, seller_token=TOKEN).start()
    server = OdooServer(args.database, free_port(), out / "odoo.log")
    try:
        server.start()
        soak = Soak(
            args.database,
            sim,
            server,
            days=args.days,
            orders_per_day=args.orders_per_day,
            fault_rate=args.fault_rate,
            kill_every=args.kill_every,
            seed=args.seed,
            products=args.products,
        )
        result = soak.run()
    finally:
        OdooServer.stop_all()
        sim.stop()
    (out / "result.json").write_text(json.dumps(result, indent=2) + "\n")
    print(report_text(result))
    print(f"\nJSON result: {out / 'result.json'}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
