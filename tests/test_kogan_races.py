"""Races on the Kogan connector: two workers import or export the same
record at once, each in its own committed transaction."""

import threading

from odoo.tests.common import BaseCase

from odoo.addons.connector_base.tests.patience import RACE, patience
from odoo.addons.connector_base.tests.race import race
from odoo.addons.connector_kogan.tests.common import backend_values, kogan_simulator

from .committed import committed_env


class TestKoganRaces(BaseCase):
    """Two workers at once, each with its own cursor and transaction, as two
    jobrunner threads would be; the data is committed, then cleaned up."""

    # what Odoo's test metaclass gives the test classes of addons
    test_tags = {"standard", "at_install"}
    test_module = "connector_kogan"
    test_class = "TestKoganRaces"

    def setUp(self):
        super().setUp()
        self.sim = self.enterContext(kogan_simulator("race"))
        with committed_env() as env:
            # orders in AUD are priced with it (AUD itself stays inactive)
            pricelist = env["product.pricelist"].create(
                {"name": "Race", "currency_id": env.company.currency_id.id}
            )
            backend = env["connector.kogan.backend"].create(
                backend_values(
                    self.sim,
                    "Race",
                    default_category="kogan:1",
                    pricelist_id=pricelist.id,
                    workflow_process_id=False,
                )
            )
            self.backend_id, self.pricelist_id = backend.id, pricelist.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with committed_env() as env:
            domain = self._backend(env)._backend_domain()
            bindings = env["connector.binding"].search(domain)
            orders = env["sale.order"].search([("origin", "like", "Kogan RACE-")])
            partners = env["res.partner"].search([("email", "like", "@race.example")])
            orders.unlink()
            partners.child_ids.unlink()
            partners.unlink()
            products = env["product.product"].search(
                [("default_code", "like", "RACE-")]
            )
            templates = products.product_tmpl_id
            bindings.unlink()
            env["connector.error"].search(domain).unlink()
            env["connector.sync.state"].search(domain).unlink()
            env["queue.job"].search(
                [("model_name", "=", "connector.kogan.backend")]
            ).unlink()
            products.unlink()
            templates.unlink()
            env["connector.kogan.backend"].browse(self.backend_id).unlink()
            env["product.pricelist"].browse(self.pricelist_id).unlink()

    def _backend(self, env):
        return env["connector.kogan.backend"].browse(self.backend_id)

    def _bindings(self, env, *domain):
        return env["connector.binding"].search(
            self._backend(env)._backend_domain() + list(domain)
        )

    def _counts(self, sku):
        with committed_env() as env:
            bindings = len(self._bindings(env, ("external_id", "=", sku)))
            products = env["product.product"].search_count([("default_code", "=", sku)])
        listings = [p for p in self.sim.state()["products"] if p["product_sku"] == sku]
        return bindings, products, len(listings)

    def test_two_workers_import_the_same_listing(self):
        self.sim.seed_products([self.sim.make_listing("RACE-1", product_title="Raced")])

        def import_it(env):
            self._backend(env).import_record("product.product", "RACE-1")

        outcomes = race(import_it, import_it)
        self.assertIn("done", outcomes)
        self.assertEqual(self._counts("RACE-1"), (1, 1, 1))

    def _orders(self, *specs):
        """Orders ``(id, buyer)`` of the listing RACE-9, imported first."""
        sim = self.sim
        sim.seed_products([sim.make_listing("RACE-9", product_title="Ordered")])
        with committed_env() as env:
            self._backend(env).import_record("product.product", "RACE-9")
        sim.seed_orders(
            [
                sim.make_order(
                    order_id,
                    items=(("RACE-9", 1, "20.00"),),
                    address={"EmailAddress": f"{buyer}@race.example"},
                )
                for order_id, buyer in specs
            ]
        )

    def _order_counts(self, buyer):
        with committed_env() as env:
            bindings = self._bindings(env, ("res_model", "=", "sale.order"))
            orders = env["sale.order"].search([("origin", "like", "Kogan RACE-")])
            buyers = env["res.partner"].search_count(
                [("email", "=", f"{buyer}@race.example"), ("parent_id", "=", False)]
            )
            return len(bindings), len(orders), buyers

    def test_two_workers_import_the_same_order(self):
        self._orders(("RACE-O1", "alex"))

        def import_it(env):
            self._backend(env).import_record("sale.order", "RACE-O1")

        outcomes = race(import_it, import_it)
        self.assertIn("done", outcomes)
        self.assertEqual(self._order_counts("alex"), (1, 1, 1))

    def test_two_orders_of_one_buyer_at_once(self):
        """The second import's snapshot was taken before the first one
        committed the new buyer: it must not make the buyer again."""
        self._orders(("RACE-O2", "sam"), ("RACE-O3", "sam"))
        first_done = threading.Event()

        def first(env):
            self._backend(env).import_record("sale.order", "RACE-O2")
            env.cr.commit()
            first_done.set()

        def second(env):
            env["res.partner"].search_count([])  # the transaction's snapshot
            first_done.wait(patience(RACE))
            self._backend(env).import_record("sale.order", "RACE-O3")

        outcomes = race(first, second)
        self.assertEqual(outcomes[0], "done")
        if "retry" in outcomes:  # as queue_job would, a new transaction
            outcomes = race(second)
            self.assertEqual(outcomes, ["done"])
        self.assertEqual(self._order_counts("sam"), (2, 2, 1))

    def test_two_workers_export_the_same_product(self):
        with committed_env() as env:
            product_id = (
                env["product.product"]
                .create(
                    {
                        "name": "Race export",
                        "default_code": "RACE-2",
                        "kogan_listed": True,
                    }
                )
                .id
            )

        def export_it(env):
            self._backend(env).export_record(env["product.product"].browse(product_id))

        outcomes = race(export_it, export_it)
        self.assertIn("done", outcomes)
        creates = [
            task
            for task in self.sim.state()["tasks"]
            if task["operation"] == "create" and task["result"]
        ]
        self.assertEqual(len(creates), 1)  # not even tried twice
        self.assertEqual(creates[0]["items"], 1)
        self.assertFalse(creates[0]["result"]["body"]["errors"])  # listed once
        self.assertEqual(self._counts("RACE-2"), (1, 1, 1))

    def test_an_import_and_an_export_of_one_product_race(self):
        self.sim.seed_products(
            [self.sim.make_listing("RACE-3", product_title="Kogan title")]
        )
        with committed_env() as env:
            self._backend(env).import_record("product.product", "RACE-3")
        # both sides change it, then both jobs run at once
        self.sim.seed_products(
            [self.sim.make_listing("RACE-3", product_title="New on Kogan")]
        )
        with committed_env() as env:
            product = env["product.product"].search([("default_code", "=", "RACE-3")])
            product.name = "New in Odoo"
            product_id = product.id

        def import_it(env):
            self._backend(env).import_record("product.product", "RACE-3")

        def export_it(env):
            self._backend(env).export_record(env["product.product"].browse(product_id))

        outcomes = race(import_it, export_it)
        self.assertIn("done", outcomes)
        self.assertEqual(self._counts("RACE-3"), (1, 1, 1))
        with committed_env() as env:
            conflicts = env["connector.error"].search_count(
                [("backend_id", "=", self.backend_id), ("kind", "=", "conflict")]
            )
        self.assertGreaterEqual(conflicts, 1)  # seen and logged, not silent

    def test_a_change_queues_its_jobs_once_committed(self):
        """A job queued for a change exists only once the change is committed
        (a job started before could not see it): once per job however many
        changes asked for it, records passed to the new transaction."""

        def jobs():
            with committed_env() as env:
                found = env["queue.job"].search(
                    [
                        ("model_name", "=", "connector.kogan.backend"),
                        ("method_name", "in", ("push_stock_price", "export_record")),
                    ]
                )
                return sorted(
                    (job.method_name, [arg.id for arg in job.args]) for job in found
                )

        with committed_env() as env:
            backend = self._backend(env)
            products = env["product.product"].create(
                [
                    {"name": "Race A", "default_code": "RACE-A"},
                    {"name": "Race B", "default_code": "RACE-B"},
                ]
            )
            for __ in range(3):
                backend._delay_after_commit("Push", "push_stock_price")
            for product in products:
                backend._delay_after_commit("Export", "export_record", product)
            self.assertEqual(jobs(), [], "nothing queued before the commit")
        self.assertEqual(
            jobs(),
            sorted(
                [("push_stock_price", [])]
                + [("export_record", [product.id]) for product in products]
            ),
        )
