from . import test_backend
