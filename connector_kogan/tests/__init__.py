from . import test_kogan_backend
