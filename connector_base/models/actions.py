# Copyright 2026 Connector Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The client actions buttons return: a notification, a record's form."""


def notification(message, kind="success", next_action=None, **params):
    """A notification (``kind``: success, warning, danger), then ``next_action``."""
    params.update(type=kind, message=message)
    if next_action:
        params["next"] = next_action
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": params,
    }


#: closes the dialog the button was pressed in
CLOSE = {"type": "ir.actions.act_window_close"}
#: shows what the button changed on the form (its fields, its chatter)
RELOAD = {"type": "ir.actions.client", "tag": "soft_reload"}


def form_action(model_name, res_id, **more):
    """The form of record ``res_id`` of ``model_name``."""
    return dict(
        type="ir.actions.act_window",
        res_model=model_name,
        res_id=res_id,
        view_mode="form",
        **more,
    )
