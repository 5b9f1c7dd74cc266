from . import models
from . import components
from . import wizards
from .decorators import (
    adapter,
    apply_on,
    batch_exporter,
    batch_importer,
    binder,
    collection,
    deleter,
    export_mapper,
    exporter,
    import_mapper,
    importer,
)
from .exceptions import (
    AdapterContractError,
    BadDataError,
    PermanentError,
    TransientError,
)
from .parsing import number, utc_datetime
from .paths import quote_path
from .process import process
from .secrets import install_log_filter

install_log_filter()
