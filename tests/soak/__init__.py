"""The soak run (issue 28, item 6): ``driver.py`` replays compressed days of
Kogan trading against the simulator through a real Odoo server,
``reconcile.py`` reconciles Odoo with the simulator's own ledger. Run by
``scripts/soak.sh``; ``tests/test_soak.py`` runs a short one."""
