# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Class decorators that turn plain classes into OCA components.

A connector author writes::

    @importer("kogan.product.importer")
    @apply_on("product.product")
    @collection("connector.kogan.backend")
    class ProductImporter:
        ...

Each decorator records one fact about the component on the plain class. Once
the whole decorator stack has been applied (the stack is read from the class
source, so the order does not matter), the facts are checked and a real
``Component`` is made: ``type(name, (PlainClass, Component), attrs)``. Its
``_inherit`` names the framework's generic implementation, so that ``super()``
in the plain class reaches it. The component is registered by
``MetaComponent`` for the addon that defines the class, and so is built only in
databases where that addon is installed, like any OCA component.
"""

import ast
import inspect
import sys
import textwrap

from odoo import models

from odoo.addons.component.core import AbstractComponent, Component, MetaComponent

SPEC = "_connector_spec"

# kind -> (usage, generic component it extends, whether @apply_on is required)
KINDS = {
    "importer": ("record.importer", "connector.base.record.importer", True),
    "batch_importer": ("batch.importer", "connector.base.batch.importer", True),
    "exporter": ("record.exporter", "connector.base.record.exporter", True),
    "batch_exporter": ("batch.exporter", "connector.base.batch.exporter", True),
    "deleter": ("record.deleter", "connector.base.record.deleter", True),
    "import_mapper": ("import.mapper", "connector.base.import.mapper", True),
    "export_mapper": ("export.mapper", "connector.base.export.mapper", True),
    "adapter": ("backend.adapter", "connector.base.adapter", False),
    "binder": ("binder", "connector.base.binder", False),
}


class DecoratorUsageError(TypeError):
    """A connector decorator is misused; the message names the class and the fix."""


def _fail(cls, problem, fix):
    raise DecoratorUsageError(f"{cls.__module__}.{cls.__qualname__}: {problem}. {fix}")


def _spec(cls):
    """The facts recorded on this very class (not inherited from a base)."""
    if SPEC not in cls.__dict__:
        setattr(cls, SPEC, {"applied": 0, "plain": cls})
    return cls.__dict__[SPEC]


def _our_decorator_names():
    return {fn.__name__ for fn in (collection, apply_on, *KIND_DECORATORS.values())}


def _stack_size(cls):
    """How many of our decorators the class statement carries, or None when
    the source cannot be read (classes made with exec, interactive sessions)."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
        node = ast.parse(source).body[0]
    except (OSError, TypeError, SyntaxError, IndexError):
        return None
    if not isinstance(node, ast.ClassDef):
        return None
    module = sys.modules.get(cls.__module__)
    module_globals = vars(module) if module else {}
    ours = set(KIND_DECORATORS.values()) | {collection, apply_on}
    names = _our_decorator_names()
    count = 0
    for decorator in node.decorator_list:
        func = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if module_globals.get(name) in ours or name in names:
            count += 1
    return count


def _defined_model_names():
    names = set()
    for model_classes in models.MetaModel.module_to_models.values():
        for model_class in model_classes:
            names.add(model_class._name)
            inherit = model_class._inherit
            names.update([inherit] if isinstance(inherit, str) else inherit or [])
    return names


def _known_component_names(exclude):
    return {
        component._name
        for components in MetaComponent._modules_components.values()
        for component in components
        if component._name and component is not exclude
    }


def _check(plain, spec):
    kinds = spec.get("kinds", [])
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
    kind = kinds[0]
    if not spec.get("collection"):
        _fail(
            plain,
            "it has no @collection",
            "Add @collection('<backend model>'), e.g. "
            "@collection('connector.kogan.backend'), so the framework knows "
            "which backend it serves.",
        )
    if spec["collection"] not in _defined_model_names():
        _fail(
            plain,
            f"@collection({spec['collection']!r}) names no Odoo model",
            "Define the backend model (inheriting 'connector.backend') before "
            "the components, or fix the name.",
        )
    if KINDS[kind][2] and not spec.get("apply_on"):
        _fail(
            plain,
            f"the @{kind} has no @apply_on",
            "Add @apply_on('<odoo model>') naming the model it synchronises.",
        )
    if issubclass(plain, AbstractComponent):
        _fail(
            plain,
            "it already is a Component",
            "Decorate a plain class (class X:), or keep the OCA style "
            "(_name, _inherit, _usage) without decorators.",
        )


def _build(plain, spec):
    """Make (or remake) the Component for a plain class and register it."""
    kind = spec["kinds"][0]
    usage, generic, _apply_on_required = KINDS[kind]
    previous = spec.get("component")
    if previous is not None:
        MetaComponent._modules_components[previous._module].remove(previous)
    if spec["name"] in _known_component_names(exclude=previous):
        _fail(
            plain,
            f"another component already claims the name {spec['name']!r}",
            "Give this component its own name; to extend the other one, use an "
            "OCA component with _inherit instead.",
        )
    attrs = {
        "_name": spec["name"],
        "_inherit": [generic, *spec.get("inherit", [])],
        "_usage": spec.get("usage") or usage,
        "_collection": spec["collection"],
        "_apply_on": spec.get("apply_on"),
        "__module__": plain.__module__,
        "__qualname__": plain.__qualname__,
        "__doc__": plain.__doc__,
        SPEC: spec,
    }
    component = MetaComponent(plain.__name__, (plain, Component), attrs)
    spec["component"] = component
    return component


def _complete(spec):
    kinds = spec.get("kinds")
    return bool(
        kinds
        and spec.get("collection")
        and (spec.get("apply_on") or not KINDS[kinds[0]][2])
    )


def _record(target, **facts):
    """Record facts from one decorator; build once the whole stack is applied."""
    plain = target.__dict__[SPEC]["plain"] if SPEC in target.__dict__ else target
    spec = _spec(plain)
    for key, value in facts.items():
        if key == "kinds":
            spec.setdefault("kinds", []).extend(value)
        else:
            spec[key] = value
    spec["applied"] += 1
    expected = spec.setdefault("expected", _stack_size(plain))
    if expected is not None and spec["applied"] < expected:
        return plain
    if expected is None and not _complete(spec):
        return plain  # source unknown: build as soon as enough is known
    _check(plain, spec)
    return _build(plain, spec)


def _kind_decorator(kind):
    def decorator(name, *, usage=None, inherit=()):
        if isinstance(name, type):
            _fail(
                name,
                f"@{kind} is used without a component name",
                f"Write @{kind}('<addon>.<thing>.{kind.replace('_', '.')}').",
            )

        def apply(cls):
            extra = [inherit] if isinstance(inherit, str) else list(inherit)
            return _record(cls, kinds=[kind], name=name, usage=usage, inherit=extra)

        return apply

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
    """Register the component in the collection of ``backend_model``."""
    if isinstance(backend_model, type):
        _fail(
            backend_model,
            "@collection is used without a backend model",
            "Write @collection('<backend model>').",
        )

    def apply(cls):
        return _record(cls, collection=backend_model)

    return apply


def apply_on(*model_names):
    """The Odoo model(s) the component synchronises."""
    if not model_names or isinstance(model_names[0], type):
        _fail(
            model_names[0] if model_names else apply_on,
            "@apply_on is used without a model name",
            "Write @apply_on('<odoo model>').",
        )

    def apply(cls):
        return _record(cls, apply_on=list(model_names))

    return apply
