"""CPU seconds used by each party of a measurement: the Odoo server (all its
processes), PostgreSQL (the postmaster and its backends) and the benchmark's
own process, which serves the Kogan simulator. They share the machine's
cores, so a method that does not scale with workers shows here what took
the cores (read from /proc, Linux only). On a virtual machine the host may
also take them: ``stolen`` is the time the machine's cores waited for the
host (proc(5), ``steal``), which slows a measurement and so every ratio
between two rows measured at different times."""

import os
import resource
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid):
    """The fields of /proc/PID/stat after the command name (state first)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _used(pid):
    """CPU seconds of a process and of its children it has reaped
    (utime, stime, cutime, cstime: proc(5) fields 14 to 17)."""
    return sum(int(x) for x in _stat(pid)[11:15]) / TICK


def _tree(pids):
    """CPU seconds of processes: a child reaped by one of them is in its
    parent's figures, a live one is counted by itself."""
    total = 0.0
    for pid in pids:
        try:
            total += _used(pid)
        except OSError:  # ended meanwhile: its parent has its figures
            pass
    return total


def _pids_where(index, value):
    """The processes whose stat field ``index`` (after the state) is ``value``."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if int(_stat(proc.name)[index]) == value:
                    pids.append(proc.name)
            except (OSError, IndexError):
                continue
    return pids


def children_of(ppid):
    return _pids_where(1, ppid)


def group_of(pgid):
    """The processes of a process group."""
    return _pids_where(2, pgid)


def parent_of(pid):
    return int(_stat(pid)[1])


def _stolen():
    """CPU seconds the host has taken from this machine's cores, all cores
    together (the ``cpu`` line of /proc/stat: its eighth value, ``steal``)."""
    with open("/proc/stat") as stat:
        return int(stat.readline().split()[8]) / TICK


def cpu_now(odoo_pids, postmaster):
    """{party: CPU seconds so far}; the differences of two readings are what
    a measurement used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "odoo": _tree(odoo_pids),
        "postgres": _tree([postmaster, *children_of(postmaster)]),
        "bench": usage.ru_utime + usage.ru_stime,
        "stolen": _stolen(),
    }


def cpu_used(before, after):
    """The measurement's row fields: CPU seconds of each party."""
    return {
        f"{party}_cpu_s": round(after[party] - before[party], 1) for party in before
    }
