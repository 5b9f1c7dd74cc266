from . import connector_bulk_sync
from . import connector_export_confirm
