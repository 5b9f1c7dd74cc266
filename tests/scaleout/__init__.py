"""Several Odoo servers on one database behind a real load balancer
(issue 32): ``driver.py`` starts them, imports Kogan listings through them
and kills the server whose jobrunner holds queue_job's lock mid-import. Run
by ``scripts/scaleout.sh``; ``tests/test_scaleout_failover.py`` runs a short
failover."""
