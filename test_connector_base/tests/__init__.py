from . import test_decorators
from . import test_import
from . import test_export
from . import test_process
from . import test_concurrency
from . import test_backend
from . import test_author_case
from . import test_parsing
