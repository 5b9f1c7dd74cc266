"""Several Odoo servers on one database behind HAProxy (issue 32).

Each server runs worker processes (``ODOO_WORKERS``) and queue_job's
jobrunner, pointed at the load balancer (``ODOO_QUEUE_JOB_HOST/PORT``): the
jobrunner that holds queue_job's advisory lock (its master election) sends
every job to HAProxy, which spreads them over the servers that answer its
health check (``/web/health``). The others' jobrunners wait, retrying the
lock every 5 s (queue_job's ``ERROR_RECOVERY_DELAY``).

What it measures (``scripts/scaleout.sh``):

- the wall time of an import of N Kogan listings (the backend's *Import*)
  with one server and with two;
- a failover: two servers, the import started, the server whose jobrunner
  holds the lock killed (SIGKILL, its workers with it) while jobs run on it;
  the other's jobrunner takes the lock over, the killed server's jobs run
  again, and the books are counted: products, bindings, jobs by state.

queue_job 18.0.1.7.0 leaves the jobs of a dead worker ``started`` (and the
ones it had been sent ``enqueued``) for ever; the connector's cron
(``connector_base``'s *requeue jobs of stopped workers*, every 5 minutes)
requeues a started job once it is older than
``connector_base.started_job_timeout_minutes`` (30) and nobody holds its
running lock, and queue_job's own garbage collector the enqueued ones after
5 minutes. The driver does not wait for those timeouts: once the survivor
holds the lock it ages the killed server's jobs past them and runs that
cron's method; the lock check still decides which jobs are requeued.
"""

import json
import signal
import socket
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

from ..driver_cli import driver_parser, open_database
from ..odoo_server import OdooServer, free_port, waits

ROOT = Path(__file__).resolve().parents[2]
SELLER, TOKEN = "scaleout-seller", "scaleout-token"
WORKERS = 3  # worker processes per server
# jobs at once per server: fewer than its workers, so that one always answers
# users and HAProxy's health check (a job holds its worker while it runs)
JOBS_PER_SERVER = 2
MASTER_READY = "queue job runner ready for db"


def haproxy_config(port, servers):
    """HAProxy in front of ``servers`` (OdooServer): round robin over those
    whose ``/web/health`` answers, checked every second; a request whose
    server does not answer is sent to another (``redispatch``). Jobs run
    inside their HTTP request, so the server timeout is Odoo's own
    ``limit_time_real``."""
    lines = [
        "global",
        "    maxconn 512",
        "defaults",
        "    mode http",
        "    timeout connect 5s",
        "    timeout client 1200s",
        "    timeout server 1200s",
        "    option redispatch",
        "    retries 3",
        "frontend odoo",
        f"    bind 127.0.0.1:{port}",
        "    default_backend servers",
        "backend servers",
        "    balance roundrobin",
        "    option httpchk",
        # Odoo answers a request without a Host header with an error
        "    http-check send meth GET uri /web/health ver HTTP/1.1 hdr Host localhost",
    ]
    lines += [
        f"    server odoo{n} 127.0.0.1:{server.port} check inter 1s fall 2 rise 1"
        for n, server in enumerate(servers, 1)
    ]
    return "\n".join(lines) + "\n"


def free_ports(count):
    """``count`` loopback ports, each with the next one free too (Odoo's
    gevent port is its HTTP port + 1), none next to another."""
    ports = []
    while len(ports) < count:
        port = free_port()
        taken = {p + d for p in ports for d in (-1, 0, 1)}
        if port not in taken and port + 1 not in taken and _free(port + 1):
            ports.append(port)
    return ports


