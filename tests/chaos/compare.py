#!/usr/bin/env python3
"""Compares what SlaTracking and Scheduling recorded with the live simulator's ground truth, call by call, and prints one
row per fault of a chaos run (tests/chaos/run.sh): events lost and duplicated, each counted in the window of the fault
during which the event happened. Exit status 1 on any loss or duplicate. docs/deploy.md, "Fault injection", says how."""

import argparse
import csv
import io
import json
import subprocess
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone


def instant(text):
    return None if text is None else datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def query(port, database, sql):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database, "-X", "-q",
                          "-c", f"COPY ({sql}) TO STDOUT WITH CSV"], check=True, capture_output=True, text=True).stdout
    return list(csv.reader(io.StringIO(out)))


def api(base, path, token=None, body=None):
    request = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {}))
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def read_platform(port):
    """Both modules' records, keyed by call id: what each consumer wrote (the effect of every event it took in)."""
    sla = {r[0]: {"queue": r[1], "queued": int(r[2]) / 1000, "answered": r[3] != "", "abandoned": r[4] != ""}
           for r in query(port, "callcentre_slatracking", "SELECT call_id, queue_id, queued_at, answered_at, abandoned_at FROM call_record")}
    sla_legs = Counter({r[0]: int(r[1]) for r in query(port, "callcentre_slatracking", "SELECT call_id, count(*) FROM call_leg GROUP BY call_id")})
    sched = {r[0]: {"queue": r[1], "queued": int(r[2]) / 1000}
             for r in query(port, "callcentre_scheduling", "SELECT call_id, queue_id, queued_at FROM call_arrival")}
    sched_legs = Counter({r[0]: int(r[1]) for r in query(port, "callcentre_scheduling", "SELECT call_id, count(*) FROM call_leg GROUP BY call_id")})
    return sla, sla_legs, sched, sched_legs


def compare(truth, windows, platform):
    """Per window: [lost in SlaTracking, lost in Scheduling, duplicated in SlaTracking, duplicated in Scheduling], and the
    list of what differed (for the log)."""
    sla, sla_legs, sched, sched_legs = platform
    found = defaultdict(lambda: [0, 0, 0, 0])
    details = []

    def window_of(at):
        name = windows[0][0]
        for w, start in windows:
            if start <= at:
                name = w
        return name

    def count(at, column, what):
        found[window_of(at)][column] += 1
        details.append(what)

    known = set()
    for call in truth["calls"]:
        cid = call["callId"]
        if cid is None:
            continue
        known.add(cid)
        posted, outcome = instant(call["postedAt"]), call["outcome"]
        record, arrival = sla.get(cid), sched.get(cid)
        if record is None or record["queue"] != call["queue"]:
            count(posted, 0, f"SlaTracking has no arrival of {cid} ({call['queue']})")
        if arrival is None or arrival["queue"] != call["queue"]:
            count(posted, 1, f"Scheduling has no arrival of {cid} ({call['queue']})")
        answered, abandoned = record is not None and record["answered"], record is not None and record["abandoned"]
        if outcome == "answered" and not answered:
            count(instant(call["answeredAt"]), 0, f"SlaTracking has no answer of {cid}")
        if outcome == "abandoned" and not abandoned:
            count(instant(call["abandonedAt"]), 0, f"SlaTracking has no abandon of {cid}")
        if answered and outcome != "answered" and outcome != "open":
            count(posted, 2, f"SlaTracking has {cid} answered, the caller {outcome}")
        if abandoned and outcome != "abandoned" and outcome != "open":
            count(posted, 2, f"SlaTracking has {cid} abandoned, the caller {outcome}")
        # One leg per completed call; an answered call whose completion answer was lost may have its leg or not.
        completed = instant(call["completedAt"])
        expected_legs = 1 if completed is not None else 0
        may_have_leg = outcome == "answered"
        for column, legs, module in ((0, sla_legs, "SlaTracking"), (1, sched_legs, "Scheduling")):
            n = legs.get(cid, 0)
            if n < expected_legs:
                count(completed, column, f"{module} has no leg of {cid}")
            elif n > max(expected_legs, 1 if may_have_leg else 0):
                count(completed or posted, column + 2, f"{module} has {n} legs of {cid}")

    # Records of calls the simulator never saw placed: an unconfirmed post that did arrive, or a call queued twice.
    unconfirmed = Counter(window_of(instant(c["postedAt"])) for c in truth["calls"] if c["outcome"] == "unconfirmed")
    for column, records, module in ((2, sla, "SlaTracking"), (3, sched, "Scheduling")):
        unknown = Counter()
        for cid, r in records.items():
            if cid not in known:
                unknown[window_of(r["queued"])] += 1
                details.append(f"{module} has {cid} ({r['queue']}), a call the simulator did not place (or did not see placed)")
        for w, n in unknown.items():
            found[w][column] += max(0, n - unconfirmed[w])
    return found, details


