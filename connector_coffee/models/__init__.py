from . import coffee_backend
from . import coffee_binding
