# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models


class KoganPush(models.Model):
    """Products whose stock or price changed and are not sent to Kogan yet.

    Changes only mark the product (one row per product and backend, however
    many stock moves); one job per backend, started after the backend's
    export delay, sends all marked products at once. 100 stock moves of a
    product during that delay make one push."""

    _name = "connector.kogan.push"
    _description = "Kogan Stock and Price Push Queue"

    backend_id = fields.Many2one(
        "connector.kogan.backend", required=True, ondelete="cascade", index=True
    )
    product_id = fields.Many2one(
        "product.product", required=True, ondelete="cascade", index=True
    )

    _sql_constraints = [
        (
            "product_uniq",
            "unique(backend_id, product_id)",
            "A product is queued once per backend.",
        )
    ]

    def _mark(self, backend, products, queue_job=True):
        """Queue ``products`` for the next push of ``backend`` (in the push
        running now when ``queue_job`` is false)."""
        if not products:
            return
        self.env.cr.execute(
            """
            INSERT INTO connector_kogan_push
                (backend_id, product_id, create_uid, create_date, write_uid,
                 write_date)
            SELECT %s, unnest(%s::int[]), %s, now() at time zone 'UTC', %s,
                   now() at time zone 'UTC'
            ON CONFLICT (backend_id, product_id) DO NOTHING
            """,
            (backend.id, products.ids, self.env.uid, self.env.uid),
        )
        if queue_job:
            # a push job that started meanwhile could not see these marks
            backend._delay_after_commit(
                _("Send stock and prices to Kogan"), "push_stock_price"
            )

    def _take(self, backend, limit=None):
        """Unmark and return the products queued for ``backend`` (their rows
        come back if the job's transaction fails)."""
        query = """
            DELETE FROM connector_kogan_push WHERE id IN (
                SELECT id FROM connector_kogan_push WHERE backend_id = %s
                ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)
            RETURNING product_id
        """
        self.env.cr.execute(query, (backend.id, limit))
        ids = [row[0] for row in self.env.cr.fetchall()]
        return self.env["product.product"].browse(ids).exists()
