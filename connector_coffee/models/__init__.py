from . import coffee_backend
from . import coffee_binding
from . import coffee_product
from . import coffee_brew
