# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What every backend form shows, added to each connector's form view as
the web client reads it (like ``<chatter/>``): a connector needs no form
view. Each part (own fields, header buttons, counters, the *Synchronisation*
page) is added only when the view lacks it, so a connector may place or
replace any of them."""

from lxml import etree

from odoo import _, api, models


def _button(name, string, **attrs):
    return etree.Element("button", name=name, type="object", string=string, **attrs)


def _field(name, **attrs):
    return etree.Element("field", name=name, **attrs)


def _stat_button(name, field, string, icon):
    button = etree.Element("button", name=name, type="object", icon=icon)
    button.set("class", "oe_stat_button")
    button.append(_field(field, widget="statinfo", string=string))
    return button


class ConnectorBackendForm(models.AbstractModel):
    _inherit = "connector.backend.crud.mixin"

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form" and not self._abstract:
            self._connector_form_parts(arch)
        return arch, view

    @api.model
    def _get_default_form_view(self):
        """A connector without a form view of its own: the name as title and
        the API URL; ``_connector_form_parts`` adds the rest."""
        form = etree.Element("form")
        sheet = etree.SubElement(form, "sheet")
        title = etree.SubElement(sheet, "div", {"class": "oe_title"})
        etree.SubElement(title, "h1").append(
            _field(self._rec_name or "display_name", placeholder=_("Name"))
        )
        if "base_url" in self._fields:
            fields_group = self._connector_fields_group(sheet)
            fields_group.append(_field("base_url", placeholder="https://"))
        etree.SubElement(form, "chatter")
        return form

    @api.model
    def _connector_own_fields(self):
        """The fields the backend model adds to connector_base's mixins (its
        credentials, its settings), in their order: not the computed ones
        (counters are for buttons)."""
        inherited = {"display_name", self._rec_name, *models.MAGIC_COLUMNS}
        for mixin in (
            "connector.backend",
            "connector.backend.crud.mixin",
            "connector.backend.http.mixin",
        ):
            inherited |= set(self.env[mixin]._fields)
        return [
            name
            for name, field in self._fields.items()
            if name not in inherited and (field.store or not field.compute)
        ]

    @api.model
    def _connector_fields_group(self, sheet):
        """The group holding the backend's fields, made after the title."""
        outer = sheet.find("group[@name='connector_backend_fields']")
        if outer is None:
            outer = etree.Element("group", name="connector_backend_fields")
            title = sheet.find("div[@class='oe_title']")
            sheet.insert(0 if title is None else list(sheet).index(title) + 1, outer)
            etree.SubElement(outer, "group")
        return outer[0]

    @api.model
    def _connector_backend_fields(self, form, sheet):
        """The backend's own fields that its view does not place."""
        secret = set(getattr(self, "_connector_secret_fields", []))
        missing = [
            name
            for name in self._connector_own_fields()
            if not form.xpath(f"//field[@name='{name}']")
        ]
        if missing:
            group = self._connector_fields_group(sheet)
            for name in missing:
                group.append(
                    _field(name, password="True") if name in secret else _field(name)
                )

    @api.model
    def _connector_form_parts(self, form):
        self._connector_header(form)
        sheet = form.find("sheet")
        if sheet is None:
            return
        self._connector_backend_fields(form, sheet)
        self._connector_counters(sheet)
        if "http_local_allowed" in self._fields:
            box = sheet.find("div[@name='button_box']")
            after_box = 0 if box is None else list(sheet).index(box) + 1
            sheet.insert(after_box, self._connector_local_http_warning())
        if not form.xpath("//field[@name='sync_state_ids']"):
            notebook = sheet.find("notebook")
            if notebook is None:
                notebook = etree.SubElement(sheet, "notebook")
            notebook.append(self._connector_sync_page())

    @api.model
    def _connector_local_http_warning(self):
        """The administrator's switch for plain http and local addresses,
        shown on every backend while it is on."""
        banner = etree.Element("div", role="alert", invisible="not http_local_allowed")
        banner.set("class", "alert alert-warning")
        banner.append(_field("http_local_allowed", invisible="1"))
        text = etree.SubElement(banner, "span")
        text.text = _(
            "Plain http and local addresses are allowed (Settings > Connector > "
            "Security): credentials may travel in clear. Test environments only."
        )
        return banner

    def _has_button(self, form, name):
        return bool(form.xpath(f"//button[@name='{name}']"))

    @api.model
    def _connector_header(self, form):
        header = form.find("header")
        buttons = []
        if header is None:
            header = etree.Element("header")
            form.insert(0, header)
            buttons = [
                _button("action_import_all", _("Import"), **{"class": "btn-primary"}),
                _button("action_export_all", _("Export")),
            ]
        if "action_test_connection" in dir(self):
            buttons.insert(0, _button("action_test_connection", _("Test connection")))
        for position, button in enumerate(buttons):
            if not self._has_button(form, button.get("name")):
                header.insert(position, button)

    @api.model
    def _connector_counters(self, sheet):
        box = sheet.find("div[@name='button_box']")
        if box is None:
            box = etree.Element("div", name="button_box")
            box.set("class", "oe_button_box")
            sheet.insert(0, box)
            box.append(
                _stat_button(
                    "action_open_bindings", "binding_count", _("Bindings"), "fa-link"
                )
            )
        if not self._has_button(sheet, "action_open_reviews"):
            reviews = _stat_button(
                "action_open_reviews", "review_count", _("To review"), "fa-eye"
            )
            reviews.set("invisible", "not review_count")
            box.append(reviews)
        if not self._has_button(sheet, "action_open_errors"):
            box.append(
                _stat_button(
                    "action_open_errors",
                    "error_count",
                    _("Open errors"),
                    "fa-exclamation-triangle",
                )
            )

    @api.model
    def _connector_sync_page(self):
        page = etree.Element("page", string=_("Synchronisation"), name="sync")
        columns = etree.SubElement(page, "group")
        settings = etree.SubElement(columns, "group", string=_("Settings"))
        names = ["user_id", "conflict_policy", "batch_size", "export_delay_seconds"]
        names += ["remote_deletion_policy", "odoo_deletion_policy"]
        names += [n for n in ("http_timeout", "http_rate_limit") if n in self._fields]
        for name in names:
            settings.append(_field(name))
        schedule = etree.SubElement(columns, "group", string=_("Scheduled import"))
        for name in ("cron_active", "cron_interval_number", "cron_interval_type"):
            schedule.append(_field(name))
        manager = "connector.group_connector_manager"
        for name, string, groups in (
            ("action_open_cron", _("Open scheduled action"), "base.group_system"),
            ("action_open_export_rules", _("Export rules"), manager),
            ("action_open_review_rules", _("Review rules"), manager),
        ):
            schedule.append(
                _button(name, string, groups=groups, **{"class": "btn-link"})
            )
        states = etree.SubElement(page, "field", name="sync_state_ids")
        runs = etree.SubElement(states, "list")
        for name in ("model_label", "direction", "last_success"):
            runs.append(_field(name))
        runs.extend(self._connector_run_progress())
        for name in ("created_count", "updated_count", "skipped_count"):
            runs.append(_field(name, optional="hide"))
        runs.append(_field("failed_count"))
        return page

    @api.model
    def _connector_run_progress(self):
        """The progress of each flow's current run: records done of how
        many, a bar, the rate and the time left (filled as its jobs count)."""
        return [
            _field("run_done"),
            _field("run_expected"),
            _field("run_progress", widget="progressbar"),
            _field("run_rate", optional="show"),
            _field("run_time_left"),
        ]
