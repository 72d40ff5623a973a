#!/usr/bin/env python3
"""Compare chipcheck with Rumur and SPIN on the benchmark models.

Not part of CI: a full run takes 20-30 minutes on a 2-core machine.

For every selected size it
  * generates and compiles Rumur's C (cc -O3 -mcx16) for --threads 1 and 2, and SPIN's pan
    (cc -O2 -DSAFETY -DNOREDUCE, and the same with -DNCORE=2 for two cores);
  * runs each checker, and chipcheck (--no-trap-check --json), once per thread count, under
    /usr/bin/time -v, so that wall seconds and peak RSS cover the checking run only; with
    --repeat N chipcheck N times, the thread counts in turn, and takes the median;
  * checks, before printing anything, that the three tools report the same number of states
    and of rules fired (SPIN after the adjustment documented in reference-counts.md), and that
    they match the published counts where those are known; any mismatch stops the script;
  * prints a markdown table, a table of state sizes, and a table of symmetry-reduced counts
    (Rumur --symmetry-reduction exhaustive vs chipcheck --symmetry).
With --callgrind it also counts instructions per state (valgrind --tool=callgrind) for
chipcheck, SPIN and Rumur on German data-free N=4, single-threaded.

All three tools check the same properties: the invariants and deadlock freedom (Rumur's
default deadlock detection, pan's invalid end states, chipcheck without trap checks).

Usage:
  Benchmarks/compare.py [--quick] [--sizes NAME,...] [--threads 1,2] [--timeout SECONDS]
                        [--callgrind] [--repeat N] [--no-symmetry] [--no-install] [--no-build]
                        [--work DIR] [--json FILE] [--markdown FILE]
Size names: see --list.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODELS = os.path.join(HERE, "models")
CHIPCHECK = os.path.join(ROOT, ".build", "release", "chipcheck")


class Size:
    """One benchmark configuration.

    spin_extra_states / spin_extra_rules: what SPIN counts on top of Rumur (reference-counts.md):
    German has a start-state choice step (+1 state, +S+1 transitions with S start states);
    credit-link has none (+0 states, +1 transition).
    """

    def __init__(self, name, model, label, murphi, consts, chip_args, start_states,
                 expected=None, quick=False, sym_murphi=None):
        self.name = name
        self.model = model
        self.label = label
        self.murphi = murphi
        self.consts = consts
        self.chip_args = chip_args
        self.start_states = start_states
        self.expected = expected  # (states, rules fired) from reference-counts.md, if known
        self.quick = quick
        self.sym_murphi = sym_murphi

    @property
    def spin_extra_states(self):
        return 1 if self.model.startswith("german") else 0

    @property
    def spin_extra_rules(self):
        return self.start_states + 1 if self.model.startswith("german") else 1


def german_nodata(n, **kw):
    return Size(f"german-nodata-{n}", "german data-free", f"N={n}", "german-nodata",
                {"N": n}, ["--model", "german", "--param", f"clients={n}", "--param", "data=off"],
                start_states=n, sym_murphi="german-nodata-sym", **kw)


def german_data(n, d, **kw):
    return Size(f"german-data-{n}", "german data", f"N={n} D={d}", "german",
                {"N": n, "D": d},
                ["--model", "german", "--param", f"clients={n}", "--param", "data=on",
                 "--param", f"values={d}"],
                start_states=d, sym_murphi="german-sym", **kw)


def credit_split(k, m, **kw):
    return Size(f"credit-split-{k}", "credit-link split", f"K={k} M={m}", "credit-link-split",
                {"K": k, "M": m},
                ["--model", "credit-link", "--param", f"K={k}", "--param", f"M={m}",
                 "--param", "variant=split"],
                start_states=1, **kw)


SIZES = [
    german_nodata(4, expected=(544860, 2913840), quick=True),
    german_nodata(5),
    german_data(2, 2, expected=(43422, 126844), quick=True),
    german_data(3, 2, expected=(4727700, 18684522)),
    credit_split(6, 6, expected=(417088, 2446276), quick=True),
    credit_split(8, 8),
    credit_split(10, 10),
]
# Symmetry-reduced counts, Rumur --symmetry-reduction exhaustive (reference-counts.md).
SYM_SIZES = ["german-nodata-4", "german-nodata-5", "german-data-3"]
SYM_QUICK = ["german-nodata-4", "german-data-2"]
SYM_EXPECTED = {"german-nodata-4": (27569, 147436), "german-data-2": (21714, 63430),
                "german-data-3": (796958, 3150364)}
# Sizes whose single-threaded Rumur run is known to take minutes; --quick leaves them out.


class Mismatch(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def sh(cmd, cwd=None, quiet=True):
    log("  $ " + " ".join(cmd))
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE if quiet else None,
                       stderr=subprocess.STDOUT if quiet else None, text=True)
    if r.returncode != 0:
        if quiet:
            log(r.stdout[-4000:])
        sys.exit(f"command failed ({r.returncode}): {' '.join(cmd)}")
    return r.stdout


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# ---------------------------------------------------------------------------- setup

def ensure_tools(install):
    missing = [pkg for tool, pkg in (("rumur", "rumur"), ("spin", "spin"), ("cc", "gcc"),
                                      ("gcc", "gcc"))
               if shutil.which(tool) is None]
    if not os.path.exists("/usr/bin/time"):
        missing.append("time")
    missing = sorted(set(missing))
    if missing:
        if not install:
            sys.exit(f"missing tools (Debian packages {missing}); run without --no-install")
        sh(["apt-get", "update"])
        sh(["apt-get", "install", "-y"] + missing)


def ensure_valgrind(install):
    if shutil.which("valgrind") is None:
        if not install:
            return False
        sh(["apt-get", "install", "-y", "valgrind"])
    return shutil.which("valgrind") is not None


def ensure_chipcheck(build):
    if build or not os.path.exists(CHIPCHECK):
        log("building chipcheck (swift build -c release)")
        sh(["swift", "build", "-c", "release"], cwd=ROOT, quiet=False)
    if not os.path.exists(CHIPCHECK):
        sys.exit(f"no chipcheck binary at {CHIPCHECK}")


# ---------------------------------------------------------------------------- running

def shm_ids():
    """System V shared memory segment ids (multi-core pan keeps its state space in them)."""
    try:
        with open("/proc/sysvipc/shm") as f:
            return {line.split()[1] for line in f.readlines()[1:]}
    except OSError:
        return set()


def timed(cmd, cwd, timeout, out_path):
    """Run cmd under /usr/bin/time -v; return (rc or 'timeout', wall s, peak RSS bytes, stdout)."""
    tfile = out_path + ".time"
    shm_before = shm_ids()
    with open(out_path, "w") as out:
        start = time.monotonic()
        p = subprocess.Popen(["/usr/bin/time", "-v", "-o", tfile] + cmd, cwd=cwd, stdout=out,
                             stderr=subprocess.STDOUT, start_new_session=True)
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            rc = "timeout"
            # a killed multi-core pan leaves its segments behind: remove those it created
            for shm in shm_ids() - shm_before:
                subprocess.run(["ipcrm", "-m", shm], stderr=subprocess.DEVNULL)
        end = time.monotonic()
    with open(out_path) as f:
        text = f.read()
    wall = end - start
    rss = None
    if rc != "timeout" and os.path.exists(tfile):
        with open(tfile) as f:
            tv = f.read()
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv)
        if m:
            rss = int(m.group(1)) * 1024
        m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)",
                      tv)
        if m:
            wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return rc, wall, rss, text


def murphi_source(size, work, sym=False):
    name = size.sym_murphi if sym else size.murphi
    with open(os.path.join(MODELS, name + ".m")) as f:
        text = f.read()
    for k, v in size.consts.items():
        text, n = re.subn(rf"^  {k}: [0-9]+;", f"  {k}: {v};", text, count=1, flags=re.M)
        if n != 1:
            sys.exit(f"{name}.m: no const {k}")
    path = os.path.join(work, f"{size.name}{'-sym' if sym else ''}.m")
    with open(path, "w") as f:
        f.write(text)
    return path


def build_rumur(size, threads, work, sym=False):
    src = murphi_source(size, work, sym)
    base = src[:-2] + f"-rumur{threads}"
    opts = ["--threads", str(threads)]
    if sym:
        opts += ["--symmetry-reduction", "exhaustive"]
    sh(["rumur"] + opts + [src, "-o", base + ".c"])
    sh(["cc", "-O3", "-mcx16", "-o", base, base + ".c", "-lpthread"])
    with open(base + ".c") as f:
        m = re.search(r"STATE_SIZE_BITS = (\d+)ul", f.read())
    return base, int(m.group(1)) if m else None


def parse_rumur(text):
    m = re.search(r"^\s*(\d+) states, (\d+) rules fired", text, re.M)
    if not m or "No error found" not in text:
        return None
    return int(m.group(1)), int(m.group(2))


def spin_flags(threads):
    flags = ["-O2", "-DSAFETY", "-DNOREDUCE"]
    if threads > 1:
        # Multi-core pan: processes sharing one hash table in System V shared memory.
        # MEMLIM (MB) bounds the shared state storage (the default is too small for the
        # larger sizes); VMAX is the largest state vector in bytes (pan recommends it).
        flags += [f"-DNCORE={threads}", "-DMEMLIM=16000", "-DVMAX=64"]
    return flags


def build_spin(size, threads, work):
    d = os.path.join(work, f"{size.name}-spin{threads}")
    os.makedirs(d, exist_ok=True)
    sh(["spin", "-a"] + [f"-D{k}={v}" for k, v in size.consts.items()]
       + [os.path.join(MODELS, size.murphi + ".pml")], cwd=d)
    sh(["cc"] + spin_flags(threads) + ["-w", "-o", "pan", "pan.c"], cwd=d)
    return d


PAN_ARGS = ["-m10000000"]  # the documented depth bound; --pan-depth changes it


def parse_spin(text):
    if "max search depth too small" in text:
        raise Mismatch("pan: max search depth too small")
    m1 = re.search(r"^\s*(\d+) states, stored", text, re.M)
    m2 = re.search(r"^\s*(\d+) transitions \(= stored\+matched\)", text, re.M)
    m3 = re.search(r"errors: (\d+)", text)
    if not (m1 and m2 and m3) or m3.group(1) != "0":
        return None
    vec = re.search(r"State-vector (\d+) byte", text)
    return int(m1.group(1)), int(m2.group(1)), int(vec.group(1)) if vec else None


def chipcheck_cmd(size, tool, threads):
    """The chipcheck command line for `tool` (chipcheck, or chipcheck-fp: the fingerprint store)."""
    cmd = [CHIPCHECK, "check"] + size.chip_args + ["--no-trap-check", "--threads", str(threads), "--json"]
    return cmd + ["--store", "fingerprint"] if tool == "chipcheck-fp" else cmd


def run_size(size, threads_list, timeout, work, tools=("rumur", "spin", "chipcheck"), repeat=1):
    """Runs every tool once per thread count; chipcheck's configurations `repeat` times in all,
    every thread count in turn, and their row takes the median wall time (and the largest
    peak RSS): a chipcheck run takes seconds where Rumur's and SPIN's take minutes, and on a
    virtual machine one run can be a third slower than the next for reasons outside it."""
    rows = []
    info = {"size": size}
    builds = {}
    log(f"== {size.model} {size.label}: compiling")
    for t in threads_list:
        if "rumur" in tools:
            builds[("rumur", t)], info["rumur_bits"] = build_rumur(size, t, work)
        if "spin" in tools:
            builds[("spin", t)] = build_spin(size, t, work)
    for t in threads_list:
        for tool in tools:
            if tool == "rumur":
                cmd, cwd = [builds[(tool, t)]], work
            elif tool == "spin":
                cmd, cwd = ["./pan"] + PAN_ARGS, builds[(tool, t)]
            else:
                cmd, cwd = chipcheck_cmd(size, tool, t), work
            out = os.path.join(work, f"{size.name}-{tool}{t}.out")
            la = loadavg()
            log(f"  run {tool} threads={t} (load {la}) ...")
            rc, wall, rss, text = timed(cmd, cwd, timeout, out)
            row = {"model": size.model, "size": size.label, "name": size.name, "tool": tool,
                   "threads": t, "seconds": wall, "rss": rss, "load_before": la,
                   "status": "ok", "states": None, "rules": None, "raw_states": None,
                   "raw_rules": None}
            if rc == "timeout":
                row["status"] = f"timeout ({timeout:.0f} s)"
            elif tool == "spin":
                r = parse_spin(text)
                if r is None:
                    row["status"] = f"failed (rc {rc}), see {out}"
                else:
                    row["raw_states"], row["raw_rules"], info["spin_vector"] = r
                    row["states"] = r[0] - size.spin_extra_states
                    row["rules"] = r[1] - size.spin_extra_rules
            else:
                fill_counts(row, tool, rc, text, out)
                row["walls"] = [wall]
            log(f"    {row['status']}: states={row['states']} rules={row['rules']} "
                f"{wall:.2f} s, peak RSS {rss and rss / 2**20:.1f} MiB")
            rows.append(row)
    check_counts(size, rows)
    repeat_chipcheck(size, rows, repeat, timeout, work)
    return rows, info


def repeat_chipcheck(size, rows, repeat, timeout, work):
    """Runs each chipcheck row's configuration again until it has `repeat` runs, the thread
    counts in turn, and sets its seconds to their median. Every run must report the same
    counts as the first."""
    chip = [r for r in rows if r["tool"].startswith("chipcheck") and r["status"] == "ok"]
    for k in range(1, repeat):
        for r in chip:
            out = os.path.join(work, f"{size.name}-{r['tool']}{r['threads']}-run{k}.out")
            rc, wall, rss, text = timed(chipcheck_cmd(size, r["tool"], r["threads"]), work, timeout, out)
            again = {"status": "ok", "states": None, "rules": None}
            fill_counts(again, r["tool"], rc, text, out)
            if rc == "timeout" or (again["states"], again["rules"]) != (r["states"], r["rules"]):
                raise Mismatch(f"{r['tool']} threads={r['threads']} run {k + 1}: {again['status']}, "
                               f"{again['states']} states / {again['rules']} rules fired, "
                               f"the first run {r['states']} / {r['rules']}")
            r["walls"].append(wall)
            r["rss"] = max(r["rss"] or 0, rss or 0) or None
    for r in chip:
        r["seconds"] = statistics.median(r["walls"])
        if len(r["walls"]) > 1:
            log(f"  {r['tool']} threads={r['threads']}: median {r['seconds']:.2f} s of "
                + ", ".join(f"{w:.2f}" for w in r["walls"]))


def fill_counts(row, tool, rc, text, out):
    """States and rules fired of a finished Rumur or chipcheck run, into `row` (chipcheck's
    whole JSON under "chipcheck"); a run that printed no result, or chipcheck with a verdict
    exit code, gets a failed status."""
    if tool == "rumur":
        r = parse_rumur(text)
        if r is None:
            row["status"] = f"failed (rc {rc}), see {out}"
        else:
            row["states"], row["rules"] = r
        return
    try:
        j = json.loads(text[text.index("{"):text.rindex("}") + 1])
        row["states"], row["rules"] = j["states"], j.get("rules_fired")
        row["chipcheck"] = j
        if rc != 0:
            row["status"] = f"rc {rc}"
    except (ValueError, KeyError):
        row["status"] = f"failed (rc {rc}), see {out}"


def check_counts(size, rows, what="states and rules fired"):
    """All finished runs must agree with each other and with the published counts."""
    done = [r for r in rows if r["states"] is not None]
    ref = size.expected
    if ref is None and done:
        ref = (done[0]["states"], done[0]["rules"])
        ref_from = f"{done[0]['tool']} threads={done[0]['threads']}"
    else:
        ref_from = "reference-counts.md"
    for r in done:
        if r["states"] != ref[0] or (r["rules"] is not None and r["rules"] != ref[1]):
            raise Mismatch(
                f"COUNT MISMATCH on {size.model} {size.label}: {r['tool']} threads={r['threads']}"
                f" reports {r['states']} states / {r['rules']} rules fired"
                + (f" (raw SPIN {r['raw_states']} / {r['raw_rules']})"
                   if r.get("raw_states") is not None else "")
                + f", but {ref_from} has {ref[0]} / {ref[1]} ({what})")
    failed = [r for r in rows if r["status"] != "ok" and not r["status"].startswith("timeout")]
    if failed:
        raise Mismatch("; ".join(f"{r['tool']} threads={r['threads']}: {r['status']}"
                                 for r in failed))


def run_symmetry(size, timeout, work):
    log(f"== symmetry {size.model} {size.label}")
    binary, _ = build_rumur(size, 1, work, sym=True)
    rows = []
    for tool in ("rumur", "chipcheck"):
        if tool == "rumur":
            cmd = [binary]
        else:
            cmd = [CHIPCHECK, "check"] + size.chip_args + [
                "--symmetry", "--no-trap-check", "--threads", "1", "--json"]
        out = os.path.join(work, f"{size.name}-sym-{tool}.out")
        la = loadavg()
        log(f"  run {tool} --symmetry threads=1 (load {la}) ...")
        rc, wall, rss, text = timed(cmd, work, timeout, out)
        row = {"model": size.model, "size": size.label, "name": size.name, "tool": tool,
               "threads": 1, "seconds": wall, "rss": rss, "status": "ok", "load_before": la,
               "states": None, "rules": None}
        if rc == "timeout":
            row["status"] = f"timeout ({timeout:.0f} s)"
        else:
            fill_counts(row, tool, rc, text, out)
        log(f"    {row['status']}: states={row['states']} rules={row['rules']} {wall:.2f} s")
        rows.append(row)
    sym_size = Size(size.name, size.model, size.label + " (symmetry)", None, {}, [], 0,
                    expected=SYM_EXPECTED.get(size.name))
    check_counts(sym_size, rows, "with symmetry reduction")
    return rows


def callgrind_one(size, work, timeout, tool, strip_copy):
    """Total instructions of one single-threaded run under callgrind, and its state count."""
    if tool == "chipcheck":
        cmd, cwd = [strip_copy, "check"] + size.chip_args + [
            "--no-trap-check", "--threads", "1", "--json"], work
    elif tool == "spin":
        cmd, cwd = ["./pan"] + PAN_ARGS, build_spin(size, 1, work)
    else:
        cmd, cwd = [build_rumur(size, 1, work)[0]], work
    cg_out = os.path.join(work, f"callgrind.{tool}.{size.name}.out")
    log(f"== callgrind {tool} on {size.model} {size.label} (load {loadavg()})")
    try:
        r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg_out}"]
                           + cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    m = re.search(r"Collected : (\d+)", r.stderr)
    if r.returncode != 0 or not m:
        log(r.stderr[-2000:])
        return None, f"failed (rc {r.returncode})"
    if tool == "chipcheck":
        states = json.loads(r.stdout[r.stdout.index("{"):r.stdout.rindex("}") + 1])["states"]
    elif tool == "spin":
        states = parse_spin(r.stdout)[0] - size.spin_extra_states
    else:
        states = parse_rumur(r.stdout)[0]
    log(f"    {int(m.group(1))} instructions, {states} states")
    return (int(m.group(1)), states), "ok"


def callgrind(size, small, work, timeout, with_rumur):
    """Instructions per state, single thread: whole run / states, and the marginal figure
    (difference to a run on a small size, divided by the difference in states), which leaves
    out start-up and the fixed-size allocations."""
    strip_copy = os.path.join(work, "chipcheck-stripped")
    # valgrind 3.19 cannot read the DWARF of Swift 6.3 binaries: strip the debug info.
    shutil.copy(CHIPCHECK, strip_copy)
    sh(["strip", "--strip-debug", strip_copy])
    results = []
    for tool in ["chipcheck", "spin"] + (["rumur"] if with_rumur else []):
        big, status = callgrind_one(size, work, timeout, tool, strip_copy)
        if big is None:
            results.append({"tool": tool, "status": status})
            continue
        little, _ = callgrind_one(small, work, timeout, tool, strip_copy)
        res = {"tool": tool, "status": "ok", "instructions": big[0], "states": big[1],
               "per_state": big[0] / big[1]}
        if little:
            res.update(small_instructions=little[0], small_states=little[1],
                       marginal=(big[0] - little[0]) / (big[1] - little[1]))
        results.append(res)
    return results


# ---------------------------------------------------------------------------- output

def fmt_int(v):
    return "–" if v is None else f"{v:,}".replace(",", "\u202f")


def fmt(v, spec):
    return "–" if v is None else format(v, spec)


def add_rates(rows):
    """Sets each finished run's states per second ("rate"), which every table compares."""
    for r in rows:
        ok = r["status"] == "ok" and r["states"] is not None
        r["rate"] = r["states"] / r["seconds"] if ok and r["seconds"] > 0 else None


