# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import CoffeeCase


class TestTranslatedNames(CoffeeCase):
    version = "2900"

    def name_in(self, beverage, lang):
        return beverage.odoo_id.with_context(lang=lang).name

    def test_every_active_language_gets_its_label(self):
        self.env.ref("base.lang_fr_BE").active = True
        self.import_menu()
        lungo = self.beverages().filtered(lambda b: b.coffee_id == "lungo")
        self.assertEqual(self.name_in(lungo, "en_US"), "Lungo")
        self.assertEqual(self.name_in(lungo, "fr_FR"), "Café allongé")
        self.assertEqual(self.name_in(lungo, "fr_BE"), "Café allongé")
        # a language the machine has no label for keeps the backend's name
        self.env.ref("base.lang_de").active = True
        self.assertEqual(self.name_in(lungo, "de_DE"), "Lungo")

    def test_the_backend_s_language_is_the_main_name(self):
        self.backend.default_lang_id = self.env.ref("base.lang_fr")
        self.import_menu()
        latte = self.beverages().filtered(lambda b: b.coffee_id == "latte")
        self.assertEqual(self.name_in(latte, "fr_FR"), "Café au lait")
        self.assertEqual(self.name_in(latte, "en_US"), "Latte")
