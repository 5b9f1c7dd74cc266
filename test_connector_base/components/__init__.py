from . import partner
from . import category
