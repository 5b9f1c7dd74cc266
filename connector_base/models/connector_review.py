# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review queue: imported records a person should look at before they
are trusted (a new partner, an order whose total does not reconcile...),
the checkpoints of OpenERP 7's connector."""

from odoo import _, api, fields, models

from .actions import CLOSE, notification


class ConnectorReview(models.Model):
    """One record to review, for one backend: listed under *Connector → To
    Review*, with an activity for the backend's responsible. Reviewing it
    marks the activity done and releases the exports it held back."""

    _name = "connector.review"
    _inherit = "connector.record.reference"
    _description = "Connector: Record to Review"
    _order = "state desc, create_date desc, id desc"
    _rec_name = "record_name"

    record_kind = fields.Char(
        string="Kind",
        compute="_compute_record_kind",
        help="The model, as people say it",
    )
    reason = fields.Text(readonly=True)
    state = fields.Selection(
        [("to_review", "To Review"), ("reviewed", "Reviewed")],
        default="to_review",
        required=True,
        readonly=True,
        index=True,
    )
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    reviewed_date = fields.Datetime(readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")

    @api.depends("res_model")
    def _compute_record_kind(self):
        for review in self:
            review.record_kind = self._model_label(review.res_model)

    # -- flagging (called by the flows) ---------------------------------------

    @api.model
    def _flag(self, backend, records, reason):
        """Put ``records`` in ``backend``'s review queue (a record already
        waiting gets the new reason added), with an activity on the record
        for the backend's responsible."""
        reviews = self._waiting(backend, records)
        waiting = {review.res_id: review for review in reviews}
        for record in records:
            review = waiting.get(record.id)
            if review:
                if reason not in (review.reason or ""):
                    review.reason = f"{review.reason}\n{reason}"
                continue
            review = self.sudo().create(
                {
                    "backend_model": backend._name,
                    "backend_id": backend.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "reason": reason,
                }
            )
            review.activity_id = review._schedule_activity(backend, record)
        return reviews

    def _schedule_activity(self, backend, record):
        user = backend.sudo().user_id
        if not user or "activity_ids" not in record._fields:
            return False
        activity = record.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=user.id,
            summary=_("Review: imported from %s") % backend.display_name,
            note=self.reason,
        )
        return activity.id

    @api.model
    def _held(self, backend, records):
        """The records among ``records`` that wait for review while the
        backend holds their exports back."""
        rule = self.env["connector.sync.state"]._for(
            backend, records._name, "import", create=False
        )
        if not rule.hold_export_until_reviewed:
            return records.browse()
        return records.browse(self._waiting(backend, records).mapped("res_id"))

    @api.model
    def _waiting(self, backend, records):
        """The reviews of ``records`` still waiting in ``backend``'s queue."""
        return self.sudo().search(
            backend._backend_domain()
            + [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("state", "=", "to_review"),
            ]
        )

    # -- reviewing (buttons) -----------------------------------------------------

    def action_mark_reviewed(self):
        """Reviewing a record is vouching for it: for who may change it."""
        reviews = self.filtered(lambda r: r.state == "to_review")
        for review in reviews:
            record = review._record()
            if record:
                record.check_access("write")
        reviews = reviews.sudo()
        reviews.write(
            {
                "state": "reviewed",
                "reviewed_by_id": self.env.uid,
                "reviewed_date": fields.Datetime.now(),
            }
        )
        reviews.activity_id.action_feedback(feedback=_("Reviewed"))
        reviews._release_exports()
        message = (
            _("1 record reviewed.")
            if len(reviews) == 1
            else _("%s records reviewed.") % len(reviews)
        )
        return notification(message, next_action=CLOSE)

    def _release_exports(self):
        """A record held back from export while it waited goes out now, to
        the backend it is bound to (when that backend exports it)."""
        for review in self:
            backend = review._backend().exists()
            record = review._record()
            if not (backend and record and backend.active):
                continue
            if review.res_model not in backend._connector_models("record.exporter"):
                continue
            with backend.work_on(review.res_model) as work:
                if not work.component(usage="binder").to_external(record):
                    continue
            backend._delayed_for(record, "export").export_record(record)


class ConnectorSyncStateReview(models.Model):
    """Review rules, per backend and imported model (the import state)."""

    _inherit = "connector.sync.state"

    review_new_records = fields.Boolean(
        help="Records created by this import wait in Connector → To Review, "
        "with an activity for the backend's responsible.",
    )
    hold_export_until_reviewed = fields.Boolean(
        help="A record waiting for review is not exported to this backend; "
        "reviewing it sends it.",
    )
