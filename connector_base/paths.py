# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from urllib.parse import quote


def quote_path(*segments):
    """A URL path from segments (external ids...), each quoted whole: an id
    holding ``/``, ``?``, ``#`` or ``..`` cannot retarget the request."""
    return "/".join(quote(str(segment), safe="") for segment in segments)
