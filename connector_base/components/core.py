# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

import psycopg2

from odoo import fields
from odoo.tools import mute_logger

from odoo.addons.component.core import AbstractComponent
from odoo.addons.queue_job.exception import RetryableJobError


class ConnectorBaseComponent(AbstractComponent):
    """Base of connector_base's components.

    The generic components have no ``_collection``: they serve every backend
    built on ``connector.backend.crud.mixin`` (and only those, so that other
    OCA connectors in the same database keep their own lookups)."""

    _name = "connector.base"
    _inherit = "base.connector"

    @classmethod
    def _component_match(cls, work, usage=None, model_name=None, **kw):
        return getattr(work.collection, "_connector_base_backend", False)

    @property
    def sync_state(self):
        """The ``connector.sync.state`` of this backend, model and direction
        (watermark, counters of the current run), made on first use."""
        return self.env["connector.sync.state"]._for(
            self.backend_record, self.model._name, self._direction
        )

    _direction = None

    def _lock_key(self, action, external_id):
        backend = self.backend_record
        return (
            f"{action}({backend._name},{backend.id},{self.model._name},{external_id})"
        )

    @contextmanager
    def _retry_unique_violation(self):
        """Two jobs created the same binding at once: the database refused the
        second (unique constraint); retry it, it will then see the first one.
        The refusal is expected, not a bad query: odoo.sql_db does not log it
        as an error (the retry's reason is logged by queue_job)."""
        try:
            with mute_logger("odoo.sql_db"):
                yield
        except psycopg2.IntegrityError as err:
            if err.pgcode == psycopg2.errorcodes.UNIQUE_VIOLATION:
                raise RetryableJobError(
                    f"Concurrent creation of the same record, retried: {err}",
                    seconds=2,
                ) from err
            raise

    def _now(self):
        return fields.Datetime.now()
