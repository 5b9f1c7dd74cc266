# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from datetime import timedelta

from odoo.addons.connector_base.tests.common import ConnectorTransactionCase
from odoo.addons.connector_base.tests.patience import JOB_RUN, patience
from odoo.addons.queue_job.job import Job

from .simulator import KoganSimulator

SELLER_ID = "seller-1"
# the token of the simulated accounts: the suites look for it in every log
# line, job and error record, where it must never be
SELLER_TOKEN = "s3cret-token-kogan"
# how long the connector waits for a Kogan task: the simulator completes one
# on a later poll, which a loaded machine may make seconds late
TASK_WAIT = math.ceil(patience(JOB_RUN))


def backend_values(sim, name, **values):
    """The values of a Kogan backend on the simulator ``sim``, with its
    seller's credentials and no HTTP retry (every fault reaches the
    connector), then ``values``: the one way the suites make a backend."""
    return {
        "name": name,
        "base_url": sim.base_url,
        "seller_id": sim.seller_id,
        "seller_token": sim.seller_token,
        "http_max_retries": 0,
        **values,
    }


def kogan_simulator(seller_id=SELLER_ID, **options):
    """A simulator of a Kogan seller account (``SELLER_TOKEN``), not started:
    ``with``, or ``self.enterContext(...)`` in a test case."""
    return KoganSimulator(seller_id=seller_id, seller_token=SELLER_TOKEN, **options)


class KoganCase(ConnectorTransactionCase):
    """A Kogan backend talking to a local simulator of Kogan's API, a fresh
    one per test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.ref("base.AUD").active = True
        cls.pricelist = env["product.pricelist"].create(
            {"name": "Kogan AU", "currency_id": env.ref("base.AUD").id}
        )
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        cls.backend = env["connector.kogan.backend"].create(
            {
                "name": "Kogan test",
                "seller_id": SELLER_ID,
                "seller_token": SELLER_TOKEN,
                "pricelist_id": cls.pricelist.id,
                "warehouse_id": cls.warehouse.id,
                "default_brand": "Acme",
                "default_category": "kogan:101",
                "handling_days": 2,
                "http_max_retries": 0,
                "async_timeout": TASK_WAIT,
            }
        )

    def setUp(self):
        super().setUp()
        self.sim = self.enterContext(kogan_simulator())
        self.backend.base_url = self.sim.base_url

    # -- helpers -------------------------------------------------------------

    def calls(self, method=None, prefix=""):
        return [
            call
            for call in self.sim.calls
            if (method is None or call["method"] == method)
            and call["path"].startswith(prefix)
        ]

    def remote_products(self):
        return {p["product_sku"]: p for p in self.sim.state()["products"]}

    def about(self, model, record):
        """The backend's rows of ``model`` (bindings, reviews, history)
        about ``record``, or about every record of its model if empty."""
        domain = [("res_model", "=", record._name)]
        if record:
            domain.append(("res_id", "=", record.id))
        return self.env[model].search(self.backend._backend_domain() + domain)

    def bound(self, model):
        bindings = self.about("connector.binding", self.env[model])
        return {b.external_id: self.env[model].browse(b.res_id) for b in bindings}

    def later(self, model="product.product"):
        """Let time pass since the last sync: a test's writes share one
        transaction time, so the bindings' sync times are moved back."""
        for binding in self.about("connector.binding", self.env[model]):
            binding.odoo_write_date -= timedelta(seconds=5)

    def make_product(self, sku, name=None, price=19.95, **values):
        return self.env["product.product"].create(
            {
                "name": name or f"Product {sku}",
                "default_code": sku,
                "list_price": price,
                "is_storable": True,
                "kogan_listed": True,
                **values,
            }
        )

    def aud(self, product):
        """The AUD price Kogan must show for ``product``."""
        return f"{self.pricelist._get_product_price(product, 1.0):.2f}"

    def set_stock(self, product, quantity):
        product.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": product.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "inventory_quantity": quantity,
            }
        ).action_apply_inventory()

    def jobs(self, method=None):
        jobs = self.env["queue.job"].search(
            [("state", "=", "pending"), ("model_name", "=", self.backend._name)]
        )
        if method:
            jobs = jobs.filtered(lambda job: job.method_name == method)
        return jobs.filtered(lambda job: job.records == self.backend)

    def run_jobs(self, method=None):
        """Run the pending jobs of the backend, as the jobrunner would."""
        done = 0
        for record in self.jobs(method):
            job = Job.load(self.env, record.uuid)
            job.perform()
            record.state = "done"
            done += 1
        return done


class KoganSellingCase(KoganCase):
    """A desk and a lamp listed on Kogan, ten of each in stock: what the
    order, fulfilment and refund tests sell."""

    def setUp(self):
        super().setUp()
        self.desk = self.make_product("DESK-1", price=199.0)
        self.lamp = self.make_product("LAMP-1", price=25.0)
        self.set_stock(self.desk, 10)
        self.set_stock(self.lamp, 10)
        self.backend.export_batch("product.product")
        self.sim.clear_calls()  # each test sees only its own calls

    def make_carrier(self, name, kogan_code=False):
        service = self.env["product.product"].create(
            {"name": f"{name} service", "type": "service"}
        )
        return self.env["delivery.carrier"].create(
            {"name": name, "product_id": service.id, "kogan_carrier_code": kogan_code}
        )