def other_partitions(truth, faults, tenant_of_queue, partition_of_tenant):
    """Per partition fault (a row naming its partition): the calls of the other partitions first posted between the kill
    and the moment the faulted partition had a leader again, as [placed at once, refused at least once]."""
    seen = {}
    for name, at, back, leaderless, *rest in faults:
        if not rest or rest[0] == "-" or at == "-":
            continue
        end = float(at) + (float(leaderless) if leaderless.replace(".", "", 1).isdigit() else float(back))
        placed = refused = 0
        for c in truth["calls"]:
            posted = instant(c["postedAt"])
            if not float(at) <= posted <= end or partition_of_tenant.get(tenant_of_queue[c["queue"]], "default") == rest[0]:
                continue
            if c["attempts"] > 1 or c["outcome"] in ("refused", "unconfirmed"):
                refused += 1
            else:
                placed += 1
        seen[name] = [placed, refused]
    return seen


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--truth", required=True)
    p.add_argument("--faults", required=True)
    p.add_argument("--pg-port", required=True)
    p.add_argument("--routing", required=True)
    p.add_argument("--slatracking", required=True)
    p.add_argument("--scheduling", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--wait", type=float, default=60)
    p.add_argument("--scenario", help="the scenario played: each queue's tenant, for --partition")
    p.add_argument("--partition", action="append", default=[], help="NAME=TENANT,TENANT... as given to run-distributed.sh")
    a = p.parse_args()

    truth = json.load(open(a.truth))
    calls = truth["calls"]
    start = min(instant(c["postedAt"]) for c in calls)
    faults = [line.rstrip("\n").split("\t") for line in open(a.faults) if line.strip()]
    partition_of_tenant = {t: name for name, tenants in (x.split("=", 1) for x in a.partition) for t in tenants.split(",")}
    isolation = {}
    if a.partition:
        tenant_of_queue = {q["id"]: q["tenant"] for q in json.load(open(a.scenario))["queues"]}
        isolation = other_partitions(truth, faults, tenant_of_queue, partition_of_tenant)
    windows = [("no fault (warm-up)", 0.0)] + [(f[0], float(f[1])) for f in faults if f[1] != "-"]

    # Events still in flight look lost: read again until nothing is missing or the wait is over.
    deadline = time.monotonic() + a.wait
    while True:
        found, details = compare(truth, windows, read_platform(a.pg_port))
        if all(v[0] == 0 and v[1] == 0 for v in found.values()) or time.monotonic() >= deadline:
            break
        time.sleep(3)

    def window_of(at):
        return max((w for w in windows if w[1] <= at), key=lambda w: w[1])[0]

    retried, refused, unconfirmed = Counter(), Counter(), Counter()
    for c in calls:
        w = window_of(instant(c["postedAt"]))
        if c["outcome"] == "refused":
            refused[w] += 1
        elif c["outcome"] == "unconfirmed":
            unconfirmed[w] += 1
        elif c["attempts"] > 1:
            retried[w] += 1

    print()
    other = " other partitions' calls while leaderless (placed / refused) |" if a.partition else ""
    print(f"| fault | at (s) | all ready after (s) | s without a leader | calls refused then placed on retry | not placed | unconfirmed | events lost (SlaTracking + Scheduling) | events duplicated |{other}")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" + (" ---: |" if a.partition else ""))
    rows = [("no fault (warm-up)", str(start), "-", "-")] + [tuple(f) for f in faults]
    for name, at, back, leaderless, *_ in rows:
        cell = (f" {isolation[name][0]} / {isolation[name][1]} |" if name in isolation else " - |") if a.partition else ""
        if at == "-":
            print(f"| {name} | - | - | {leaderless} | - | - | - | - | - |{cell}")
            continue
        lost_sla, lost_sched, dup_sla, dup_sched = found[name]
        print(f"| {name} | {float(at) - start:.0f} | {back} | {leaderless} | {retried[name]} | {refused[name]} | {unconfirmed[name]} "
              f"| {lost_sla} + {lost_sched} | {dup_sla} + {dup_sched} |{cell}")
    lost = sum(v[0] + v[1] for v in found.values())
    duplicated = sum(v[2] + v[3] for v in found.values())
    crossed = sum(v[1] for v in isolation.values())
    print()

    # The figures a client and a planner read, queue by queue, beside the ground truth.
    token = api(a.routing, "/api/auth/token", body={"username": "admin", "password": a.password})["accessToken"]
    today = {q["queueId"]: q for q in api(a.slatracking, "/api/sla/today", token)}
    frm = datetime.fromtimestamp(start, timezone.utc).replace(minute=0, second=0, microsecond=0)
    to = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    figures_differ = 0
    print("| queue | offered (truth / SlaTracking / Scheduling) | answered (truth / SlaTracking) | abandoned | answered within threshold |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for q in truth["queues"]:
        mine = [c for c in calls if c["queue"] == q["queue"] and c["callId"] is not None]
        s = today.get(q["queue"], {"offered": 0, "answered": 0, "abandoned": 0, "answeredWithinThreshold": 0})
        volumes = api(a.scheduling, f"/api/scheduling/queues/{q['queue']}/volumes?from={frm.isoformat().replace('+00:00', 'Z')}"
                                    f"&to={to.isoformat().replace('+00:00', 'Z')}&intervalMinutes=60", token)
        planned = sum(v["calls"] for v in volumes)
        extra = q["unconfirmed"]
        ok = (len(mine) <= s["offered"] <= len(mine) + extra and len(mine) <= planned <= len(mine) + extra
              and s["answered"] == q["answered"] and s["abandoned"] == q["abandoned"])
        figures_differ += not ok
        print(f"| {q['queue']} | {len(mine)} / {s['offered']} / {planned} | {q['answered']} / {s['answered']} | {q['abandoned']} / {s['abandoned']} "
              f"| {q['answeredWithinThreshold']} / {s['answeredWithinThreshold']} |"
              + ("" if ok else " DIFFERS"))
    print()
    for d in details[:40]:
        print("  " + d)
    print(f"events lost: {lost}, events duplicated: {duplicated}, queues whose figures differ: {figures_differ}"
          + (f", other partitions' calls refused while a partition was leaderless: {crossed}" if a.partition else "")
          + f" ({len(calls)} calls, {sum(c['callId'] is not None for c in calls)} placed)")
    return 1 if lost or duplicated or figures_differ or crossed else 0


if __name__ == "__main__":
    sys.exit(main())