def main_table(rows):
    out = ["| model | size | tool | threads | states | rules fired | seconds | states/s "
           "| peak MiB | bytes/state | chipcheck ÷ Rumur | chipcheck ÷ SPIN | load before |",
           "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    by = {(r["name"], r["tool"], r["threads"]): r for r in rows}
    for r in rows:
        ok = r["status"] == "ok"
        ratio_r = ratio_s = ""
        if r["tool"].startswith("chipcheck") and ok:
            for other, slot in (("rumur", 0), ("spin", 1)):
                o = by.get((r["name"], other, r["threads"]))
                val = f"{r['rate'] / o['rate']:.2f}×" if o and o.get("rate") else "–"
                if slot == 0:
                    ratio_r = val
                else:
                    ratio_s = val
        bps = r["rss"] / r["states"] if ok and r["rss"] and r["states"] else None
        secs = f"{r['seconds']:.2f}" if ok else r["status"]
        out.append(
            f"| {r['model']} | {r['size']} | {r['tool']} | {r['threads']} | "
            f"{fmt_int(r['states'])} | {fmt_int(r['rules'])} | {secs} | "
            f"{fmt_int(round(r['rate'])) if r.get('rate') else '–'} | "
            f"{fmt(r['rss'] / 2**20 if r['rss'] and ok else None, '.1f')} | "
            f"{fmt(bps, '.1f')} | {ratio_r} | {ratio_s} | {r['load_before'].split()[0]} |")
    return "\n".join(out)


def scaling_lines(rows):
    """The two-against-one table: the ratio of the rows' states/s and, where chipcheck ran more
    than once, the median of the ratios run by run (the k-th one-thread run against the k-th
    two-thread run, which followed it) and their range."""
    by = {(r["name"], r["tool"], r["threads"]): r for r in rows}
    repeated = any(len(r.get("walls", [])) > 1 for r in rows)
    out = ["| model | size | tool | 2-thread ÷ 1-thread states/s |", "|---|---|---|---:|"]
    if repeated:
        out = ["| model | size | tool | 2-thread ÷ 1-thread states/s | run by run: median (min–max, runs) |",
               "|---|---|---|---:|---:|"]
    seen = []
    for r in rows:
        key = (r["name"], r["tool"])
        if key in seen:
            continue
        seen.append(key)
        a, b = by.get((r["name"], r["tool"], 1)), by.get((r["name"], r["tool"], 2))
        if a and b and a.get("rate") and b.get("rate"):
            line = f"| {r['model']} | {r['size']} | {r['tool']} | {b['rate'] / a['rate']:.2f}× |"
            if repeated:
                got = sorted(x / y for x, y in zip(a.get("walls", []), b.get("walls", [])))
                line += (f" {statistics.median(got):.2f}× ({got[0]:.2f}–{got[-1]:.2f}, {len(got)}) |"
                         if len(got) > 1 else " |")
            out.append(line)
    return "\n".join(out)


TARGET_SIZES = ("german-nodata-5", "credit-split-10")


def targets_table(rows, cg):
    """Issue #7's targets, read off this run: chipcheck (exact store) against SPIN at four
    times its states/s on one thread and on two, two threads at 1.8 times one, peak bytes per
    state no more than Rumur's, on German data-free N=5 and credit-link split K=M=10; and
    instructions per state under a thousand. Counts are not in it: a mismatch stops the
    script before any table is printed."""
    by = {(r["name"], r["tool"], r["threads"]): r for r in rows}

    def verdict(ok):
        return "met" if ok else "**not met**"

    out = ["| target | size | measured | |", "|---|---|---:|---|"]
    for name in TARGET_SIZES:
        c1, c2 = by.get((name, "chipcheck", 1)), by.get((name, "chipcheck", 2))
        if not (c1 and c2 and c1.get("rate") and c2.get("rate")):
            continue
        label = f"{c1['model']} {c1['size']}"
        for t, c in ((1, c1), (2, c2)):
            s = by.get((name, "spin", t))
            if s and s.get("rate"):
                x = c["rate"] / s["rate"]
                out.append(f"| ≥ 4× SPIN's states/s, {t} thread{'s' if t > 1 else ''} | {label} | {x:.2f}× | {verdict(x >= 4)} |")
        x = c2["rate"] / c1["rate"]
        out.append(f"| two threads ≥ 1.8× one | {label} | {x:.2f}× | {verdict(x >= 1.8)} |")
        for t, c in ((1, c1), (2, c2)):
            rr = by.get((name, "rumur", t))
            if rr and rr.get("rss") and c.get("rss"):
                mine, theirs = c["rss"] / c["states"], rr["rss"] / rr["states"]
                out.append(f"| peak bytes per state ≤ Rumur's, {t} thread{'s' if t > 1 else ''} | {label} | "
                           f"{mine:.1f} (Rumur {theirs:.1f}) | {verdict(mine <= theirs)} |")
    for r in cg or []:
        if r["tool"] == "chipcheck" and r["status"] == "ok":
            out.append(f"| instructions per state < 1,000, whole run | german data-free N=4 | {r['per_state']:.0f} | "
                       f"{verdict(r['per_state'] < 1000)} |")
            if r.get("marginal") is not None:
                out.append(f"| instructions per state < 1,000, marginal | german data-free N=4 | "
                           f"{r['marginal']:.0f} | {verdict(r['marginal'] < 1000)} |")
    return "\n".join(out) if len(out) > 2 else ""


def state_size_table(infos):
    out = ["| model | size | Rumur packed state (bytes) | SPIN state vector (bytes) "
           "| chipcheck bytes_per_state (own report, 1 thread) "
           "| chipcheck --store fingerprint bytes_per_state (own report, 1 thread) |",
           "|---|---|---:|---:|---:|---:|"]
    for info in infos:
        s = info["size"]
        bits = info.get("rumur_bits")
        packed = f"{(bits + 7) // 8} ({bits} bits)" if bits else "–"
        out.append(f"| {s.model} | {s.label} | {packed} | {fmt(info.get('spin_vector'), 'd')} | "
                   f"{fmt(info.get('chip_bytes_per_state_1'), '.1f')} | "
                   f"{fmt(info.get('chip_fp_bytes_per_state_1'), '.1f')} |")
    return "\n".join(out)


def sym_table(rows):
    out = ["| model | size | tool | states | rules fired | seconds | load before |",
           "|---|---|---|---:|---:|---:|---:|"]
    for r in rows:
        secs = f"{r['seconds']:.2f}" if r["status"] == "ok" else r["status"]
        tool = ("rumur --symmetry-reduction exhaustive" if r["tool"] == "rumur"
                else "chipcheck --symmetry")
        out.append(f"| {r['model']} | {r['size']} | {tool} | {fmt_int(r['states'])} | "
                   f"{fmt_int(r['rules'])} | {secs} | {r['load_before'].split()[0]} |")
    return "\n".join(out)


def cg_table(results, size):
    out = ["| tool | instructions (callgrind, whole run) | states | instructions/state "
           "| marginal instructions/state (vs N=2) |", "|---|---:|---:|---:|---:|"]
    for r in results:
        if r["status"] == "ok":
            out.append(f"| {r['tool']} | {fmt_int(r['instructions'])} | {fmt_int(r['states'])} |"
                       f" {r['per_state']:.0f} | {fmt(r.get('marginal'), '.0f')} |")
        else:
            out.append(f"| {r['tool']} | {r['status']} | – | – | – |")
    return f"{size.model} {size.label}, one thread:\n\n" + "\n".join(out)


# ---------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="only the small sizes (about 2 minutes): "
                    + ", ".join(s.name for s in SIZES if s.quick))
    ap.add_argument("--sizes", help="comma-separated size names (see --list)")
    ap.add_argument("--list", action="store_true", help="list size names and exit")
    ap.add_argument("--threads", default="1,2", help="thread counts (default 1,2)")
    ap.add_argument("--tools", default="rumur,spin,chipcheck",
                    help="tools to run (default rumur,spin,chipcheck); chipcheck-fp is chipcheck with "
                         "--store fingerprint (hash compaction)")
    ap.add_argument("--timeout", type=float, default=900,
                    help="per-run timeout in seconds (default 900)")
    ap.add_argument("--callgrind", action="store_true",
                    help="also count instructions/state on German data-free N=4")
    ap.add_argument("--callgrind-rumur", action="store_true",
                    help="with --callgrind, count Rumur too (slow: about 10 minutes)")
    ap.add_argument("--pan-depth", type=int, default=10000000,
                    help="pan -m depth bound (default 10000000, as in reference-counts.md; "
                    "pan preallocates its DFS stack for it, which shows in its peak RSS)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each chipcheck configuration this many times, the thread counts in "
                         "turn, and report the median wall time (default 1)")
    ap.add_argument("--no-symmetry", action="store_true", help="skip the symmetry table")
    ap.add_argument("--no-install", action="store_true",
                    help="do not apt-get install missing tools")
    ap.add_argument("--build", action="store_true",
                    help="run swift build -c release even if the binary exists")
    ap.add_argument("--work", help="scratch directory (default: a new temporary one)")
    ap.add_argument("--json", help="write the raw results to this file")
    ap.add_argument("--markdown", help="also write the tables to this file")
    a = ap.parse_args()

    if a.list:
        for s in SIZES:
            print(f"{s.name:18} {s.model} {s.label}{'  (quick)' if s.quick else ''}")
        return
    names = {s.name: s for s in SIZES}
    if a.sizes:
        try:
            sizes = [names[n] for n in a.sizes.split(",")]
        except KeyError as e:
            sys.exit(f"unknown size {e}; see --list")
    elif a.quick:
        sizes = [s for s in SIZES if s.quick]
    else:
        sizes = SIZES
    sym_names = [] if a.no_symmetry else (
        [n for n in SYM_QUICK if n in {s.name for s in sizes}] if a.quick or a.sizes
        else SYM_SIZES)
    if a.sizes and not a.no_symmetry:
        sym_names = [n for n in SYM_SIZES + SYM_QUICK if n in {s.name for s in sizes}]
        sym_names = list(dict.fromkeys(sym_names))
    threads = [int(t) for t in a.threads.split(",")]
    PAN_ARGS[:] = [f"-m{a.pan_depth}"]

    ensure_tools(not a.no_install)
    ensure_chipcheck(a.build)
    work = a.work or tempfile.mkdtemp(prefix="chipcheck-compare-")
    os.makedirs(work, exist_ok=True)
    started = datetime.datetime.now().astimezone()
    la_start = loadavg()
    log(f"scratch directory {work}; load average {la_start}")

    all_rows, infos, sym_rows, cg = [], [], [], None
    try:
        for s in sizes:
            rows, info = run_size(s, threads, a.timeout, work,
                                  [t for t in ("rumur", "spin", "chipcheck", "chipcheck-fp")
                                   if t in a.tools.split(",")], max(1, a.repeat))
            c1 = next((r for r in rows if r["tool"] == "chipcheck" and r["threads"] == 1
                       and r.get("chipcheck")), None)
            info["chip_bytes_per_state_1"] = c1["chipcheck"].get("bytes_per_state") if c1 else None
            f1 = next((r for r in rows if r["tool"] == "chipcheck-fp" and r["threads"] == 1
                       and r.get("chipcheck")), None)
            info["chip_fp_bytes_per_state_1"] = f1["chipcheck"].get("bytes_per_state") if f1 else None
            all_rows += rows
            infos.append(info)
        for n in sym_names:
            sym_rows += run_symmetry(names[n], a.timeout, work)
        if a.callgrind:
            if ensure_valgrind(not a.no_install):
                cg = callgrind(names["german-nodata-4"], german_nodata(2), work,
                               max(a.timeout, 1800), a.callgrind_rumur)
            else:
                log("valgrind not available; skipping instruction counts")
    except Mismatch as e:
        sys.exit(f"\nSTOP: {e}")

    la_end = loadavg()
    add_rates(all_rows)
    header = (f"Run {started:%Y-%m-%d %H:%M %Z} on {platform.node()} "
              f"({os.cpu_count()} cores), load average at start {la_start}, at end {la_end}.\n"
              f"Command: {' '.join(['Benchmarks/compare.py'] + sys.argv[1:])}\n")
    md = [header,
          "All tools check the invariants and deadlock freedom only (chipcheck --no-trap-check). "
          "Counts agree across tools (SPIN adjusted as in reference-counts.md). Seconds are wall "
          "seconds of the checking run (no compilation); peak MiB is the peak RSS from "
          "/usr/bin/time -v (for multi-process pan: the largest process, shared memory included);"
          " bytes/state = peak RSS / states; ratios compare states/s at the same thread count."
          + (f" chipcheck's seconds are the median of {a.repeat} runs (the thread counts in turn) and"
             " its peak the largest of them; Rumur's and SPIN's are one run each." if a.repeat > 1 else "")
          + "\n",
          main_table(all_rows), "", "Two threads against one (states/s"
          + (f"; and one thread ÷ two in wall time, run by run, over chipcheck's {a.repeat} runs"
             if a.repeat > 1 else "")
          + "):", "",
          scaling_lines(all_rows), "", "State sizes:", "", state_size_table(infos)]
    if sym_rows:
        md += ["", "Symmetry reduction (one thread):", "", sym_table(sym_rows)]
    if cg:
        md += ["", "Instructions per state:", "", cg_table(cg, names["german-nodata-4"])]
    targets = targets_table(all_rows, cg)
    if targets:
        md += ["", "Targets (chipcheck, exact store; counts equal, or the script would have stopped):", "",
               targets]
    text = "\n".join(md) + "\n"
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text)
    if a.json:
        def clean(r):
            return {k: v for k, v in r.items() if k != "size"}
        with open(a.json, "w") as f:
            json.dump({"started": started.isoformat(), "load_start": la_start,
                       "load_end": la_end, "argv": sys.argv[1:], "runs": all_rows,
                       "symmetry": sym_rows, "callgrind": cg,
                       "state_sizes": [clean(dict(i, model=i["size"].model,
                                                  label=i["size"].label)) for i in infos]},
                      f, indent=1, default=str)


if __name__ == "__main__":
    main()
