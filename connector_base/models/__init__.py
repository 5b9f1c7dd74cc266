from . import connector_binding
from . import connector_base_binding
from . import connector_error
from . import connector_sync_state
from . import backend_crud_mixin
from . import backend_http_mixin
from . import res_config_settings
from . import queue_job
