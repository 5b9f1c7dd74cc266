from . import test_page_form
