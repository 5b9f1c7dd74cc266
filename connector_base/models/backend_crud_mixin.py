# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.component.core import _component_databases
from odoo.addons.queue_job.job import identity_exact

from ..bounds import check_ranges
from ..components.adapter import ConnectorBaseAdapter
from ..settings import bounds, setting
from .actions import RELOAD, form_action, notification


def _in_env(value, env):
    """A recordset moved to ``env``; any other value as it is."""
    return value.with_env(env) if isinstance(value, models.BaseModel) else value


def channel_name(backend_model, backend_id):
    """The name of a backend's own job channel, under ``root.connector``."""
    return f"{backend_model.replace('.', '_')}_{backend_id}"


CONFLICT_POLICIES = [
    ("newest", "Newest change wins"),
    ("odoo", "Odoo wins"),
    ("external", "External system wins"),
]

REMOTE_DELETION_POLICIES = [
    ("archive", "Archive the Odoo record"),
    ("unlink", "Delete the Odoo record"),
    ("ignore", "Keep the Odoo record"),
]
ODOO_DELETION_POLICIES = [
    ("propagate", "Delete (or disable) the external record"),
    ("ignore", "Keep the external record"),
]


class ConnectorBackendCrudMixin(models.AbstractModel):
    """Import/export entry points of a backend, found from its components: every
    model with a ``record.importer`` (``record.exporter``) in the backend's
    collection gets imported (exported) by the buttons and the backend's cron,
    except, on import, models whose adapter cannot list records (records then
    imported one by one, as a follow-up of an export). Every step runs as a
    queue job on the backend's own channel."""

    _name = "connector.backend.crud.mixin"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Connector Backend: Sync Buttons, Schedules, Policies and Rules"

    # lets the framework's generic components serve this collection only
    _connector_base_backend = True

    active = fields.Boolean(default=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="Gets the activities of this backend: records to review, errors "
        "piling up, a synchronisation gone stale.",
    )
    conflict_policy = fields.Selection(
        CONFLICT_POLICIES,
        required=True,
        default=lambda self: setting(self.env, "default_conflict_policy"),
        help="Which side wins when a record changed in Odoo and in the external "
        "system since their last synchronisation. The conflict is logged.",
    )
    remote_deletion_policy = fields.Selection(
        REMOTE_DELETION_POLICIES,
        string="Gone Remotely",
        required=True,
        default="archive",
        help="What happens to an Odoo record whose external record is gone "
        "(a 404 on read, a deleted flag, missing from a complete listing). A "
        "record that cannot be deleted is archived, with an error saying why.",
    )
    odoo_deletion_policy = fields.Selection(
        ODOO_DELETION_POLICIES,
        string="Archived or Deleted in Odoo",
        required=True,
        default="ignore",
        help="Whether archiving or deleting a bound record in Odoo deletes its "
        "external record (or disables it, on systems that delete nothing, "
        "like Kogan). Off by default: a remote deletion cannot be undone.",
    )
    batch_size = fields.Integer(
        default=lambda self: setting(self.env, "batch_size"),
        help="Records per import/export job",
    )
    overlap_seconds = fields.Integer(
        string="Overlap Window (s)",
        default=lambda self: setting(self.env, "overlap_seconds"),
        help="Incremental imports re-read this many seconds before the last "
        "successful run, so changes made during a run are not missed.",
    )
    export_delay_seconds = fields.Integer(
        string="Export Delay (s)",
        default=10,
        help="A changed record is exported after this delay; changes made "
        "meanwhile join the same export (one pending job per record).",
    )
    cron_id = fields.Many2one(
        "ir.cron",
        string="Scheduled Import",
        readonly=True,
        ondelete="set null",
        copy=False,
    )
    cron_active = fields.Boolean(
        related="cron_id.active", readonly=False, string="Scheduled Import Active"
    )
    cron_interval_number = fields.Integer(
        related="cron_id.interval_number", readonly=False, string="Import Every"
    )
    cron_interval_type = fields.Selection(
        related="cron_id.interval_type", readonly=False, string="Interval Unit"
    )
    sync_state_ids = fields.Many2many(
        "connector.sync.state", compute="_compute_sync_state_ids"
    )
    binding_count = fields.Integer(compute="_compute_counters")
    error_count = fields.Integer(string="Open Errors", compute="_compute_counters")
    review_count = fields.Integer(string="To Review", compute="_compute_counters")

    def _connector_ranges(self):
        """``{field: (low, high)}`` of the backend's numbers, checked on save
        (an export delay of more than a day is a typo): a connector adds its
        own fields to ``super()``'s."""
        return {
            "batch_size": bounds("batch_size"),
            "overlap_seconds": bounds("overlap_seconds"),
            "export_delay_seconds": (0, 86400),
        }

    @api.constrains(lambda self: list(self._connector_ranges()))
    def _check_sync_settings(self):
        check_ranges(self, self._connector_ranges())

    @api.model
    def _backends(self):
        """The backend models of every installed connector."""
        return [
            name
            for name, model in self.env.registry.items()
            if getattr(model, "_connector_base_backend", False)
            and not model._abstract
            and not model._transient
        ]

    def _backend_domain(self):
        return [("backend_model", "=", self._name), ("backend_id", "=", self.id)]

    def _bound_records(self, model_name):
        """The records of ``model_name`` bound to this backend (its binder's)."""
        self.ensure_one()
        with self.work_on(model_name) as work:
            return work.component(usage="binder").bound_records()

    def _compute_sync_state_ids(self):
        for backend in self:
            backend.sync_state_ids = self.env["connector.sync.state"].search(
                backend._backend_domain()
            )

    def _compute_counters(self):
        for backend in self:
            domain = backend._backend_domain()
            backend.binding_count = self.env["connector.binding"].search_count(domain)
            backend.error_count = self.env["connector.error"].search_count(
                domain + [("state", "=", "open")]
            )
            backend.review_count = self.env["connector.review"].search_count(
                domain + [("state", "=", "to_review")]
            )

    # -- components ---------------------------------------------------------

    def _connector_models(self, usage):
        """Models served by a component of this usage in this collection."""
        registry = _component_databases.get(self.env.cr.dbname)
        if registry is None:
            return []
        names = []
        for component in registry.lookup(self._name, usage=usage):
            if component._collection == self._name:
                for model_name in component.apply_on_models or []:
                    if model_name not in names:
                        names.append(model_name)
        return names

    def _can_list(self, model_name):
        """Whether the adapter of ``model_name`` implements ``get_records``."""
        self.ensure_one()
        with self.work_on(model_name) as work:
            adapter = type(work.component(usage="backend.adapter"))
        return adapter.get_records is not ConnectorBaseAdapter.get_records

    def _export_rule(self, model_name, create=True):
        """The sync state holding the export rules of ``model_name`` (made
        when missing, unless ``create`` is False)."""
        self.ensure_one()
        return self.env["connector.sync.state"]._for(
            self, model_name, "export", create=create
        )

    def action_open_export_rules(self):
        """Which records of each exported model this backend receives."""
        return self._open_rules(
            "export",
            _("Export rules of %s") % self.display_name,
            [
                "connector_base.connector_export_rule_view_list",
                "connector_base.connector_export_rule_view_form",
            ],
        )

    def action_open_review_rules(self):
        """Which imported records wait for review, per model."""
        return self._open_rules(
            "import",
            _("Review rules of %s") % self.display_name,
            ["connector_base.connector_review_rule_view_list"],
        )

    def _open_rules(self, direction, name, views):
        """The rules (sync states) of ``direction`` of every model this
        backend synchronises that way, made when missing: for who may change
        the backend."""
        self.ensure_one()
        self.check_access("write")
        usage = "record.exporter" if direction == "export" else "record.importer"
        states = self.env["connector.sync.state"]
        for model_name in self._connector_models(usage):
            states |= states._for(self, model_name, direction)
        views = [self.env.ref(xmlid) for xmlid in views]
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "connector.sync.state",
            "view_mode": ",".join(view.type for view in views),
            "views": [(view.id, view.type) for view in views],
            "domain": [("id", "in", states.ids)],
            "context": {"create": False, "delete": False},
        }

    def _job_options(self, description, key=True):
        self.ensure_one()
        self.check_access("read")  # only who may run the sync queues it
        options = {
            "channel": self._connector_channel(),
            "description": description,
            # the "Retries" setting: queue_job fails the job after as many
            # attempts (its 0 would mean never)
            "max_retries": setting(self.env, "default_retries"),
        }
        if key:
            options["identity_key"] = identity_exact
        return options

    def _delayed_for(self, record, direction):
        """``with_delay`` for a job exporting (importing) ``record``."""
        text = (
            _("Export %(record)s to %(backend)s")
            if direction == "export"
            else _("Import %(record)s from %(backend)s")
        )
        names = {"record": record.display_name, "backend": self.display_name}
        return self.with_delay(**self._job_options(text % names))

    def _delay_after_commit(self, description, method, *args):
        """Queue this backend's ``method(*args)`` as one pending job (identity
        key), started after the export delay, once the current transaction is
        committed: a job that took its snapshot before the commit could not
        see what this transaction wrote, and one found pending then will.
        The jobs of a transaction are queued together, in one cursor."""
        self.ensure_one()
        if self.env.registry.in_test_mode():  # one shared, never committed cursor
            self._queue_change_job(description, method, args)
            return
        postcommit = self.env.cr.postcommit
        pending = postcommit.data.setdefault("connector_base.delayed_jobs", {})
        if not pending:
            registry, uid = self.env.registry, self.env.uid

            def queue_pending():
                with registry.cursor() as cr:
                    env = api.Environment(cr, uid, {}, su=True)
                    for key, job_description in pending.items():
                        model, res_id, job_method, job_args = key
                        backend = env[model].browse(res_id).exists()
                        if backend:  # deleted meanwhile: nothing to send to
                            backend._queue_change_job(
                                job_description,
                                job_method,
                                [_in_env(arg, env) for arg in job_args],
                            )

            postcommit.add(queue_pending)
        # once per job (recordsets are hashable), the last description wins
        pending[(self._name, self.id, method, args)] = description

    def _queue(self, description, method, *args, key=True, **options):
        """Queue the backend's ``method(*args)`` as a job (``key``: see
        ``_job_options``; ``options``: queue_job's, e.g. ``eta``)."""
        delayed = self.with_delay(**self._job_options(description, key), **options)
        getattr(delayed, method)(*args)

    def _queue_change_job(self, description, method, args):
        self._queue(description, method, *args, eta=self.export_delay_seconds or None)

    def with_delay(self, **options):
        """Jobs of a backend belong to its company (queue_job's company rule
        then keeps their arguments, whole orders, within it), whoever queued
        them: a cron, a user of another of the allowed companies."""
        company = self._connector_company()
        backend = self.with_context(company_id=company.id) if company else self
        return super(ConnectorBackendCrudMixin, backend).with_delay(**options)

    def _connector_company(self):
        if "company_id" in self._fields and len(self) == 1:
            return self.sudo().company_id
        return None

    def _connector_channel(self):
        name = channel_name(self._name, self.id)
        root = self.env.ref("connector_base.channel_connector").sudo()
        channel = self.env["queue.job.channel"].sudo()
        if not channel.search([("name", "=", name), ("parent_id", "=", root.id)]):
            channel.create({"name": name, "parent_id": root.id})
        return f"{root.complete_name}.{name}"

    # -- rights: every public method is an RPC endpoint ----------------------

    def _check_remote_write(self, records=None, model_name=None, operation="write"):
        """Changing the external system needs the rights the same act needs
        in Odoo: to export a record, the right to change it; to delete one
        remotely, the right to delete it. Superuser code (listeners, the
        framework's own jobs) passes."""
        if self.env.su:
            return
        if records is not None:
            records.check_access(operation)
        elif model_name:
            self.env[model_name].check_access(operation)

    def _check_records_argument(self, records, method):
        """Methods taking Odoo records are called by jobs and buttons: an RPC
        call can only pass ids or data of its own making."""
        if not isinstance(records, models.BaseModel):
            raise AccessError(
                _(
                    "%(method)s of %(backend)s takes Odoo records, not values "
                    "sent over RPC: use the export buttons or the bulk action."
                )
                % {"method": method, "backend": self.display_name}
            )

    def _check_own_job(self, method, args, kwargs):
        """Methods that take external records already read are run only by
        the job that read them: through RPC, a caller could hand in records
        of its own making (a fake order bound under a real order's id)."""
        if self.env.su:
            return
        uuid = self.env.context.get("job_uuid")
        job = uuid and self.env["queue.job"].sudo().search([("uuid", "=", uuid)])
        if not (
            job
            and job.method_name == method
            and job.records._name == self._name
            and job.records.ids == self.ids
            and list(job.args) == list(args)
            and dict(job.kwargs) == kwargs
        ):
            raise AccessError(
                _(
                    "%(method)s of %(backend)s runs only as the job of a batch "
                    "import; start an import from the backend instead."
                )
                % {"method": method, "backend": self.display_name}
            )

    # -- entry points (run inside jobs) ------------------------------------

    def import_batch(self, model_name, force=False):
        """Import the records of ``model_name`` changed since the watermark."""
        self.ensure_one()
        with self.work_on(model_name) as work:
            return work.component(usage="batch.importer").run(force=force)

    def import_record(self, model_name, external_id, force=False):
        """Import (create or update) one external record."""
        self.ensure_one()
        with self.work_on(model_name) as work:
            return work.component(usage="record.importer").run(external_id, force=force)

    def export_batch(self, model_name, domain=None, force=False):
        """Export the records of ``model_name`` changed since their last export."""
        self.ensure_one()
        self._check_remote_write(model_name=model_name)
        with self.work_on(model_name) as work:
            return work.component(usage="batch.exporter").run(
                domain=domain, force=force
            )

    def export_record(self, record, force=False):
        """Export (create or update) one Odoo record, unless it waits for
        review while its exports are held back."""
        self.ensure_one()
        self._check_records_argument(record, "export_record")
        if self.env["connector.review"]._held(self, record):
            return (
                _("%s waits for review: exported once reviewed.") % record.display_name
            )
        self._check_remote_write(records=record)
        with self.work_on(record._name) as work:
            return work.component(usage="record.exporter").run(record, force=force)

    def delete_record(self, model_name, external_id):
        """Delete one record on the external system: only connector
        managers allowed to delete such records in Odoo (the external id is
        the caller's)."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group(
            "connector.group_connector_manager"
        ):
            raise AccessError(
                _("Only connector managers delete records on %s.") % self.display_name
            )
        self._check_remote_write(model_name=model_name, operation="unlink")
        with self.work_on(model_name) as work:
            return work.component(usage="record.deleter").run(external_id)

    # -- buttons and cron --------------------------------------------------

    def _notify(self, message, kind="success", reload=False):
        """A notification; ``reload`` then shows what the button changed."""
        return notification(message, kind, reload and RELOAD, sticky=False)

    def _delay_batches(self, method, model_names):
        """One ``method(model)`` job per model (``import_batch``,
        ``export_batch``): one pending job each (identity key)."""
        self.ensure_one()
        verb = _("Import") if method == "import_batch" else _("Export")
        for model_name in model_names:
            description = _("%(direction)s %(model)s from %(backend)s") % {
                "direction": verb,
                "model": self.env[model_name]._description,
                "backend": self.display_name,
            }
            self._queue(description, method, model_name)

    def _importable_models(self):
        return [
            model_name
            for model_name in self._connector_models("record.importer")
            if self._can_list(model_name)
        ]

    def action_import_all(self):
        """*Import*: one batch import job per model this backend imports."""
        queued = []
        for backend in self:
            models_ = backend._importable_models()
            backend._delay_batches("import_batch", models_)
            queued += models_
        if not queued:
            raise UserError(_("This backend has no importer."))
        return self._notify(_("Import queued for: %s") % ", ".join(queued))

    def _export_plan(self):
        """What *Export* would do, per model this backend exports: the
        number of records to send, or a message saying why none (no export
        rule). For who may change those records."""
        self.ensure_one()
        plan = {}
        for model_name in self._connector_models("record.exporter"):
            self._check_remote_write(model_name=model_name)
            with self.work_on(model_name) as work:
                exporter = work.component(usage="batch.exporter")
                plan[model_name] = exporter.missing_rule() or exporter.count()
        return plan

    def action_export_all(self):
        """*Export*: one batch export job per model this backend exports
        along an export rule, for who may change those records; beyond the
        confirmation threshold, a dialog asks first, with the counts."""
        self.ensure_one()
        plan = self._export_plan()
        if not plan:
            raise UserError(_("This backend has no exporter."))
        counts = {m: n for m, n in plan.items() if isinstance(n, int)}
        refusals = [n for n in plan.values() if isinstance(n, str)]
        threshold = setting(self.env, "export_confirmation_threshold")
        if any(n > threshold for n in counts.values()):
            return self.env["connector.export.confirm"]._open(self, counts, refusals)
        return self._queue_exports(counts, refusals)

    def _queue_exports(self, counts, refusals=()):
        """Queue the batch exports of ``counts`` ({model: records}) and say
        so, with the reasons (``refusals``) other models send nothing."""
        for model_name in counts:
            self._check_remote_write(model_name=model_name)
        self._delay_batches("export_batch", list(counts))
        label = self.env["connector.sync.state"]._model_label
        lines = list(refusals)
        if counts:
            lines.insert(
                0,
                _("Export queued for: %s")
                % ", ".join(
                    _("%(model)s (%(count)s records)") % {"model": label(m), "count": n}
                    for m, n in counts.items()
                ),
            )
        return self._notify(" ".join(lines), "warning" if refusals else "success")

    def _scheduled_import(self):
        """Called by the backend's cron."""
        for backend in self.filtered("active"):
            backend._delay_batches("import_batch", backend._importable_models())

    def _cron_values(self):
        return {
            "name": _("Connector: import from %s") % self.display_name,
            "model_id": self.env["ir.model"]._get_id(self._name),
            "state": "code",
            "code": f"model.browse({self.id})._scheduled_import()",
            "interval_number": 1,
            "interval_type": "hours",
            "active": False,
        }

    @api.model_create_multi
    def create(self, vals_list):
        backends = super().create(vals_list)
        for backend in backends:
            backend.cron_id = self.env["ir.cron"].sudo().create(backend._cron_values())
        return backends

    def unlink(self):
        """What belongs to the backends goes with them: bindings, errors,
        synchronisation states, and their jobs not started yet."""
        crons = self.mapped("cron_id")
        for backend in self:
            for model in (
                "connector.binding",
                "connector.error",
                "connector.sync.state",
            ):
                self.env[model].sudo().search(backend._backend_domain()).unlink()
        self._connector_jobs().filtered(
            lambda job: job.state in ("pending", "enqueued", "wait_dependencies")
        ).unlink()
        result = super().unlink()
        crons.sudo().unlink()
        return result

    def _connector_jobs(self):
        jobs = self.env["queue.job"].sudo().search([("model_name", "=", self._name)])
        return jobs.filtered(lambda job: set(job.records.ids) & set(self.ids))

    def _open(self, model, name, domain):
        """An action on what this backend holds: for who may read the
        backend (an RPC caller may name any id)."""
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": domain,
        }

    def action_open_bindings(self):
        """The backend's bindings (its counter)."""
        self.ensure_one()
        return self._open("connector.binding", _("Bindings"), self._backend_domain())

    def action_open_errors(self):
        """The backend's open errors (its counter)."""
        self.ensure_one()
        return self._open(
            "connector.error",
            _("Errors"),
            self._backend_domain() + [("state", "=", "open")],
        )

    def action_open_reviews(self):
        """The backend's records to review (its counter)."""
        self.ensure_one()
        self.check_access("read")  # an RPC caller may name any id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "connector_base.connector_review_action"
        )
        action["domain"] = self._backend_domain()
        return action

    def action_open_cron(self):
        """The backend's scheduled import (administrators)."""
        self.ensure_one()
        return form_action("ir.cron", self.cron_id.id)

    # -- jobs made by the batch flows ----------------------------------------

    def import_records(self, model_name, records, force=False, run_start=None):
        """Import a chunk of external records (already read) in bulk; as a
        chunk job of a batch import, count it done for that run."""
        self.ensure_one()
        self._check_own_job(
            "import_records",
            [model_name, records],
            {"force": force, "run_start": run_start},
        )
        return self._run_chunk("import", model_name, records, force, run_start)

    def import_page(self, model_name, listing):
        """Read a batch import's listing on from where its last job stopped
        (``listing``: what that job handed on)."""
        self.ensure_one()
        self._check_own_job("import_page", [model_name, listing], {})
        with self.work_on(model_name) as work:
            return work.component(usage="batch.importer").run_page(listing)

    def export_records(self, records, force=False, run_start=None):
        """Export a chunk of Odoo records; as a chunk job of a batch export,
        count it done for that run."""
        self.ensure_one()
        self._check_records_argument(records, "export_records")
        records -= self.env["connector.review"]._held(self, records)
        self._check_remote_write(records=records)
        return self._run_chunk("export", records._name, records, force, run_start)

    def _run_chunk(self, direction, model_name, records, force, run_start):
        """The record flow of ``direction`` on a chunk, then, as a chunk job of
        a batch run started at ``run_start``, the chunk counted done."""
        with self.work_on(model_name) as work:
            flow = work.component(usage=f"record.{direction}er")
            result = getattr(flow, f"{direction}_records")(records, force=force)
            if run_start:
                work.component(usage=f"batch.{direction}er").chunk_done(
                    fields.Datetime.to_datetime(run_start)
                )
            return result
