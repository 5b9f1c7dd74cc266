# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the components of both machine dialects share."""

from requests.auth import HTTPBasicAuth

from odoo.addons.connector_base import BadDataError
from odoo.addons.connector_base.parsing import number as parse_number


def for_version(*versions):
    """Class decorator: the component serves only machines of these versions.

    Components of several versions share usage, collection and model; the
    component lookup keeps the one whose ``_component_match`` accepts the
    backend (OCA's way of choosing per version, instead of if/else)."""

    def match(cls, work, usage=None, model_name=None, **kw):
        return work.collection.version in versions

    def apply(cls):
        cls._component_match = classmethod(match)
        return cls

    return apply


class Dialect1900:
    """Version 1900: /api/v1/, HTTP Basic auth, flat snake_case payloads."""

    def _request(self, method, path, **kwargs):
        backend = self.backend_record
        auth = HTTPBasicAuth(backend.username or "", backend.sudo().password or "")
        return backend._http_request(method, f"api/v1/{path}", auth=auth, **kwargs)


class Dialect2900:
    """Version 2900: /v2/, token headers, nested camelCase payloads."""

    def _request(self, method, path, **kwargs):
        backend = self.backend_record
        headers = {
            "X-Coffee-User": backend.username or "",
            "X-Coffee-Token": backend.sudo().password or "",
        }
        return backend._http_request(method, f"v2/{path}", headers=headers, **kwargs)


def number(value, what, minimum=None, maximum=None):
    """A float from the machine, or a clear bad-data error."""
    return parse_number(value, what, "the machine", minimum, maximum)


def boolean(value, what):
    if not isinstance(value, bool):
        raise BadDataError(
            f"{what} should be true or false, the machine sent {value!r}"
        )
    return value
