from . import common
from . import product
from . import status
from . import brew
