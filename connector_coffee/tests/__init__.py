from . import test_coffee_backend
from . import test_menu_import
from . import test_brew
from . import test_busy
from . import test_cassettes
from . import test_tour
