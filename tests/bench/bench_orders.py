"""Kogan orders and fulfilments, measured by ``bench_sync.py`` (``--orders``).

Methods:

- ``orders raw create``: the floor. Odoo's batched ``sale.order.create`` (500
  orders per call) with the same lines (items and shipping, the backend's
  tax) and buyers (found by e-mail, the missing ones made in one call), their
  bindings, then ``action_confirm`` on the page: in this process, no HTTP, no
  job;
- ``orders import``: the order import as users run it (the backend's import
  button): one listing call, chunk jobs of 500 orders (bulk create inside),
  each order checked against Kogan's total and taxes, the page's orders
  confirmed together; its queries per order leave out the benchmark's own
  polling for the jobs' end (``_without_polls``);
- ``orders one job per record``: one ``import_record`` job per order ID;
- ``fulfilment``: the deliveries of N imported orders validated at once, then
  sent to Kogan: the calls made and the time until every one is on Kogan.

Orders have 1 to 3 lines of 100 listed products; half of the orders are by a
returning buyer (two orders per e-mail).
"""

import time

from .cpu import cpu_now

PRODUCTS = 100


def _email(order):
    return order["BuyerAddress"]["EmailAddress"]


class OrdersBench:
    """Mixed into ``bench_sync.Bench``."""

    def seed_orders(self, n, tag):
        """n orders on Kogan (buyers ``buyer<k>@<tag>.example.com``, so that
        no method finds another's), and the listed products imported."""
        self.clean_orders()
        self.clean_products()
        self.seed(PRODUCTS)
        backend_id = self.backend(f"orders {tag} {n}")
        with self.env() as env:
            backend = env["connector.kogan.backend"].browse(backend_id)
            aud = env.ref("base.AUD")
            aud.active = True
            pricelist = env["product.pricelist"].search(
                [("currency_id", "=", aud.id)], limit=1
            ) or env["product.pricelist"].create(
                {"name": "Kogan AU", "currency_id": aud.id}
            )
            backend.write(
                {
                    "workflow_process_id": env.ref(
                        "connector_kogan.kogan_workflow_confirm"
                    ).id,
                    "pricelist_id": pricelist.id,
                    "fiscal_position_id": self._gst_position(env).id,
                }
            )
            # Kogan taxes the shipping too
            backend.shipping_product_id.taxes_id = env["account.tax"].search(
                [("name", "=", "Bench GST 10% included")], limit=1
            )
            backend.with_context(connector_inline=True).import_batch("product.product")
            env["queue.job"].search([]).unlink()
        products = self.sim.state()["products"]
        orders = []
        for i in range(n):
            picked = [products[(i + k) % len(products)] for k in range(1 + i % 3)]
            buyer = i // 2  # two orders per buyer: half of them by a returning one
            orders.append(
                self.sim.make_order(
                    items=[
                        (p["product_sku"], 1 + k, p["offer_data"]["AUD"]["price"])
                        for k, p in enumerate(picked)
                    ],
                    shipping="9.95",
                    address={
                        "EmailAddress": f"buyer{buyer}@{tag}.example.com",
                        "LastName": f"Buyer {buyer}",
                    },
                )
            )
        self.sim.seed_orders(orders)
        return backend_id

    @staticmethod
    def _gst_position(env):
        """Kogan AU's fiscal position, as a seller sets it up: every sale tax
        of the company mapped to a GST of 10% included in the price (Kogan's
        prices include it, and the import checks they agree)."""
        position = env["account.fiscal.position"].search(
            [("name", "=", "Bench Kogan AU")], limit=1
        )
        if position:
            return position
        gst = env["account.tax"].create(
            {
                "name": "Bench GST 10% included",
                "amount": 10,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
            }
        )
        sources = env["account.tax"].search(
            [("type_tax_use", "=", "sale"), ("id", "!=", gst.id)]
        )
        return env["account.fiscal.position"].create(
            {
                "name": "Bench Kogan AU",
                "tax_ids": [
                    (0, 0, {"tax_src_id": tax.id, "tax_dest_id": gst.id})
                    for tax in sources
                ],
            }
        )

    def clean_orders(self):
        """Forget the orders of earlier methods (and their deliveries)."""
        with self.env() as env:
            env.cr.execute(
                "DELETE FROM stock_move_line WHERE picking_id IN (SELECT id FROM "
                "stock_picking WHERE sale_id IS NOT NULL); "
                "DELETE FROM stock_move WHERE picking_id IN (SELECT id FROM "
                "stock_picking WHERE sale_id IS NOT NULL); "
                "DELETE FROM stock_picking WHERE sale_id IS NOT NULL; "
                "DELETE FROM sale_order_line; DELETE FROM sale_order; "
                "DELETE FROM connector_binding WHERE res_model IN "
                "('sale.order', 'stock.picking')"
            )
            env.invalidate_all()

    def orders_raw_create(self, n, backend_id):
        """The floor: the same orders made by batched ORM calls."""
        records = self.sim.state()["orders"]
        started = time.monotonic()
        start_queries = self.start_counting()
        cpu_start = cpu_now([], self.postmaster)
        for start in range(0, n, 500):
            page = records[start : start + 500]
            with self.env() as env:
                env = env(
                    context=dict(
                        env.context, connector_no_export=True, tracking_disable=True
                    )
                )
                backend = env["connector.kogan.backend"].browse(backend_id)
                partners = self._buyers(env, page)
                products = {
                    b.external_id: b.res_id
                    for b in env["connector.binding"].search(
                        [
                            ("backend_id", "=", backend_id),
                            ("res_model", "=", "product.product"),
                        ]
                    )
                }
                # the import's taxes: the products', mapped by the store's
                # fiscal position (the backend's AU one)
                position = backend.fiscal_position_id
                orders = env["sale.order"].create(
                    [
                        {
                            "partner_id": partners[o["BuyerAddress"]["EmailAddress"]][
                                0
                            ],
                            "partner_shipping_id": partners[
                                o["BuyerAddress"]["EmailAddress"]
                            ][1],
                            "client_order_ref": o["ID"],
                            "origin": f"Kogan {o['ID']}",
                            "pricelist_id": backend.pricelist_id.id,
                            "fiscal_position_id": position.id,
                            "order_line": [
                                (
                                    0,
                                    0,
                                    {
                                        "product_id": products[item["SellerSku"]],
                                        "product_uom_qty": item["Quantity"],
                                        "price_unit": item["UnitPrice"],
                                    },
                                )
                                for item in o["Items"]
                            ]
                            + [
                                (
                                    0,
                                    0,
                                    {
                                        "product_id": backend.shipping_product_id.id,
                                        "product_uom_qty": 1,
                                        "price_unit": o["TotalShippingPrice"],
                                    },
                                )
                            ],
                        }
                        for o in page
                    ]
                )
                env["connector.binding"].create(
                    [
                        {
                            "backend_model": "connector.kogan.backend",
                            "backend_id": backend_id,
                            "res_model": "sale.order",
                            "res_id": order.id,
                            "external_id": o["ID"],
                        }
                        for order, o in zip(orders, page, strict=True)
                    ]
                )
                orders.action_confirm()
        return self.record_in_process(
            "orders raw create", n, started, start_queries, cpu_start
        )

    @staticmethod
    def _buyers(env, page):
        """{e-mail: (buyer id, delivery contact id)} of the page's buyers, as
        the import makes them (a buyer and its delivery address), the missing
        ones made in two calls."""
        addresses = {
            o["BuyerAddress"]["EmailAddress"]: o["ShippingAddress"] for o in page
        }
        found = env["res.partner"].search(
            [("email", "in", list(addresses)), ("parent_id", "=", False)]
        )
        partners = {p.email: (p.id, p.child_ids[:1].id or p.id) for p in found}
        missing = [email for email in addresses if email not in partners]

        def values(address):
            return {
                "name": f"{address['FirstName']} {address['LastName']}",
                "street": address["AddressLine1"],
                "city": address["City"],
                "zip": address["PostalCode"],
                "phone": address["DaytimePhone"],
            }

        buyers = env["res.partner"].create(
            [dict(values(addresses[e]), email=e) for e in missing]
        )
        contacts = env["res.partner"].create(
            [
                dict(values(addresses[e]), parent_id=b.id, type="delivery")
                for e, b in zip(missing, buyers, strict=True)
            ]
        )
        partners.update(
            (e, (b.id, c.id)) for e, b, c in zip(missing, buyers, contacts, strict=True)
        )
        return partners

    def orders_import(self, n, backend_id, workers=0):
        def start():
            with self.env() as env:
                env["connector.kogan.backend"].browse(backend_id).action_import_orders()

        name = f"orders-{n}-w{workers}"
        polls = self._polls()
        row = self.through_jobs(name, n, backend_id, start, workers)
        self._without_polls(row, self._polls() - polls)
        self._check_orders(backend_id, n, "orders import")
        self.record(method="orders import", **row)
        return row["seconds"]

    # what the benchmark's wait for the jobs runs (``wait_jobs``), every 20 ms
    POLL = "SELECT state, count(*) FROM queue_job WHERE channel = %"
    POLL_STATEMENTS = 4  # BEGIN, the poll, COMMIT, DISCARD ALL (back to the pool)

    def _polls(self):
        """How many times the benchmark polled for the jobs so far."""
        with self.env() as env:
            env.cr.execute(
                "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s "
                "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = %s "
                "AND s.query LIKE %s",
                (self.db, self.POLL),
            )
            return int(env.cr.fetchone()[0])

    def _without_polls(self, row, polls):
        """The queries of the import, not of the benchmark watching it: the
        raw create has no jobs to wait for. Its wait polls every 20 ms: 16
        statements per order besides Odoo's, importing 200 orders."""
        if row["queries_per_record"] is not None:
            extra = polls * self.POLL_STATEMENTS / row["n"]
            row["queries_per_record"] = round(row["queries_per_record"] - extra, 1)
            row["benchmark_polls"] = polls

    def orders_one_job_per_record(self, n, backend_id):
        ids = [o["ID"] for o in self.sim.state()["orders"]]
        start = self.one_job_each(backend_id, "sale.order", ids)
        row = self.through_jobs(f"orders-peer-{n}", n, backend_id, start)
        self._check_orders(backend_id, n, "orders one job per record")
        self.record(method="orders one job per record", **row)
        return row["seconds"]

    def _check_orders(self, backend_id, n, method):
        with self.env() as env:
            bound = env["connector.binding"].search(
                [("backend_id", "=", backend_id), ("res_model", "=", "sale.order")]
            )
            confirmed = env["sale.order"].search_count(
                [("id", "in", bound.mapped("res_id")), ("state", "=", "sale")]
            )
        if len(bound) != n or confirmed != n:
            raise RuntimeError(
                f"{method}: {len(bound)} of {n} orders bound, {confirmed} confirmed"
            )

    def fulfilment(self, n, backend_id):
        """The deliveries of the n imported orders validated at once (in
        transactions of 100), sent to Kogan by the running server."""
        with self.env() as env:
            carrier = env["delivery.carrier"].search(
                [("kogan_carrier_code", "!=", False)], limit=1
            ) or env["delivery.carrier"].create(
                {
                    "name": "Bench post",
                    "product_id": env.ref("delivery.product_product_delivery").id,
                    "kogan_carrier_code": "AUP",
                }
            )
            bound = env["connector.binding"].search(
                [("backend_id", "=", backend_id), ("res_model", "=", "sale.order")]
            )
            picking_ids = (
                env["sale.order"].browse(bound.mapped("res_id")).picking_ids.ids
            )
            env["queue.job"].search([]).unlink()
        self.sim.clear_calls()
        self.start_server(f"fulfilment-{n}")
        started = time.monotonic()
        for start in range(0, len(picking_ids), 100):
            with self.env() as env:
                pickings = env["stock.picking"].browse(picking_ids[start : start + 100])
                pickings.write(
                    {"carrier_id": carrier.id, "carrier_tracking_ref": "BENCH-1"}
                )
                for move in pickings.move_ids:
                    move.quantity = move.product_uom_qty
                pickings.with_context(
                    skip_backorder=True, skip_sms=True
                ).button_validate()
        validated = time.monotonic() - started
        with self.env() as env:
            if not env["queue.job"].search_count([]):
                raise RuntimeError("fulfilment: validating queued no job")
        jobs = self.wait_jobs(backend_id)
        seconds = time.monotonic() - started
        self.stop_server()
        calls = [
            c
            for c in self.sim.calls
            if c["method"] == "POST" and c["path"].startswith("orders/fulfill")
        ]
        shipped = sum(o["OrderStatus"] == "Shipped" for o in self.sim.state()["orders"])
        if shipped != n:
            raise RuntimeError(f"fulfilment: {shipped} of {n} orders shipped")
        self.record(
            method="fulfilment",
            n=n,
            seconds=round(seconds, 2),
            validate_seconds=round(validated, 2),
            records_per_s=round(n / seconds, 1),
            queries_per_record=None,
            peak_mb=None,
            jobs=jobs,
            fulfil_calls=len(calls),
            orders_per_call=round(sum(c["items"] or 0 for c in calls) / len(calls), 1)
            if calls
            else 0,
        )
