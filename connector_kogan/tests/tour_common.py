# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the Kogan browser tours share: the seller account they type in, on
a simulator, and running a tour."""

from odoo.tests import HttpCase

from odoo.addons.connector_base.tests.common import screenshot_at_end, warm_up_assets
from odoo.addons.connector_base.tests.patience import TOUR, patience

from .simulator import KoganSimulator

BACKENDS = "/odoo/action-connector_kogan.kogan_backend_action"
ERRORS = "/odoo/action-connector_base.action_connector_error"


class KoganTourCase(HttpCase):
    """A simulator of the account the tours type in (``tour``, whose token is
    ``tour-s3cret``), AUD active with a pricelist (``self.pricelist``), and
    the other accounts (the demo's) archived: they would list in the tours
    too."""

    def setUp(self):
        super().setUp()
        self.sim = self.enterContext(
            KoganSimulator(seller_id="tour", seller_token="tour-s3cret")
        )
        self.env.ref("base.AUD").active = True
        self.pricelist = self.env["product.pricelist"].create(
            {"name": "Tour AUD", "currency_id": self.env.ref("base.AUD").id}
        )
        self.env["connector.kogan.backend"].search([]).active = False

    def _tour(self, url, tour, screenshot=None, **options):
        """Runs ``tour`` from ``url`` as admin; the page it ends on is saved
        as ``screenshot`` when screenshots are asked for."""
        with screenshot_at_end(screenshot):
            warm_up_assets(self)
            self.start_tour(url, tour, login="admin", timeout=patience(TOUR), **options)
        self.env.invalidate_all()