def _free(port):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Cluster:
    """``count`` Odoo servers (worker processes, jobrunner) on ``db`` behind
    HAProxy; every process is stopped by ``stop()`` (and, through
    ``OdooServer``, when the process that started them dies)."""

    def __init__(self, db, count, logdir, channels):
        self.db, self.logdir = db, Path(logdir)
        lb_port, *ports = free_ports(count + 1)
        self.servers = [
            OdooServer(
                db,
                port,
                self.logdir / f"odoo{n}.log",
                command=[
                    "env",
                    "ODOO_QUEUE_JOB_HOST=127.0.0.1",
                    f"ODOO_QUEUE_JOB_PORT={lb_port}",
                    f"ODOO_QUEUE_JOB_CHANNELS={channels}",
                    "bash",
                    str(ROOT / "scripts/serve.sh"),
                    db,
                    str(port),
                ],
                workers=WORKERS,
            )
            for n, port in enumerate(ports, 1)
        ]
        config = self.logdir / "haproxy.cfg"
        config.write_text(haproxy_config(lb_port, self.servers))
        # HAProxy answers /web/health once a server behind it does: the
        # harness that waits for an Odoo server waits for it as well
        self.balancer = OdooServer(
            "haproxy",
            lb_port,
            self.logdir / "haproxy.log",
            command=["haproxy", "-db", "-f", str(config)],
        )

    def start(self):
        try:
            # one after the other: serve.sh writes the database's
            # configuration file, which a server reads as it starts
            for server in self.servers:
                server.logfile.unlink(missing_ok=True)
                server.start()
            self.balancer.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        for process in (self.balancer, *self.servers):
            process.stop()

    def master(self):
        """The server whose jobrunner holds queue_job's lock: the one that
        logged it is ready for the database (the others log nothing of their
        lost elections at the info level), or None yet."""
        masters = [s for s in self.alive() if MASTER_READY in _text(s.logfile)]
        return masters[-1] if masters else None

    def alive(self):
        return [s for s in self.servers if s.process and s.process.poll() is None]

    def worker_pids(self, server):
        """The processes of ``server``: its Odoo and every descendant."""
        pids, todo = set(), [server.process.pid]
        while todo:
            pid = todo.pop()
            pids.add(pid)
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    todo += [int(c) for c in (task / "children").read_text().split()]
                except OSError:
                    continue
        return pids


def _text(path):
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return ""


