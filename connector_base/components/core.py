# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from contextlib import contextmanager

import psycopg2

from odoo.tools import mute_logger

from odoo.addons.component.core import AbstractComponent
from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)


class ConnectorBaseComponent(AbstractComponent):
    """Base of connector_base's components: without ``_collection``, they
    serve every backend built on ``connector.backend.crud.mixin`` (only
    those: other OCA connectors in the database keep their own lookups)."""

    _name = "connector.base"
    _inherit = "base.connector"

    @classmethod
    def _component_match(cls, work, usage=None, model_name=None, **kw):
        return getattr(work.collection, "_connector_base_backend", False)

    @property
    def sync_state(self):
        """The ``connector.sync.state`` of this flow, made on first use."""
        return self.env["connector.sync.state"]._for(
            self.backend_record, self.model._name, self._direction
        )

    _direction = None

    @property
    def binder(self):
        return self.binder_for()

    @property
    def backend_adapter(self):
        return self.component(usage="backend.adapter")

    def _write_context(self):
        """Context of the writes a sync makes in Odoo: ``connector_no_export``
        so that they are never sent back, and no chatter tracking of what the
        external system changed (its binding's sync times say it); extend it,
        e.g. with ``lang``."""
        return {"connector_no_export": True, "tracking_disable": True}

    def _lock_key(self, action, external_id):
        backend = self.backend_record
        return (
            f"{action}({backend._name},{backend.id},{self.model._name},{external_id})"
        )

    @contextmanager
    def _retry_unique_violation(self):
        """Two jobs created the same binding at once: retry the one the
        database refused, it will then see the other's (the refusal is
        expected: odoo.sql_db does not log it as an error)."""
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

    def _inline(self):
        """Sync every chunk in this job instead of one job each (tests, tools)."""
        return self.env.context.get("connector_inline")

    def _batch_size(self):
        return max(self.backend_record.batch_size or 500, 1)

    def _delay(self, description, **options):
        """The backend, delayed as a job of this flow (a chunk, a page)."""
        backend = self.backend_record
        options = {**backend._job_options(description, key=False), **options}
        return backend.with_delay(**options)

    def _keep_error(self, step, error, **values):
        """Log and keep an error record of this backend and model in the
        current transaction (a page or chunk goes on with its other records);
        see ``connector.error._values`` for ``values``."""
        _logger.warning(
            "%s of %s %s failed: %s",
            step,
            self.model._name,
            values.get("external_id") or values.get("record") or "",
            error,
        )
        errors = self.env["connector.error"]
        return errors.sudo().create(
            errors._values(self.backend_record, self.model._name, step, error, **values)
        )

    def _binding_values(self, pairs):
        """The bindings' sync state for ``(record, remote)`` pairs once
        synchronised (``remote``: the external record, None when unknown).
        One flush for them all: a pending recompute may still move a write
        date."""
        self.env.flush_all()
        adapter = self.backend_adapter
        return [
            {
                "odoo_write_date": self.binder.odoo_write_date(record),
                "external_updated_at": remote and adapter.updated_at_of(remote),
                "external_hash": remote and adapter.digest_of(remote),
                "sync_direction": self._direction,
            }
            for record, remote in pairs
        ]

    @staticmethod
    def _created_entries(pairs):
        """What a creation step returns, per ``(binding, record)`` created."""
        return [
            {
                "binding_id": state.id,
                "binding_model_name": state._name,
                "record": record,
            }
            for state, record in pairs
        ]

    def _incoming_wins(self, record, external_id, external_time):
        """``record`` changed on both sides since the last sync: whether the
        version this sync brings wins, by the backend's conflict policy
        ("newest" without both times: the incoming one). The conflict is
        logged as a resolved error record."""
        backend = self.backend_record
        policy = backend.conflict_policy
        incoming = "external" if self._direction == "import" else "odoo"
        winner = policy
        if policy == "newest":
            odoo_time = self.binder.odoo_write_date(record)
            winner = incoming
            if external_time and odoo_time:
                winner = "external" if external_time > odoo_time else "odoo"
        message = (
            f"{self.model._name} {external_id} changed in Odoo and on "
            f"{backend.display_name} since the last synchronisation; policy "
            f"'{policy}': the {'external' if winner == 'external' else 'Odoo'} "
            "version is kept."
        )
        _logger.warning(message)
        errors = self.env["connector.error"]
        errors._record(
            errors._values(
                backend,
                self.model._name,
                f"{self._direction.capitalize()} conflict",
                message,
                kind="conflict",
                external_id=external_id,
                record=record,
                state="resolved",
            )
        )
        return winner == incoming
