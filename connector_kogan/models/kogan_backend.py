# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

KOGAN_URLS = {
    "production": "https://nimda.kogan.com/api/marketplace/v2/",
    "test": "https://nimda-marketplace.aws.kgn.io/api/marketplace/v2/",
}


def _is_kogan_shipping(value):
    if value == "VARIABLE":
        return True
    try:
        return float(value or "") >= 0
    except ValueError:
        return False


def _order_line_product(xmlid, **kwargs):
    """The product of a kind of line of imported orders; by default the one
    this addon ships (``xmlid``), unless it was deleted."""
    return fields.Many2one(
        "product.product",
        default=lambda self: self.env.ref(
            f"connector_kogan.{xmlid}", raise_if_not_found=False
        ),
        **kwargs,
    )


def _offer_pricelist(string, help):
    """A pricelist computing one of the prices sent with each offer."""
    return fields.Many2one("product.pricelist", string=string, help=help)


def _store_fiscal_position(xmlid, **kwargs):
    """The fiscal position of a store's orders, one of the company's; by
    default the one this addon installed (``xmlid``, the demo data's) when it
    is the current company's."""

    def default(self):
        position = self.env.ref(f"connector_kogan.{xmlid}", raise_if_not_found=False)
        if position and position.company_id in (self.env.company, False):
            return position
        return self.env["account.fiscal.position"]

    return fields.Many2one(
        "account.fiscal.position",
        domain="[('company_id', 'in', (False, company_id))]",
        default=default,
        **kwargs,
    )


