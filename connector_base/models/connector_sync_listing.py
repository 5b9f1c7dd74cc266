# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ConnectorSyncListing(models.Model):
    """The external ids a batch import's listing in progress has read so far:
    a page must know which records an earlier page held (a moving listing
    repeats them), the last page which bound records were never listed
    (gone). A table, not the jobs' arguments: 100,000 ids handed from page
    to page would be stored again with every page. Written once a job hands
    the listing on to the next (the batch importer's ``ListedIds``): a
    listing read by one job writes nothing here."""

    _name = "connector.sync.listing"
    _description = "Connector: External Ids Read by a Listing in Progress"
    _log_access = False

    state_id = fields.Many2one(
        "connector.sync.state", required=True, ondelete="cascade", index=True
    )
    external_id = fields.Char(required=True)

    _sql_constraints = [
        (
            "listed_uniq",
            "unique(state_id, external_id)",
            "An external id is read once per listing.",
        )
    ]

    @api.model
    def _first_seen(self, state, external_ids):
        """Note ``external_ids`` as read; returns those not read before."""
        if not external_ids:
            return set()
        self.env.cr.execute(
            "INSERT INTO connector_sync_listing (state_id, external_id) "
            "SELECT %s, unnest(%s::varchar[]) "
            "ON CONFLICT (state_id, external_id) DO NOTHING RETURNING external_id",
            (state.id, list(external_ids)),
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _read_ids(self, state):
        """Every external id ``state``'s listing has read."""
        self.env.cr.execute(
            "SELECT external_id FROM connector_sync_listing WHERE state_id = %s",
            (state.id,),
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _forget(self, state):
        """A listing starts, or ended: its ids are no longer needed."""
        self.env.cr.execute(
            "DELETE FROM connector_sync_listing WHERE state_id = %s", (state.id,)
        )
