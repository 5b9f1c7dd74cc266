from . import test_coffee_backend