class KoganBackend(models.Model):
    """A Kogan.com seller account: products, prices and stock go there,
    orders come back as sale orders, fulfilment goes there again."""

    _name = "connector.kogan.backend"
    _inherit = [
        "connector.backend",
        "connector.backend.crud.mixin",
        "connector.backend.http.mixin",
        "mail.thread",
    ]
    _description = "Kogan Backend"
    _connector_secret_fields = ["seller_token"]
    _connector_test_path = "orders/?status=ReleasedForShipment&limit=1"

    @api.model
    def _select_versions(self):
        return [("v2", "Marketplace API v2")]

    name = fields.Char(required=True)
    version = fields.Selection(
        selection="_select_versions", required=True, default="v2"
    )
    environment = fields.Selection(
        [("test", "Test"), ("production", "Production")],
        required=True,
        default="test",
        help="Kogan's test and production environments have different " "credentials.",
    )
    base_url = fields.Char(
        required=True,
        default=KOGAN_URLS["test"],
        help="Kogan Marketplace API root; follows the environment unless changed.",
    )
    seller_id = fields.Char(
        string="Seller ID", groups="connector.group_connector_manager"
    )
    seller_token = fields.Char(groups="connector.group_connector_manager")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    # Kogan AU sells in AUD, Kogan NZ in NZD
    pricelist_id = _offer_pricelist(
        "Kogan AU Pricelist (AUD)",
        "Prices sent to Kogan AU, and the pricelist of its orders. "
        "Without one, the sales price is sent.",
    )
    nzd_pricelist_id = _offer_pricelist(
        "Kogan NZ Pricelist (NZD)",
        "Prices sent to Kogan NZ; leave empty not to sell there.",
    )
    # optional prices of each offer: a product the pricelist has no rule for
    # gets none (Kogan's rrp and kogan_first_price are nullable)
    rrp_pricelist_id = _offer_pricelist(
        "RRP Pricelist (AUD)",
        "Recommended retail price shown on Kogan AU (its rules' products)",
    )
    nzd_rrp_pricelist_id = _offer_pricelist(
        "RRP Pricelist (NZD)",
        "Recommended retail price shown on Kogan NZ (its rules' products)",
    )
    first_pricelist_id = _offer_pricelist(
        "Kogan First Pricelist (AUD)",
        "Price for Kogan First members on Kogan AU (its rules' products). "
        "Kogan takes it only below the price and with free shipping.",
    )
    nzd_first_pricelist_id = _offer_pricelist(
        "Kogan First Pricelist (NZD)",
        "Price for Kogan First members on Kogan NZ (its rules' products)",
    )
    handling_days = fields.Integer(
        default=2, help="Days to dispatch an order, sent with every offer"
    )
    shipping_aud = fields.Char(
        string="Kogan AU Shipping",
        default="0",
        help='Shipping charged on Kogan AU: "0" (free), a flat amount, or VARIABLE',
    )
    shipping_nzd = fields.Char(
        string="Kogan NZ Shipping",
        default="0",
        help='Shipping charged on Kogan NZ: "0" (free), a flat amount, or VARIABLE',
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        help="Stock sent to Kogan (free quantity), and warehouse of its orders",
    )
    stock_location_ids = fields.Many2many(
        "stock.location",
        "connector_kogan_backend_stock_location_rel",
        "backend_id",
        "location_id",
        string="Stock Locations",
        domain="[('usage', '=', 'internal')]",
        help="Locations (with their children) whose sellable quantity, on hand "
        "less reserved, is Kogan's stock. Empty: the stock location of the "
        "warehouse above, else those of the company's warehouses.",
    )
    stock_buffer = fields.Integer(
        string="Safety Buffer",
        default=0,
        help="Units of each product held back from Kogan: Kogan's stock is the "
        "sellable quantity less this.",
    )
    stock_max = fields.Integer(
        string="Maximum Stock",
        default=0,
        help="Most units of a product offered on Kogan, whatever Odoo holds; "
        "0: no maximum.",
    )
    stock_reconciled_at = fields.Datetime(
        string="Last Stock Reconciliation",
        readonly=True,
        copy=False,
        help="When Kogan's stock of every listing was last read and compared "
        "with Odoo's.",
    )
    stock_reconciled_count = fields.Integer(
        string="Stock Differences Fixed",
        readonly=True,
        copy=False,
        help="Listings whose stock on Kogan differed from Odoo's at the last "
        "reconciliation, and were sent again.",
    )
    default_brand = fields.Char(help="Brand of the products that have none")
    default_category = fields.Char(
        help="Kogan category of the products that have none, as kogan:<id>"
    )
    shipping_product_id = _order_line_product(
        "product_kogan_shipping",
        help="Product of the shipping line of imported orders",
    )
    discount_product_id = _order_line_product(
        "product_kogan_discount",
        help="Product of the order and shipping discount lines of imported orders",
    )
    gift_product_id = _order_line_product(
        "product_kogan_gift_option",
        string="Gift Option Product",
        help="Product of the gift option line of imported orders",
    )
    fees_product_id = _order_line_product(
        "product_kogan_fees",
        string="Other Fees Product",
        help="Product of the other fees line of imported orders",
    )
    # taxes come from each product, mapped per store: Odoo's own machinery
    fiscal_position_id = _store_fiscal_position(
        "fiscal_position_kogan_au",
        string="Kogan AU Fiscal Position (AUD)",
        help="Maps the products' customer taxes on the lines of Kogan AU orders "
        "(AUD), e.g. to a GST included in the price: Kogan's prices include it.",
    )
    nzd_fiscal_position_id = _store_fiscal_position(
        "fiscal_position_kogan_nz",
        string="Kogan NZ Fiscal Position (NZD)",
        help="Maps the products' customer taxes on the lines of Kogan NZ orders "
        "(NZD).",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team")
    workflow_process_id = fields.Many2one(
        "sale.workflow.process",
        string="Order Workflow",
        default=lambda self: self.env.ref(
            "connector_kogan.kogan_workflow_confirm", raise_if_not_found=False
        ),
        help="What happens to an imported order whose total and taxes match "
        "Kogan's: confirmed, invoiced, paid (OCA's automatic workflow). An "
        "order held for review waits until it is reviewed. Empty: orders "
        "stay quotations.",
    )
    async_timeout = fields.Integer(
        string="Async Wait (s)",
        default=120,
        help="How long to wait for Kogan to process a product batch before the "
        "job is retried",
    )
    order_count = fields.Integer(compute="_compute_kogan_counts")
    product_count = fields.Integer(compute="_compute_kogan_counts")

    def _connector_ranges(self):
        """An async wait beyond an hour holds a worker; Kogan's handling time
        is days to dispatch, a month at most; a stock buffer or maximum is
        units of one product, a million at most."""
        units = (0, 1_000_000)
        return super()._connector_ranges() | {
            "async_timeout": (1, 3600),
            "handling_days": (0, 30),
            "stock_buffer": units,
            "stock_max": units,
        }

    @api.constrains("shipping_aud", "shipping_nzd")
    def _check_shipping(self):
        for backend in self:
            for value in (backend.shipping_aud, backend.shipping_nzd):
                if not _is_kogan_shipping(value):
                    raise ValidationError(
                        _(
                            'Kogan shipping is "0" (free), an amount such as '
                            "9.95, or VARIABLE; not %(value)r.",
                            value=value,
                        )
                    )

    @api.onchange("environment")
    def _onchange_environment(self):
        self.base_url = KOGAN_URLS[self.environment]

    def _compute_kogan_counts(self):
        binding = self.env["connector.binding"]
        for backend in self:
            domain = backend._backend_domain()
            backend.product_count = binding.search_count(
                domain + [("res_model", "=", "product.product")]
            )
            backend.order_count = binding.search_count(
                domain + [("res_model", "=", "sale.order")]
            )

    # -- HTTP ------------------------------------------------------------

    def _http_headers(self):
        headers = super()._http_headers()
        backend = self.sudo()
        headers.update(
            {
                "SellerID": backend.seller_id or "",
                "SellerToken": backend.seller_token or "",
                "Content-Type": "application/json",
            }
        )
        return headers

    # -- buttons -----------------------------------------------------------

    def action_import_products(self):
        self._queue(_("Import Kogan listings"), "import_batch", "product.product")
        return self._notify(_("The import of the Kogan listings is queued."))

    def action_export_products(self):
        self._queue(_("Export products to Kogan"), "export_batch", "product.product")
        return self._notify(_("The export of the products to Kogan is queued."))

    def action_import_categories(self):
        self._queue(_("Import Kogan categories"), "import_categories")
        return self._notify(_("The import of Kogan's category list is queued."))

    def action_import_orders(self):
        self._queue(_("Import Kogan orders"), "import_batch", "sale.order")
        return self._notify(_("The import of the Kogan orders is queued."))

    # -- orders --------------------------------------------------------------

    def _fiscal_position_of(self, currency):
        """The fiscal position of the store selling in ``currency``."""
        self.ensure_one()
        positions = {"AUD": self.fiscal_position_id, "NZD": self.nzd_fiscal_position_id}
        return positions.get(currency, self.env["account.fiscal.position"])

    def _check_may_import_orders(self):
        """Importing orders creates sale orders: for who may do so in Odoo."""
        self.check_access("read")
        self.env["sale.order"].check_access("create")

    def action_import_order_by_id(self):
        return self._open_order_recovery("order")

    def action_reread_orders(self):
        return self._open_order_recovery("period")

    def _open_order_recovery(self, mode):
        self.ensure_one()
        self._check_may_import_orders()
        return {
            "type": "ir.actions.act_window",
            "name": _("Recover Kogan orders"),
            "res_model": "kogan.order.recovery",
            "view_mode": "form",
            "target": "new",
            "context": {"default_backend_id": self.id, "default_mode": mode},
        }

    def import_order(self, external_id):
        """Import (or follow) one Kogan order by its Kogan ID, whatever its
        status: never a second sale order (its binding)."""
        self.ensure_one()
        self._check_may_import_orders()
        external_id = str(external_id)
        with self.work_on("sale.order") as work:
            work.component(usage="record.importer").run(external_id)
        return _("Kogan order %s imported") % external_id

    def import_orders_period(self, date_from, date_to):
        """Re-read the Kogan orders placed between two dates, in every status
        Kogan lists (15 days at a time), and import what Odoo misses."""
        self.ensure_one()
        self._check_may_import_orders()
        with self.work_on("sale.order") as work:
            return work.component(usage="order.recovery").run(
                fields.Datetime.to_datetime(date_from),
                fields.Datetime.to_datetime(date_to),
            )

    def action_push_stock_price(self):
        self.ensure_one()
        products = self._listed_products()
        if not products:
            raise UserError(_("No product is listed on %s yet.") % self.display_name)
        self.env["connector.kogan.push"]._mark(self, products)
        return self._notify(
            _("Stock and prices of %s products will be sent.") % len(products)
        )

    def action_open_orders(self):
        self.ensure_one()
        return self._open_bound("sale.order", _("Kogan Orders"))

    def action_open_products(self):
        self.ensure_one()
        return self._open_bound("product.product", _("Kogan Products"))

    def _open_bound(self, model, name):
        ids = self._bound_records(model).ids
        return self._open(model, name, [("id", "in", ids)])

    def _listed_products(self):
        return self._bound_records("product.product").exists()

    # -- cron: orders every few minutes ------------------------------------

    def _scheduled_import(self):
        """The backend's cron imports the new orders (products are mastered in
        Odoo and exported as they change)."""
        for backend in self.filtered("active"):
            backend._queue(_("Import Kogan orders"), "import_batch", "sale.order")

    def _cron_values(self):
        values = super()._cron_values()
        values.update(
            name=_("Kogan: import orders from %s") % self.display_name,
            interval_number=5,
            interval_type="minutes",
        )
        return values

    # -- stock -------------------------------------------------------------

    @api.constrains("stock_location_ids", "company_id")
    def _check_stock_locations(self):
        for backend in self:
            wrong = backend.stock_location_ids.filtered(
                lambda loc, backend=backend: loc.usage != "internal"
                or loc.company_id != backend.company_id
            )
            if wrong:
                raise ValidationError(
                    _(
                        "The stock locations of %(backend)s must be internal "
                        "locations of %(company)s, not %(locations)s.",
                        backend=backend.display_name,
                        company=backend.company_id.name,
                        locations=", ".join(wrong.mapped("complete_name")),
                    )
                )

    def action_reconcile_stock(self):
        self.ensure_one()
        self._queue(_("Reconcile Kogan's stock"), "reconcile_stock")
        return self._notify(
            _("Kogan's stock of every listing will be compared with Odoo's.")
        )

    @api.model
    def _cron_reconcile_stock(self):
        """The daily scheduled action: one reconciliation job per active
        backend."""
        for backend in self.search([("active", "=", True)]):
            backend._queue(_("Reconcile Kogan's stock"), "reconcile_stock")

    def reconcile_stock(self):
        """Read Kogan's stock of every listing, send again those that differ
        from what Odoo says it should be, and record how many were fixed: a
        push lost or refused, or a change made on Kogan, does not last."""
        self.ensure_one()
        self.check_access("read")  # who may see the backend may sync it
        with self.work_on("product.product") as work:
            return work.component(usage="stock.reconciler").run()

    # -- jobs specific to Kogan -----------------------------------------------

    def push_stock_price(self):
        """Send the stock and prices of the products marked as changed (one
        call per 500 products)."""
        self.ensure_one()
        with self.work_on("product.product") as work:
            return work.component(usage="stock.price.exporter").run()

    def set_products_enabled(self, products, enabled):
        """Enable or disable listings on Kogan: only for who may archive or
        unarchive these products in Odoo."""
        self.ensure_one()
        products = self._own_records(products, "product.product")
        products.check_access("write")
        with self.work_on("product.product") as work:
            return work.component(usage="status.exporter").run(products, bool(enabled))

    def cancel_order(self, order):
        """Cancel on Kogan a Kogan order cancelled in Odoo: only for who may
        cancel it in Odoo, and only once it is cancelled there (the remote act
        follows the Odoo one, never replaces it)."""
        return self._follow_odoo_act(
            order,
            "sale.order",
            "order.canceller",
            lambda order: order.state == "cancel",
            lambda order: self.env._(
                "%(order)s is not cancelled in Odoo: cancel it there, and "
                "Kogan is told.",
                order=order.display_name,
            ),
        )

    def import_categories(self):
        """Kogan's category list of each store sold on (AU, and NZ with an NZD
        pricelist), to choose products' categories from."""
        self.ensure_one()
        stores = ["au"] + (["nz"] if self.nzd_pricelist_id else [])
        with self.work_on("connector.kogan.category") as work:
            adapter = work.component(usage="backend.adapter")
            counts = [
                self._store_categories(store, adapter.get_categories(store))
                for store in stores
            ]
        return _("%s Kogan categories imported") % sum(counts)

    def _store_categories(self, store, categories):
        existing = {
            c.kogan_id: c
            for c in self.env["connector.kogan.category"].search(
                [("backend_id", "=", self.id), ("store_code", "=", store)]
            )
        }
        new = []
        for data in categories:
            values = {
                "title": data["title"],
                "display": data.get("display") or data["title"],
            }
            category = existing.get(data["id"])
            if category:
                category.write(values)
            else:
                new.append(
                    dict(
                        values,
                        kogan_id=data["id"],
                        store_code=store,
                        backend_id=self.id,
                    )
                )
        self.env["connector.kogan.category"].create(new)
        return len(categories)

    def refund_return(self, picking):
        """Refund on Kogan the lines of a validated return of a Kogan order:
        only for who may validate that return in Odoo."""
        return self._follow_odoo_act(
            picking,
            "stock.picking",
            "return.refunder",
            lambda picking: picking.state == "done" and picking.return_id,
            lambda picking: self.env._(
                "%(picking)s is not a validated return: Kogan refunds what "
                "came back.",
                picking=picking.display_name,
            ),
        )

    def refund_credit_note(self, move):
        """Refund on Kogan the Kogan order lines a posted credit note with a
        Kogan refund reason credits: only for who may change that credit
        note in Odoo."""
        return self._follow_odoo_act(
            move,
            "account.move",
            "credit.note.refunder",
            lambda move: move.move_type == "out_refund" and move.state == "posted",
            lambda move: self.env._(
                "%(move)s is not a posted credit note: Kogan refunds what a "
                "posted credit note credits.",
                move=move.display_name,
            ),
        )

    def _follow_odoo_act(self, record, model_name, usage, done, refusal):
        """Run the ``usage`` component on one ``record`` of ``model_name``
        (never ids from an RPC caller), for who may change it in Odoo, once
        ``done(record)`` says the act is done in Odoo (else
        ``refusal(record)``, a UserError): the remote act follows the Odoo
        one, never replaces it."""
        self.ensure_one()
        record = self._own_records(record, model_name)
        record.ensure_one()
        record.check_access("write")
        if not done(record):
            raise UserError(refusal(record))
        with self.work_on(model_name) as work:
            return work.component(usage=usage).run(record)

    def _own_records(self, records, model_name):
        """``records`` if they are records of ``model_name`` (a job or a
        method call), never ids or remote data made by an RPC caller."""
        if not isinstance(records, models.BaseModel) or records._name != model_name:
            raise AccessError(_("Expected records of %(model)s.", model=model_name))
        return records.with_env(self.env)
