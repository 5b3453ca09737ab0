#!/usr/bin/env python3
"""The SIP edge under load: SIPp callers at a steady rate through Kamailio and rtpengine to SIPp agents' phones, with Routing,
Telephony and SlaTracking in one Host. Prints every call's fate as SIPp and as SlaTracking saw it, post-dial delay and
answer-to-media percentiles, and the CPU of Kamailio, rtpengine, the Host and SIPp. Run by tests/telephony-load.sh."""
import json
import os
import queue
import re
import resource
import secrets
import selectors
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
NUMBER, TENANT, QUEUE = "33100000001", "load", "load-queue"
SSRC_BASE = 0xCA110000

cps, seconds, agents, talk_s = (int(a) for a in (sys.argv[1:] + ["20", "60", "200", "6"][len(sys.argv) - 1:])[:4])
base = int(os.environ.get("CC_LOAD_BASE_PORT", "28000"))
ports = dict(sip=base + 10, ws=base + 11, evapi=base + 12, ng=base + 13, cli=base + 14, http=base + 15, phone=base + 16,
             phone_media=base + 18, caller=base + 30, register=base + 40, rtp_min=base + 100, rtp_max=base + 999)
calls = cps * seconds
work = tempfile.mkdtemp(prefix="callcentre-telephony-load-")
password = secrets.token_hex(12)
sip_secret = secrets.token_hex(16)
children = []


def log(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def infra(function, env):
    subprocess.run(["bash", "-c", f'source deploy/local/infra.sh && {function} "$1"', "infra", work],
                   cwd=REPO, env={**os.environ, **env}, check=True)


def http(method, path, token=None, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{ports['http']}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return json.loads(text) if text else None


def sign_in(user):
    return http("POST", "/api/auth/token", body={"username": user, "password": password})["accessToken"]


def cpu_seconds(pids):
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def family(pid):
    """The process and its children (Kamailio's workers are forked from its main process)."""
    found = [pid]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (FileNotFoundError, ProcessLookupError):
                pass
    return found


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def percentiles(values):
    if not values:
        return "no value"
    values = sorted(values)
    at = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    return f"p50 {at(0.5):7.1f} ms   p99 {at(0.99):7.1f} ms   max {values[-1]:7.1f} ms   ({len(values)} calls)"


class Ears:
    """The callers' media: one UDP socket per call, named in its SDP. Once rtpengine sends to it (the ringback), the caller
    talks back every 20 ms with RTP of its own SSRC; the agent's phone echoes it, so that a packet of that SSRC arriving is
    the agent's side of the call reaching the caller."""

    def __init__(self, count, patience):
        self.patience = patience
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 2 * count + 512)), hard))
        self.sockets, self.rtcp = [], []
        # Each call owns its RTP port and the next one, where rtpengine sends RTCP: a neighbour's RTCP must not reach a caller.
        while len(self.sockets) < count:
            s, r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM), socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("127.0.0.1", 0))
            try:
                r.bind(("127.0.0.1", s.getsockname()[1] + 1))
            except OSError:
                s.close()
                r.close()
                continue
            s.setblocking(False)
            r.setblocking(False)
            self.sockets.append(s)
            self.rtcp.append(r)
        self.remote = [None] * count
        self.last_heard = [0.0] * count
        self.echo_times = [[] for _ in range(count)]
        self.last_foreign = [0.0] * count
        self.heard = [0] * count
        self.first_heard = [None] * count
        self.sent = [0] * count
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)

    def port(self, i):
        return self.sockets[i].getsockname()[1]

    def run(self):
        selector = selectors.DefaultSelector()
        for i, s in enumerate(self.sockets):
            selector.register(s, selectors.EVENT_READ, i)
        for r in self.rtcp:
            selector.register(r, selectors.EVENT_READ, None)
        payload = bytes(0x80 + (k % 32) for k in range(160))
        next_tick = time.monotonic()
        while not self.stop:
            for key, _ in selector.select(timeout=max(0.0, next_tick - time.monotonic())):
                i = key.data
                if i is None:
                    try:
                        while key.fileobj.recv(2048):
                            pass
                    except BlockingIOError:
                        pass
                    continue
                while True:
                    try:
                        data, source = key.fileobj.recvfrom(2048)
                    except BlockingIOError:
                        break
                    now = time.time()
                    # The port of the first packet (the ringback) is the call's, as a phone keeps the one its SDP answer named.
                    if self.remote[i] is None:
                        self.remote[i] = source
                    elif source != self.remote[i]:
                        continue
                    self.last_heard[i] = now
                    self.heard[i] += 1
                    if self.first_heard[i] is None:
                        self.first_heard[i] = now
                    if len(data) >= 12 and struct.unpack("!I", data[8:12])[0] == SSRC_BASE + i:
                        self.echo_times[i].append(now)
                    else:
                        self.last_foreign[i] = now
            if time.monotonic() >= next_tick:
                next_tick += 0.02
                now = time.time()
                for i, remote in enumerate(self.remote):
                    # The answer stops the ringback before the echo starts; once echoed, a pause of the echo is the hang-up: a
                    # caller talking on reaches the call rtpengine gives the port to next, which takes it for its own peer.
                    if remote is not None and (now - self.echo_times[i][-1] < 0.2 if self.echo_times[i] else
                                               now - self.last_foreign[i] < self.patience):
                        seq = self.sent[i] & 0xFFFF
                        header = struct.pack("!BBHII", 0x80, 0, seq, (self.sent[i] * 160) & 0xFFFFFFFF, SSRC_BASE + i)
                        try:
                            self.sockets[i].sendto(header + payload, remote)
                            self.sent[i] += 1
                        except OSError:
                            pass


