from . import common
from . import product
from . import stock_price
from . import order
from . import refund
from . import fulfilment
from . import listeners
from . import deleter
