# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Class decorators that turn plain classes into OCA components.

A connector author writes::

    @importer("kogan.product.importer")
    @apply_on("product.product")
    @collection("connector.kogan.backend")
    class ProductImporter:
        ...

Each decorator records one fact on the plain class; once the declaration is
complete, a real ``Component`` is made, ``(PlainClass, Component)``, whose
``_inherit`` names the generic implementation (``super()`` reaches it), and
registered for the class's addon like any OCA component.

Complete whatever the order: Python makes every decorator of a class
statement before it creates the class, then applies them, so a stack is
complete when no decorator made in a running frame is left to apply (no
source is read; a decorator kept in a variable counts until applied).

``@collection`` names a backend model or its short name (``"shopify"``), and
may be left out when the addon declares one backend model; without
``@apply_on`` a component applies to every model, as in OCA. An adapter's
method returning None (left as ``pass``) fails with ``AdapterContractError``.
"""

import functools
import sys
import threading

from odoo import models

from odoo.addons.component.core import (
    AbstractComponent,
    Component,
    MetaComponent,
    _get_addon_name,
)

from .exceptions import AdapterContractError

SPEC = "_connector_spec"

# kind -> (usage, generic component it extends)
KINDS = {
    "importer": ("record.importer", "connector.base.record.importer"),
    "batch_importer": ("batch.importer", "connector.base.batch.importer"),
    "exporter": ("record.exporter", "connector.base.record.exporter"),
    "batch_exporter": ("batch.exporter", "connector.base.batch.exporter"),
    "deleter": ("record.deleter", "connector.base.record.deleter"),
    "import_mapper": ("import.mapper", "connector.base.import.mapper"),
    "export_mapper": ("export.mapper", "connector.base.export.mapper"),
    "adapter": ("backend.adapter", "connector.base.adapter"),
    "binder": ("binder", "connector.base.binder"),
}

# what an adapter's method must return, when None cannot be it
ADAPTER_RETURNS = {
    "get_records": "it must yield pages (lists of records)",
    "create_record": "it must return the new record's external id",
    "create_records": "it must return one (external id, error) pair per data",
    "update_records": "it must return one error or None per item",
}


class DecoratorUsageError(TypeError):
    """A connector decorator is misused; the message names the class and the fix."""


def _fail(cls, problem, fix):
    _made.clear()  # the class statement stops here: its other decorators never apply
    raise DecoratorUsageError(f"{cls.__module__}.{cls.__qualname__}: {problem}. {fix}")


class _Made(threading.local):
    """The decorators made on this thread and not applied yet, and the
    classes waiting for them."""

    def __init__(self):
        self.unapplied = []
        self.waiting = []

    def clear(self):
        self.unapplied.clear()
        self.waiting.clear()

    def pending(self):
        """Those made in a frame that still runs (or its caller)."""
        running, frame = set(), sys._getframe()
        while frame is not None:
            running.add(frame)
            frame = frame.f_back
        self.unapplied = [d for d in self.unapplied if running & set(d.makers)]
        return self.unapplied


_made = _Made()


class _Decorator:
    """One decorator of a class statement, made before the class exists."""

    def __init__(self, facts, maker):
        self.facts = facts
        self.makers = (maker, maker.f_back)
        _made.unapplied.append(self)

    def __call__(self, target):
        if self in _made.unapplied:
            _made.unapplied.remove(self)
        self.makers = ()  # a decorator kept in a variable holds no frame
        if not isinstance(target, type):
            _fail(target, "it is not a class", "Decorate a class statement.")
        if issubclass(target, AbstractComponent):
            if SPEC in target.__dict__:
                _fail(
                    target,
                    "its declaration is complete already",
                    "Put all its decorators on its class statement (or apply "
                    "them in one expression).",
                )
            _fail(
                target,
                "it already is a Component",
                "Decorate a plain class (class X:), or keep the OCA style "
                "(_name, _inherit, _usage) without decorators.",
            )
        spec = target.__dict__.get(SPEC) or {"kinds": []}
        setattr(target, SPEC, spec)
        spec.update(self.facts, kinds=spec["kinds"] + self.facts.get("kinds", []))
        if _made.pending():
            if target not in _made.waiting:
                _made.waiting.append(target)
            return target
        # complete, and so are those that waited for this one
        earlier = [cls for cls in _made.waiting if cls is not target]
        _made.waiting.clear()
        for cls in earlier:
            _build(cls, cls.__dict__[SPEC])
        return _build(target, spec)


def _model_parents():
    """{model name: the names it inherits}, over every model class imported."""
    parents = {}
    for model_classes in models.MetaModel.module_to_models.values():
        for model_class in model_classes:
            parents.setdefault(model_class._name, set()).update(
                model_class._inherit or ()
            )
    return parents


def _is_backend(name, parents, seen=None):
    seen = set() if seen is None else seen
    seen.add(name)
    return name == "connector.backend" or any(
        _is_backend(parent, parents, seen)
        for parent in parents.get(name, ())
        if parent not in seen
    )


def _backends(model_classes, parents):
    """The backend models that ``model_classes`` define."""
    return sorted(
        {
            model_class._name
            for model_class in model_classes
            if not model_class._abstract
            and model_class._name not in (model_class._inherit or ())
            and _is_backend(model_class._name, parents)
        }
    )


def _addon_backends(plain, parents):
    """The backend models that the addon of ``plain`` defines."""
    addon = _get_addon_name(plain.__module__)
    return _backends(models.MetaModel.module_to_models.get(addon, []), parents)


def _resolve_collection(plain, name, parents):
    """The model itself, or the one backend model named
    ``connector.<name>.backend`` or ``<name>.backend`` among those imported
    so far (a connector's models are imported before its components)."""
    if name in parents:
        return name
    wanted = {f"connector.{name}.backend", f"{name}.backend"}
    every = [
        cls for classes in models.MetaModel.module_to_models.values() for cls in classes
    ]
    known = _backends(every, parents)
    found = [backend for backend in known if backend in wanted]
    if len(found) == 1:
        return found[0]
    _fail(
        plain,
        f"@collection({name!r}) names no Odoo model"
        + (f" and stands for several backends ({', '.join(found)})" if found else "")
        + f"; backend models known: {', '.join(known) or 'none'}",
        "Define the backend model (inheriting 'connector.backend') before "
        "the components, or name it in full: @collection('<backend model>').",
    )


def _check(plain, spec):
    """Check the facts of a complete declaration; fill the default collection."""
    kinds = spec["kinds"]
    if not kinds:
        _fail(
            plain,
            "@collection/@apply_on alone do not make a component",
            "Add one of @importer, @exporter, @import_mapper, @export_mapper, "
            "@adapter, @binder with the component's name.",
        )
    if len(kinds) > 1:
        _fail(
            plain,
            f"it is decorated as {' and '.join('@' + k for k in kinds)}",
            "A component does one thing: split it into one class per decorator.",
        )
    parents = _model_parents()
    if not spec.get("collection"):
        backends = _addon_backends(plain, parents)
        if len(backends) != 1:
            addon = _get_addon_name(plain.__module__)
            declared = ", ".join(backends) or "none"
            _fail(
                plain,
                f"it has no @collection and its addon {addon} does not declare "
                f"exactly one backend model (it declares: {declared})",
                "Add @collection('<backend model>'), e.g. "
                "@collection('connector.kogan.backend'), so the framework knows "
                "which backend it serves.",
            )
        spec["collection"] = backends[0]
    spec["collection"] = _resolve_collection(plain, spec["collection"], parents)
    known = MetaComponent._modules_components.values()
    if any(spec["name"] == comp._name for comps in known for comp in comps):
        _fail(
            plain,
            f"another component already claims the name {spec['name']!r}",
            "Give this component its own name; to extend the other one, use an "
            "OCA component with _inherit instead.",
        )


def _build(plain, spec):
    """Check the declaration, then make the Component and register it."""
    _check(plain, spec)
    usage, generic = KINDS[spec["kinds"][0]]
    attrs = {
        "_name": spec["name"],
        "_inherit": [generic, *spec["inherit"]],
        "_usage": spec["usage"] or usage,
        "_collection": spec["collection"],
        "_apply_on": spec.get("apply_on"),
        "__module__": plain.__module__,
        "__qualname__": plain.__qualname__,
        "__doc__": plain.__doc__,
        SPEC: spec,
    }
    if spec["kinds"][0] == "adapter":
        attrs.update(_checked_returns(plain))
    component = MetaComponent(plain.__name__, (plain, Component), attrs)
    spec["component"] = component
    return component


def _checked_returns(plain):
    """The adapter's own ``ADAPTER_RETURNS`` methods, failing on None."""
    checked = {}
    for name, must in ADAPTER_RETURNS.items():
        method = plain.__dict__.get(name)
        if callable(method):
            checked[name] = _never_none(method, f"{plain.__name__}.{name}", must)
    return checked


def _never_none(method, where, must):
    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        result = method(self, *args, **kwargs)
        if result is None:
            raise AdapterContractError(f"{where} returned None: {must}.")
        return result

    return checked


def _kind_decorator(kind):
    def decorator(name, *, usage=None, inherit=()):
        if isinstance(name, type):
            _fail(
                name,
                f"@{kind} is used without a component name",
                f"Write @{kind}('<addon>.<thing>.{kind.replace('_', '.')}').",
            )
        facts = {
            "kinds": [kind],
            "name": name,
            "usage": usage,
            "inherit": [inherit] if isinstance(inherit, str) else list(inherit),
        }
        return _Decorator(facts, sys._getframe(1))

    decorator.__name__ = kind
    decorator.__doc__ = (
        f"Make the class a '{KINDS[kind][0]}' component named ``name`` that "
        f"extends ``{KINDS[kind][1]}`` (``usage`` and extra ``inherit`` optional)."
    )
    return decorator


KIND_DECORATORS = {kind: _kind_decorator(kind) for kind in KINDS}
importer = KIND_DECORATORS["importer"]
batch_importer = KIND_DECORATORS["batch_importer"]
exporter = KIND_DECORATORS["exporter"]
batch_exporter = KIND_DECORATORS["batch_exporter"]
deleter = KIND_DECORATORS["deleter"]
import_mapper = KIND_DECORATORS["import_mapper"]
export_mapper = KIND_DECORATORS["export_mapper"]
adapter = KIND_DECORATORS["adapter"]
binder = KIND_DECORATORS["binder"]


def collection(backend_model):
    """Register the component in the collection of ``backend_model`` (or
    its short name)."""
    if isinstance(backend_model, type):
        _fail(
            backend_model,
            "@collection is used without a backend model",
            "Write @collection('<backend model>').",
        )
    return _Decorator({"collection": backend_model}, sys._getframe(1))


def apply_on(*model_names):
    """The Odoo model(s) the component synchronises (without it: every
    model, as an OCA component without ``_apply_on``)."""
    if not model_names or isinstance(model_names[0], type):
        _fail(
            model_names[0] if model_names else apply_on,
            "@apply_on is used without a model name",
            "Write @apply_on('<odoo model>').",
        )
    return _Decorator({"apply_on": list(model_names)}, sys._getframe(1))
