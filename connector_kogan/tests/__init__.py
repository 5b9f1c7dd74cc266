from . import test_kogan_backend
from . import test_user_tours