class ScaleOut:
    """Imports of Kogan listings through a ``Cluster`` on database ``db``,
    against the simulator ``sim``."""

    def __init__(self, db, sim, logdir):
        self.db, self.sim, self.logdir = db, sim, Path(logdir)
        self.registry = Registry(db)

    @contextmanager
    def env(self):
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})

    def backend(self, name, batch_size):
        values = dict(name=name, base_url=self.sim.base_url, seller_id=SELLER)
        values.update(seller_token=TOKEN, default_category="kogan:1")
        with self.env() as env:
            # the simulator answers plain http on loopback
            env["ir.config_parameter"].set_param(
                "connector_base.allow_insecure_http", "True"
            )
            backend = env["connector.kogan.backend"].create(
                dict(values, batch_size=batch_size)
            )
            return backend.id, backend._connector_channel()

    def seed(self, n):
        self.sim.reset()
        self.sim.seed_products(self.sim.make_products(n))

    def clean(self):
        """Forget the products of an earlier import."""
        with self.env() as env:
            env.cr.execute(
                "DELETE FROM connector_binding WHERE res_model = 'product.product'; "
                "DELETE FROM product_product WHERE default_code LIKE 'SKU-%'; "
                "DELETE FROM product_template t WHERE NOT EXISTS (SELECT 1 FROM "
                "product_product p WHERE p.product_tmpl_id = t.id)"
            )

    def start_import(self, backend_id):
        with self.env() as env:
            env["connector.kogan.backend"].browse(backend_id).action_import_products()

    def jobs(self, channel):
        """{state: count} of the jobs of the backend's channel."""
        with self.env() as env:
            env.cr.execute(
                "SELECT state, count(*) FROM queue_job WHERE channel = %s "
                "GROUP BY state",
                (channel,),
            )
            return dict(env.cr.fetchall())

    def wait_done(self, channel, what, timeout=None):
        """Until no job of the channel is left to run; fails on a failed one."""

        def finished():
            states = self.jobs(channel)
            if states.get("failed"):
                raise RuntimeError(f"{what}: a job failed: {states}")
            left = sum(n for s, n in states.items() if s not in ("done", "cancelled"))
            return bool(states) and not left

        waits().wait_until(finished, timeout or 3600, what, interval=0.5)

    def books(self, backend_id, channel, n):
        """What the import left: products, bindings, duplicates, jobs."""
        with self.env() as env:
            env.cr.execute(
                "SELECT count(*), count(DISTINCT external_id) FROM connector_binding "
                "WHERE backend_id = %s AND res_model = 'product.product' "
                "AND backend_model = 'connector.kogan.backend'",
                (backend_id,),
            )
            bindings, distinct = env.cr.fetchone()
            env.cr.execute(
                "SELECT count(*), count(DISTINCT default_code) FROM product_product "
                "WHERE default_code LIKE 'SKU-%%'"
            )
            products, skus = env.cr.fetchone()
        remote = {p["product_sku"] for p in self.sim.state()["products"]}
        return {
            "listings": n,
            "products": products,
            "products_duplicated": products - skus,
            "bindings": bindings,
            "bindings_duplicated": bindings - distinct,
            "listings_missing": len(remote) - distinct,
            "jobs": self.jobs(channel),
        }

    # -- the measurements --------------------------------------------------

    def timed_import(self, servers, n, batch_size=500):
        """Wall time of an import of ``n`` listings through ``servers``
        servers, from the button to the last job done."""
        self.seed(n)
        self.clean()
        backend_id, channel = self.backend(f"scale-out {servers} x {n}", batch_size)
        cluster = Cluster(
            self.db, servers, self._logdir(f"import-{servers}"), self._channels(servers)
        )
        cluster.start()
        try:
            self._wait_master(cluster)
            started = time.monotonic()
            self.start_import(backend_id)
            self.wait_done(channel, f"the import of {n} listings")
            seconds = time.monotonic() - started
        finally:
            cluster.stop()
        books = self.books(backend_id, channel, n)
        return {"method": "import", "servers": servers, "n": n,
                "seconds": round(seconds, 2), **books}  # fmt: skip

    def failover(self, n, batch_size, hold=None):
        """Two servers; the import of ``n`` listings started; the server
        whose jobrunner holds the lock killed while a job runs on it; the
        other takes over and the import ends. ``hold(env)`` (a test's
        device), called in a transaction kept open until the kill, may make
        the import's jobs wait there so that the kill finds one of them
        running on the master."""
        self.seed(n)
        self.clean()
        backend_id, channel = self.backend(f"failover {n}", batch_size)
        cluster = Cluster(self.db, 2, self._logdir("failover"), self._channels(2))
        cluster.start()
        try:
            master = self._wait_master(cluster)
            started = time.monotonic()
            with self._held(hold):
                self.start_import(backend_id)
                victims = self._wait_job_on(cluster, master, channel)
                dead_pids = cluster.worker_pids(master)
                master.kill()
                killed_at, killed_db = time.monotonic(), self._db_now()
            survivor = self._wait_master(cluster)
            taken_over = time.monotonic() - killed_at
            stranded = self._requeue_dead(channel, dead_pids, killed_db)
            self.wait_done(channel, f"the import of {n} listings after the failover")
            seconds = time.monotonic() - started
            reran = self._done_elsewhere(victims, dead_pids)
        finally:
            cluster.stop()
        books = self.books(backend_id, channel, n)
        return {
            "method": "failover", "servers": 2, "n": n,
            "seconds": round(seconds, 2),
            "killed": master.logfile.name, "took_over": survivor.logfile.name,
            "takeover_seconds": round(taken_over, 1),
            "jobs_on_killed_server": len(victims),
            "jobs_requeued": stranded, "jobs_rerun_done": reran, **books,
        }  # fmt: skip

    def _db_now(self):
        with self.env() as env:
            env.cr.execute("SELECT now() at time zone 'utc'")
            return env.cr.fetchone()[0]

    def _channels(self, servers):
        """Jobs at once over the cluster."""
        return f"root:{servers * JOBS_PER_SERVER}"

    def _logdir(self, name):
        path = self.logdir / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _wait_master(self, cluster):
        return waits().wait_until(
            cluster.master, waits().SERVER_START, "a jobrunner to hold the lock", 0.2
        )

    @contextmanager
    def _held(self, hold):
        if hold is None:
            yield
            return
        with self.env() as env:
            hold(env)
            yield

    def _wait_job_on(self, cluster, server, channel):
        """The uuids of the jobs started by ``server``'s workers, once there
        is one (and a job already done elsewhere or still to come: the
        import is under way)."""

        def started_there():
            pids = cluster.worker_pids(server)
            with self.env() as env:
                env.cr.execute(
                    "SELECT uuid, worker_pid FROM queue_job WHERE channel = %s "
                    "AND state = 'started' AND method_name = 'import_records'",
                    (channel,),
                )
                return [uuid for uuid, pid in env.cr.fetchall() if pid in pids]

        # the listing is read first: minutes for 100,000 listings
        return waits().wait_until(
            started_there, 5 * waits().JOB_RUN, "a chunk job on the master", 0.05
        )

    def _requeue_dead(self, channel, dead_pids, killed_at):
        """The killed server's jobs queued again (see the module's doc): the
        ones its workers had started, and the ones its jobrunner had sent
        but no worker started before it was killed (at ``killed_at``, the
        database's UTC time), aged past the timeouts; then the connector's
        cron method, which leaves alone any job whose running lock is still
        held (a killed job's session ends once PostgreSQL notices its client
        is gone). Returns how many jobs were requeued."""
        stranded = set()

        def requeued():
            with self.env() as env:
                env.cr.execute(
                    "UPDATE queue_job SET "
                    "date_started = date_started - interval '2 hours', "
                    "date_enqueued = date_enqueued - interval '2 hours' "
                    "WHERE channel = %s AND (state = 'started' AND worker_pid IN %s "
                    "OR state = 'enqueued' AND date_enqueued < %s) RETURNING uuid",
                    (channel, tuple(dead_pids), killed_at),
                )
                stranded.update(uuid for (uuid,) in env.cr.fetchall())
                env["queue.job"]._connector_requeue_interrupted()
                env.cr.execute(
                    "SELECT count(*) FROM queue_job WHERE uuid IN %s "
                    "AND state IN ('started', 'enqueued')",
                    (tuple(stranded) or ("",),),
                )
                return not env.cr.fetchone()[0]

        waits().wait_until(requeued, waits().JOB_RUN, "the killed jobs requeued", 0.5)
        return len(stranded)

    def _done_elsewhere(self, uuids, dead_pids):
        """How many of the jobs ``uuids`` ended done by another worker."""
        with self.env() as env:
            env.cr.execute(
                "SELECT count(*) FROM queue_job WHERE uuid IN %s AND state = 'done' "
                "AND worker_pid NOT IN %s",
                (tuple(uuids), tuple(dead_pids)),
            )
            return env.cr.fetchone()[0]


