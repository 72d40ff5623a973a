#!/usr/bin/env python3
"""Times `chipcheck validate` on generated descriptors of growing size, to show that loading is
linear in the input: a design with N component instances, and a component with N parameters.

Usage: Benchmarks/scripts/loading-scaling.py [--chipcheck PATH] [SIZE ...]
The files are written to a temporary folder and deleted afterwards; nothing is checked in.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

NS = "http://www.accellera.org/XMLSchema/IPXACT/1685-2014"


def header(kind, name):
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ipxact:{kind} xmlns:ipxact="{NS}">\n'
            f"  <ipxact:vendor>scale.example</ipxact:vendor>\n  <ipxact:library>scale</ipxact:library>\n"
            f"  <ipxact:name>{name}</ipxact:name>\n  <ipxact:version>1.0</ipxact:version>\n")


def leaf_component():
    return header("component", "leaf") + (
        "  <ipxact:parameters>\n"
        '    <ipxact:parameter parameterId="DEPTH" resolve="user" type="int">\n'
        "      <ipxact:name>DEPTH</ipxact:name>\n      <ipxact:value>4</ipxact:value>\n"
        "    </ipxact:parameter>\n  </ipxact:parameters>\n</ipxact:component>\n")


def design(instances):
    parts = [header("design", f"wide{instances}"), "  <ipxact:componentInstances>\n"]
    for i in range(instances):
        parts.append(
            f"    <ipxact:componentInstance>\n      <ipxact:instanceName>u{i}</ipxact:instanceName>\n"
            '      <ipxact:componentRef vendor="scale.example" library="scale" name="leaf" version="1.0">\n'
            "        <ipxact:configurableElementValues>\n"
            f'          <ipxact:configurableElementValue referenceId="DEPTH">{i % 7 + 1}</ipxact:configurableElementValue>\n'
            "        </ipxact:configurableElementValues>\n      </ipxact:componentRef>\n"
            "    </ipxact:componentInstance>\n")
    parts.append("  </ipxact:componentInstances>\n</ipxact:design>\n")
    return "".join(parts)


def component(parameters):
    """Each parameter refers to the one before it, so resolution follows a chain of that length."""
    parts = [header("component", f"deep{parameters}"), "  <ipxact:parameters>\n"]
    for i in range(parameters):
        value = "1" if i == 0 else f"P{i - 1} + 1"
        parts.append(
            f'    <ipxact:parameter parameterId="P{i}" type="longint">\n'
            f"      <ipxact:name>P{i}</ipxact:name>\n      <ipxact:value>{value}</ipxact:value>\n"
            "    </ipxact:parameter>\n")
    parts.append("  </ipxact:parameters>\n</ipxact:component>\n")
    return "".join(parts)


def timed(command):
    start = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    return time.monotonic() - start, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chipcheck", default=".build/release/chipcheck")
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 50000, 100000])
    arguments = parser.parse_args()
    print("| input | size | file MB | seconds | exit |")
    print("| --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        leaf = os.path.join(folder, "leaf.xml")
        with open(leaf, "w") as file:
            file.write(leaf_component())
        for kind, generate in (("design instances", design), ("component parameters", component)):
            for size in arguments.sizes:
                path = os.path.join(folder, f"{kind.split()[0]}-{size}.xml")
                with open(path, "w") as file:
                    file.write(generate(size))
                command = [arguments.chipcheck, "validate", path, "--max-file-size", "256M"]
                if kind.startswith("design"):
                    command += ["--search-path", folder]
                seconds, result = timed(command)
                megabytes = os.path.getsize(path) / 1e6
                print(f"| {kind} | {size:,} | {megabytes:.1f} | {seconds:.2f} | {result.returncode} |", flush=True)
                if result.returncode != 0:
                    print(result.stdout[-2000:] + result.stderr[-2000:], file=sys.stderr)
                os.remove(path)


if __name__ == "__main__":
    main()
