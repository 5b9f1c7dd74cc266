# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.component.core import Component


class ConnectorBaseImportMapper(Component):
    """Generic import mapper: an author's ``@import_mapper`` extends it with
    ``direct = [...]`` and ``@mapping`` methods, as OCA mappers do."""

    _name = "connector.base.import.mapper"
    _inherit = ["base.import.mapper", "connector.base"]
    _usage = "import.mapper"


class ConnectorBaseExportMapper(Component):
    """Generic export mapper (see ConnectorBaseImportMapper)."""

    _name = "connector.base.export.mapper"
    _inherit = ["base.export.mapper", "connector.base"]
    _usage = "export.mapper"
