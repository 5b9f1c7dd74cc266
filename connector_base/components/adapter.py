# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json

import orjson

from odoo.addons.component.core import AbstractComponent

from ..exceptions import BadDataError
from ..parsing import utc_datetime

DIGEST_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


class ConnectorBaseAdapter(AbstractComponent):
    """What a connector's ``@adapter`` implements: the CRUD conversation with
    the external system, in its own terms. Records are plain dicts."""

    _name = "connector.base.adapter"
    _inherit = ["base.backend.adapter", "connector.base"]
    _usage = "backend.adapter"

    #: key of the external id in an external record
    _id_key = "id"
    #: key of the external update time in an external record, if it has one
    _updated_at_key = None
    #: True when ``get_records(since=None)`` yields every external record (no
    #: status or other filter): a batch import that read it all then knows
    #: which bound records are gone remotely
    _lists_all = False

    def get_records(self, since=None, **filters):
        """Yield pages (lists) of external records changed since ``since``
        (a naive UTC datetime, None for all)."""
        raise NotImplementedError

    def get_record(self, external_id):
        """The external record, or None when it does not exist."""
        raise NotImplementedError

    def create_record(self, data):
        """Create an external record; return its external id."""
        raise NotImplementedError

    def update_record(self, external_id, data):
        """Write ``data`` on the external record ``external_id``."""
        raise NotImplementedError

    def delete_record(self, external_id):
        """Delete the external record (or disable it, where the system only
        disables: Kogan's listings)."""
        raise NotImplementedError

    # -- bulk writes (optional): the batch exporter then sends a chunk of
    # records in a few calls instead of one call per record

    #: True when the adapter implements the bulk methods below
    _bulk_write = False

    def create_records(self, datas):
        """Create several external records; returns, in order, one
        ``(external id, None)`` or ``(None, error message)`` per data."""
        raise NotImplementedError

    def update_records(self, items):
        """Update ``(external id, data)`` pairs; returns, in order, None or an
        error message per item."""
        raise NotImplementedError

    def find_records(self, datas):
        """``{index in datas: external id}`` of the datas that already exist
        remotely (the bulk ``find_record``)."""
        return {}

    def get_records_by_ids(self, external_ids):
        """``{external id: record}`` for the ones that exist."""
        return {eid: rec for eid in external_ids if (rec := self.get_record(eid))}

    def find_record(self, data):
        """The external id of a record matching ``data`` (its natural key,
        e.g. a SKU), or None: lets an export retried after a create that did
        succeed remotely adopt that record instead of creating it twice."""
        return None

    # -- record inspection, used by the generic flows --------------------

    def external_id_of(self, record):
        """The external id of an external record (its ``_id_key``), as a
        string; BadDataError when it has none."""
        value = record.get(self._id_key) if isinstance(record, dict) else None
        if value is None or value == "" or isinstance(value, bool):
            raise BadDataError(
                f"An external record without {self._id_key}: {str(record)[:200]}"
            )
        return str(value)

    def updated_at_of(self, record):
        """The record's update time as a naive UTC datetime, or None."""
        if not self._updated_at_key or not record.get(self._updated_at_key):
            return None
        return utc_datetime(record[self._updated_at_key], self._updated_at_key)

    #: the keys of an external record the connector imports (None: all of
    #: them): the digest covers only those, so that a change of anything
    #: else (a stock level, a link) is no change to import
    _digest_keys = None

    def digest_of(self, record):
        """A digest of the record's ``_digest_keys``, for change detection
        without update times (orjson: microseconds a record; a value it
        refuses, an integer past 64 bits, falls back to json)."""
        if self._digest_keys is not None and isinstance(record, dict):
            record = {key: record.get(key) for key in self._digest_keys}
        try:
            text = orjson.dumps(record, option=DIGEST_OPTIONS, default=str)
        except orjson.JSONEncodeError:
            text = json.dumps(record, sort_keys=True, default=str).encode()
        return hashlib.sha1(text).hexdigest()