def main(argv=None):
    parser = driver_parser(__doc__, "scaleout")
    parser.add_argument("--listings", type=int, default=10000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--servers", default="1,2", help="server counts to time")
    args = parser.parse_args(argv)
    # a SIGTERM (scaleout.sh passes its own on) stops what was started
    signal.signal(signal.SIGTERM, lambda *__: sys.exit(143))
    out = open_database(args)
    from odoo.addons.connector_kogan.tests.simulator import KoganSimulator

    sim = KoganSimulator(seller_id=SELLER, seller_token=TOKEN).start()
    results = []
    try:
        run = ScaleOut(args.database, sim, out)
        for servers in [int(s) for s in args.servers.split(",") if s]:
            results.append(run.timed_import(servers, args.listings, args.batch_size))
            print(json.dumps(results[-1]), flush=True)
        results.append(run.failover(args.listings, args.batch_size))
        print(json.dumps(results[-1]), flush=True)
    finally:
        OdooServer.stop_all()
        sim.stop()
    (out / "result.json").write_text(json.dumps(results, indent=2) + "\n")
    failover = results[-1]
    ok = (
        failover["products"] == failover["bindings"] == args.listings
        and not failover["products_duplicated"]
        and not failover["bindings_duplicated"]
        and not failover["listings_missing"]
        and set(failover["jobs"]) == {"done"}
    )
    print(f"RESULT: {'nothing lost or duplicated' if ok else 'BOOKS DIFFER'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
