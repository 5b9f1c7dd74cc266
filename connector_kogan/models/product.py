# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

MAX_IMAGES = 8  # Kogan's limit per listing


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kogan_listed = fields.Boolean(
        string="Sell on Kogan",
        help="Exported to the Kogan backends, with its stock and prices",
    )
    kogan_brand = fields.Char(help="Brand shown on Kogan (else the backend's)")
    kogan_category = fields.Char(
        help="Kogan category as kogan:<id> (else the backend's default)",
    )
    kogan_category_id = fields.Many2one(
        "connector.kogan.category",
        string="Kogan Category (from Kogan's list)",
        help="Sets the Kogan category from the list imported from Kogan",
    )
    kogan_variant_group = fields.Char(
        help="Kogan's group_id of this product's variants (one Kogan variant "
        "group per product with attributes); by default odoo-<template id>.",
    )
    kogan_facet_group = fields.Char(
        default="Details",
        help="Kogan facet group of the attributes its variants vary on",
    )
    kogan_subtitle = fields.Char(help="Subtitle shown under the title on Kogan")
    kogan_condition = fields.Char(
        default="New", help="Condition of the goods on Kogan (e.g. New, Refurbished)"
    )
    kogan_inbox = fields.Text(string="In the Box", help="What is in the box")
    kogan_enabled = fields.Boolean(
        string="Enabled on Kogan",
        compute="_compute_kogan_enabled",
        help="The listings of its variants are shown on Kogan (as Kogan last " "said)",
    )
    kogan_length = fields.Integer(string="Length (cm)")
    kogan_width = fields.Integer(string="Width (cm)")
    kogan_height = fields.Integer(string="Height (cm)")
    kogan_multipack = fields.Integer(
        string="Units per Pack", default=1, help="Units sold together in one listing"
    )
    kogan_tax_exempt = fields.Boolean(
        string="Tax Exempt on Kogan",
        help="Sold without GST on Kogan (e.g. GST-free goods)",
    )
    kogan_image_urls = fields.Text(
        string="Kogan Image URLs",
        help="Public addresses (http or https) of the listing's images, one per "
        "line, the main one first, at most 8: Kogan fetches images "
        "from URLs. Left empty, Kogan keeps the images it has.",
    )

    @api.constrains("kogan_image_urls")
    def _check_kogan_image_urls(self):
        for template in self:
            urls = template._kogan_images()
            if len(urls) > MAX_IMAGES:
                raise ValidationError(
                    _(
                        "Kogan takes at most %(max)s images; %(product)s has "
                        "%(count)s.",
                        max=MAX_IMAGES,
                        product=template.display_name,
                        count=len(urls),
                    )
                )
            for url in urls:
                if not url.startswith(("https://", "http://")) or " " in url:
                    raise ValidationError(
                        _(
                            "%(url)r is not an image address Kogan can fetch: one "
                            "public http or https URL per line.",
                            url=url,
                        )
                    )

    def _kogan_images(self):
        self.ensure_one()
        lines = (self.kogan_image_urls or "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    @api.constrains("kogan_multipack")
    def _check_kogan_multipack(self):
        for template in self:
            if template.kogan_multipack < 1:
                raise ValidationError(
                    _(
                        "%(product)s: a pack holds at least one unit.",
                        product=template.display_name,
                    )
                )

    @api.onchange("kogan_category_id")
    def _onchange_kogan_category_id(self):
        if self.kogan_category_id:
            self.kogan_category = self.kogan_category_id.code

    @api.depends("product_variant_ids.kogan_enabled")
    def _compute_kogan_enabled(self):
        for template in self:
            template.kogan_enabled = all(
                template.product_variant_ids.mapped("kogan_enabled")
            )


class ProductProduct(models.Model):
    _inherit = "product.product"

    kogan_title = fields.Char(
        help="Title of this variant's Kogan listing (else the product's name)",
    )
    kogan_enabled = fields.Boolean(
        string="Enabled on Kogan",
        default=True,
        readonly=True,
        copy=False,
        help="The listing is shown on Kogan (as Kogan last said)",
    )

    def _kogan_backends(self):
        return self.env["connector.kogan.backend"].search([("active", "=", True)])

    def _kogan_set_enabled(self, enabled):
        for backend in self._kogan_backends():
            listed = self & backend._listed_products()
            if listed:
                backend._queue(
                    f"{'Enable' if enabled else 'Disable'} {len(listed)} "
                    f"products on {backend.display_name}",
                    "set_products_enabled",
                    listed,
                    enabled,
                )

    def action_kogan_enable(self):
        # shown on Kogan again: a right of who may unarchive the product
        self.check_access("write")
        self._kogan_set_enabled(True)

    def action_kogan_disable(self):
        # taken off Kogan: a right of who may archive the product
        self.check_access("write")
        self._kogan_set_enabled(False)
