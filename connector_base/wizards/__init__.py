from . import connector_bulk_sync
