# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.connector_base.bounds import check_ranges

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
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Kogan AU Pricelist (AUD)",
        help="Prices sent to Kogan AU, and the pricelist of its orders. "
        "Without one, the sales price is sent.",
    )
    nzd_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Kogan NZ Pricelist (NZD)",
        help="Prices sent to Kogan NZ; leave empty not to sell there.",
    )
    # optional prices of each offer: a product the pricelist has no rule for
    # gets none (Kogan's rrp and kogan_first_price are nullable)
    rrp_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="RRP Pricelist (AUD)",
        help="Recommended retail price shown on Kogan AU (its rules' products)",
    )
    nzd_rrp_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="RRP Pricelist (NZD)",
        help="Recommended retail price shown on Kogan NZ (its rules' products)",
    )
    first_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Kogan First Pricelist (AUD)",
        help="Price for Kogan First members on Kogan AU (its rules' products). "
        "Kogan takes it only below the price and with free shipping.",
    )
    nzd_first_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Kogan First Pricelist (NZD)",
        help="Price for Kogan First members on Kogan NZ (its rules' products)",
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
    default_brand = fields.Char(help="Brand of the products that have none")
    default_category = fields.Char(
        help="Kogan category of the products that have none, as kogan:<id>"
    )
    shipping_product_id = fields.Many2one(
        "product.product",
        default=lambda self: self.env.ref(
            "connector_kogan.product_kogan_shipping", raise_if_not_found=False
        ),
        help="Product of the shipping line of imported orders",
    )
    discount_product_id = fields.Many2one(
        "product.product",
        default=lambda self: self.env.ref(
            "connector_kogan.product_kogan_discount", raise_if_not_found=False
        ),
        help="Product of the order and shipping discount lines of imported orders",
    )
    gift_product_id = fields.Many2one(
        "product.product",
        string="Gift Option Product",
        default=lambda self: self.env.ref(
            "connector_kogan.product_kogan_gift_option", raise_if_not_found=False
        ),
        help="Product of the gift option line of imported orders",
    )
    fees_product_id = fields.Many2one(
        "product.product",
        string="Other Fees Product",
        default=lambda self: self.env.ref(
            "connector_kogan.product_kogan_fees", raise_if_not_found=False
        ),
        help="Product of the other fees line of imported orders",
    )
    sale_tax_id = fields.Many2one(
        "account.tax",
        string="Tax on Order Lines",
        domain="[('type_tax_use', '=', 'sale'), ('price_include', '=', True)]",
        help="Kogan prices include GST: a tax included in the price, or none.",
    )
    sale_tax_excluded_id = fields.Many2one(
        "account.tax",
        string="Tax on Lines without VAT",
        domain="[('type_tax_use', '=', 'sale'), ('price_include', '=', False)]",
        help="Tax of the lines of orders whose prices exclude VAT (Kogan's "
        "VatInclusive is false).",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team")
    confirm_orders = fields.Boolean(
        default=True,
        help="Confirm imported orders whose totals match Kogan's, so that their "
        "deliveries are ready to ship.",
    )
    async_timeout = fields.Integer(
        string="Async Wait (s)",
        default=120,
        help="How long to wait for Kogan to process a product batch before the "
        "job is retried",
    )
    order_count = fields.Integer(compute="_compute_kogan_counts")
    product_count = fields.Integer(compute="_compute_kogan_counts")

    @api.constrains("async_timeout")
    def _check_async_timeout(self):
        for backend in self:
            if backend.async_timeout <= 0:
                raise ValidationError(
                    _(
                        "The async wait of %(backend)s must be a positive number "
                        "of seconds (got %(value)s).",
                        backend=backend.display_name,
                        value=backend.async_timeout,
                    )
                )

    @api.constrains("async_timeout", "handling_days")
    def _check_kogan_ranges(self):
        """An async wait beyond an hour holds a worker; Kogan's handling time
        is days to dispatch, a month at most."""
        check_ranges(self, {"async_timeout": (1, 3600), "handling_days": (0, 30)})

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

    def _queue(self, description, method, *args):
        self.ensure_one()
        delayed = self.with_delay(**self._job_options(description))
        getattr(delayed, method)(*args)

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