def sipp_messages(path):
    """Per Call-ID, the instants (epoch seconds) SIPp sent the INVITE and received the first 18x and the final reply."""
    seen = {}
    stamp = re.compile(r"^-+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)")
    with open(path, errors="replace") as f:
        text = f.read()
    for block in re.split(r"\n(?=-{10,} \d{4}-)", text):
        m = stamp.match(block.strip("\n"))
        if not m:
            continue
        at = datetime.strptime(m.group(1)[:26], "%Y-%m-%d %H:%M:%S.%f").timestamp()
        cid = re.search(r"^Call-ID:\s*(\S+)", block, re.M | re.I)
        cseq = re.search(r"^CSeq:\s*\d+ (\w+)", block, re.M | re.I)
        if not cid or not cseq or cseq.group(1) != "INVITE":
            continue
        call = seen.setdefault(cid.group(1), {})
        if "message sent" in block and re.search(r"^INVITE ", block, re.M):
            call.setdefault("invite", at)
        status = re.search(r"^SIP/2\.0 (\d{3})", block, re.M)
        if "message received" in block and status:
            code = int(status.group(1))
            if code in (180, 183):
                call.setdefault("ringing", at)
            elif code >= 200:
                call.setdefault("final", (code, at))
    return seen


def main():
    log(f"{cps} calls/s for {seconds} s ({calls} calls), {agents} agents, {talk_s} s of talk; work folder {work}; "
        f"load average {load_average()}")
    configuration = os.environ.get("CC_LOAD_CONFIGURATION", "Release")
    host_dll = os.path.join(REPO, "services", "Host", "bin", configuration, "net10.0", "CallCentre.Host.dll")
    if not os.path.exists(host_dll):
        sys.exit(f"{host_dll} not found: dotnet build services/Host -c {configuration}")
    infra("cc_telephony_start", {
        "CC_SIP_PORT": str(ports["sip"]), "CC_SIP_WS_PORT": str(ports["ws"]), "CC_EVAPI_PORT": str(ports["evapi"]),
        "CC_RTPENGINE_NG_PORT": str(ports["ng"]), "CC_RTPENGINE_CLI_PORT": str(ports["cli"]),
        "CC_RTP_PORT_MIN": str(ports["rtp_min"]), "CC_RTP_PORT_MAX": str(ports["rtp_max"]), "CC_SIP_SECRET": sip_secret})
    telephony = os.path.join(work, "telephony")
    kamailio_pid = int(open(os.path.join(telephony, "kamailio.pid")).read())
    rtpengine_pid = int(open(os.path.join(telephony, "rtpengine.pid")).read())

    centre = os.path.join(work, "centre.json")
    with open(centre, "w") as f:
        json.dump({
            "tenants": [{"id": TENANT, "name": "Load", "timeZone": "Europe/Paris", "language": "fr"}],
            "queues": [{"id": QUEUE, "tenantId": TENANT, "name": "Load", "lineOfBusiness": "banking", "language": "fr",
                        "requiredSkills": {"fr": 1}, "priority": 5, "serviceLevelThresholdSeconds": 20,
                        "serviceLevelTarget": 0.8, "wrapUpSeconds": 0, "offerTimeoutSeconds": 15}],
            "agents": [{"id": f"a{i:03}", "name": f"Agent {i}", "skills": {"fr": 3}} for i in range(agents)],
        }, f)
    env = {**os.environ, "Centre__File": centre, "Auth__DemoUsers": "true", "Auth__DemoPassword": password,
           "Auth__AttemptsPerAddressPerMinute": "100000", "Simulator__Enabled": "false",
           "Telephony__Control": f"127.0.0.1:{ports['evapi']}", "Telephony__SipSecret": sip_secret,
           f"Telephony__Numbers__{NUMBER}": QUEUE, "Logging__LogLevel__Default": "Warning"}
    host_log = open(os.path.join(work, "host.log"), "w")
    host = subprocess.Popen(["dotnet", host_dll, "--modules", "routing,telephony,slatracking", "--urls",
                             f"http://127.0.0.1:{ports['http']}", "--data", os.path.join(work, "host")],
                            cwd=os.path.dirname(host_dll), env=env, stdout=host_log, stderr=subprocess.STDOUT)
    children.append(host)
    deadline = time.time() + 180
    while True:
        try:
            admin = sign_in("admin")
            break
        except OSError:
            if time.time() > deadline or host.poll() is not None:
                sys.exit(f"the Host did not start; {work}/host.log")
            time.sleep(1)
    log("Host up (routing, telephony, slatracking)")

    sipp = ["sipp", f"127.0.0.1:{ports['sip']}", "-i", "127.0.0.1", "-nostdin"]
    register_scenario = os.path.join(REPO, "tests", "CallCentre.Telephony.Tests", "Scenarios", "agent_register.xml")

    free_ports = queue.Queue()
    for k in range(8):
        free_ports.put(ports["register"] + k)

    def ready(i):
        agent = f"a{i:03}"
        token = sign_in(agent)
        credentials = http("GET", "/api/telephony/sip-credentials", token)
        http("PUT", "/api/agents/me/state", token, {"state": "Available"})
        # One SIPp a phone: SIPp 3.6 reads no digest credentials from an injection file. Every contact is the one answering SIPp's.
        port = free_ports.get()
        register = subprocess.run(sipp + ["-sf", register_scenario, "-key", "agent", agent, "-key", "phone_port", str(ports["phone"]),
                                          "-p", str(port), "-m", "1", "-au", credentials["username"],
                                          "-ap", credentials["password"], "-timeout", "30s", "-timeout_error"],
                                  cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        free_ports.put(port)
        if register.returncode != 0:
            raise RuntimeError(f"registering {agent}'s phone failed ({register.returncode}): {register.stderr[-1000:]}")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(ready, range(agents)))
    log(f"{agents} agents Available in Routing, their phones registered (one SIPp answers for all, port {ports['phone']})")

    phone_log = open(os.path.join(work, "phone.log"), "w")
    phone = subprocess.Popen(["sipp", "-sf", os.path.join(REPO, "tests", "CallCentre.Telephony.Tests", "Scenarios", "agent_answer.xml"),
                              "-i", "127.0.0.1", "-p", str(ports["phone"]), "-mp", str(ports["phone_media"]), "-rtp_echo",
                              "-d", "500", "-nostdin", "-trace_err", "-max_socket", "4096"],
                             cwd=work, stdout=phone_log, stderr=subprocess.STDOUT)
    children.append(phone)
    ears = Ears(calls, talk_s + 2.0)
    with open(os.path.join(work, "callers.csv"), "w") as f:
        f.write("SEQUENTIAL\n" + "".join(f"{ears.port(i)};06{12000000 + i}\n" for i in range(calls)))
    ears.thread.start()
    time.sleep(1)

    kamailio = family(kamailio_pid)
    measured = {"Kamailio": kamailio, "rtpengine": [rtpengine_pid], "Host": [host.pid], "SIPp (phones)": [phone.pid]}
    before = {name: cpu_seconds(pids) for name, pids in measured.items()}
    load_before = load_average()
    started = time.time()
    log(f"calling: {calls} calls at {cps}/s")
    caller = subprocess.Popen(sipp + ["-sf", os.path.join(HERE, "caller_load.xml"), "-inf", "callers.csv", "-s", NUMBER,
                                      "-p", str(ports["caller"]), "-r", str(cps), "-m", str(calls), "-l", str(calls),
                                      "-d", str(talk_s * 1000), "-trace_msg", "-message_file", "caller-messages.log",
                                      "-trace_stat", "-stf", "caller-stats.csv", "-fd", "5", "-trace_err",
                                      "-max_socket", "4096"],
                              cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    children.append(caller)
    measured["SIPp (callers)"] = [caller.pid]
    before["SIPp (callers)"] = 0.0
    caller_cpu = 0.0
    # SIPp's own -timeout does not end calls held without a final reply: those are counted as such.
    give_up = started + seconds + talk_s + 90
    while caller.poll() is None:
        caller_cpu = cpu_seconds([caller.pid]) or caller_cpu
        if time.time() > give_up:
            log("calls still without an end 90 s after the last one was due: stopping the callers' SIPp")
            caller.terminate()
            caller.wait(30)
            break
        time.sleep(0.5)
    elapsed = time.time() - started
    after = {name: cpu_seconds(pids) for name, pids in measured.items()}
    after["SIPp (callers)"] = caller_cpu
    load_after = load_average()
    log(f"callers done in {elapsed:.1f} s (SIPp exit code {caller.returncode}); load average {load_after}")
    if caller.returncode not in (0, 1, -signal.SIGTERM):
        sys.exit(f"the callers' SIPp failed: {caller.stderr.read()[-2000:]}")
    time.sleep(1.5)
    ears.stop = True

    seen = sipp_messages(os.path.join(work, "caller-messages.log"))
    stats = open(os.path.join(work, "caller-stats.csv")).read().strip().splitlines()
    header, last = stats[0].split(";"), stats[-1].split(";")
    sipp_ok, sipp_failed = int(last[header.index("SuccessfulCall(C)")]), int(last[header.index("FailedCall(C)")])
    answered = {cid: c for cid, c in seen.items() if c.get("final", (0,))[0] == 200}
    refused = {cid: c for cid, c in seen.items() if "final" in c and c["final"][0] != 200}
    no_answer = [cid for cid, c in seen.items() if "final" not in c]

    sla = None
    for _ in range(60):
        rows = http("GET", f"/api/sla/tenants/{TENANT}/today", admin)
        sla = next((r for r in rows if r["queueId"] == QUEUE), None)
        if sla and sla["answered"] + sla["abandoned"] >= len(seen):
            break
        time.sleep(1)

    print()
    print(f"calls: SIPp started {len(seen)}, {sipp_ok} successful and {sipp_failed} failed by its statistics; "
          f"{len(answered)} answered (200), {len(refused)} refused {sorted({c['final'][0] for c in refused.values()})}, "
          f"{len(no_answer)} without a final reply, by its message log")
    if sla:
        print(f"SlaTracking, queue {QUEUE} today: offered {sla['offered']}, answered {sla['answered']}, abandoned {sla['abandoned']}, "
              f"answered within {20} s {sla['answeredWithinThreshold']}")
    accounted = sla is not None and sla["offered"] == len(seen) == calls and sla["answered"] == len(answered) == sipp_ok \
        and sla["abandoned"] == len(refused) + len(no_answer) == sipp_failed
    print(f"every call accounted for: {'yes' if accounted else 'NO'}")
    pdd = [(c["ringing"] - c["invite"]) * 1000 for c in seen.values() if "invite" in c and "ringing" in c]
    to_answer = [(c["final"][1] - c["invite"]) * 1000 for c in answered.values() if "invite" in c]
    # SIPp numbers its calls from 1 in its Call-IDs ("<n>-<pid>@...") and gives call n the injection file's line n, whose port is ear n - 1.
    ear = lambda cid: int(cid.split("-", 1)[0]) - 1
    # rtpengine returns a caller's own packets to it until the phone's answer: only an echo after the 200 OK crossed the phone.
    first_echo = {cid: next((t for t in ears.echo_times[ear(cid)] if t >= c["final"][1]), None) for cid, c in answered.items()}
    media = [(first_echo[cid] - c["final"][1]) * 1000 for cid, c in answered.items() if first_echo[cid] is not None]
    silent = [cid for cid in answered if first_echo[cid] is None]
    print(f"post-dial delay, INVITE -> first 180 at the caller:   {percentiles(pdd)}")
    print(f"INVITE -> 200 OK (routing, ring {0.5:.1f} s, answer):       {percentiles(to_answer)}")
    print(f"answer-to-media, 200 OK -> first echoed RTP at the caller: {percentiles(media)}; answered calls with no media back: {len(silent)}"
          + (f" (their Call-IDs in {work}/silent.txt)" if silent else ""))
    with open(os.path.join(work, "silent.txt"), "w") as f:
        for cid in silent:
            c, e = answered[cid], ear(cid)
            heard = "never" if ears.first_heard[e] is None else f"{(ears.first_heard[e] - c['invite']) * 1000:.0f} ms after the INVITE"
            f.write(f"{cid} port {ears.port(e)}: 200 OK {(c['final'][1] - c['invite']) * 1000:.0f} ms after the INVITE; first packet "
                    f"from rtpengine {heard}, last {(ears.last_heard[e] - c['final'][1]) * 1000:.0f} ms after the 200 OK, "
                    f"{ears.heard[e]} in all, {len(ears.echo_times[e])} of them its own; sent {ears.sent[e]}\n")
    echoed = sum(1 for cid, c in answered.items() for t in ears.echo_times[ear(cid)] if t >= c["final"][1])
    print(f"RTP: the callers sent {sum(ears.sent):,} packets, {echoed:,} came back through the agents' phones after the answer")
    for name in measured:
        used = after[name] - before[name]
        print(f"CPU {name:<15} {used:7.1f} s   {100 * used / elapsed:5.1f} % of one core over {elapsed:.0f} s")
    print(f"load average (1, 5, 15 min): {load_before} before the calls, {load_after} after; {os.cpu_count()} cores")
    return 0 if accounted and not silent else 1


if __name__ == "__main__":
    code = 1
    try:
        code = main()
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
                try:
                    child.wait(10)
                except subprocess.TimeoutExpired:
                    child.kill()
        infra("cc_telephony_stop", {})
    sys.exit(code)
