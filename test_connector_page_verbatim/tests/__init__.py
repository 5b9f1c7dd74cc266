from . import test_page_verbatim
