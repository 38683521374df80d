#!/usr/bin/env python3
"""Non-comment, non-blank lines of main Java code per module, and each server module's share of them.

usage: python3 tools/code-size/ncloc.py [REPO]   (default: the current directory)
The server modules are the ones a running server is made of (not the test kit, load generator, benchmarks or
examples); issue 12 asks the launcher to stay under ~15 % of them.
"""
import os, re, sys
def ncloc(path):
    n = 0; inblock = False
    for line in open(path, encoding='utf-8'):
        s = line.strip()
        if inblock:
            if '*/' in s:
                inblock = False; s = s[s.index('*/') + 2:].strip()
            else:
                continue
        if s.startswith('/*'):
            if '*/' not in s:
                inblock = True
            continue
        if not s or s.startswith('//'):
            continue
        n += 1
    return n
root = sys.argv[1] if len(sys.argv) > 1 else '.'
totals = {}
for mod in sorted(os.listdir(root)):
    src = os.path.join(root, mod, 'src/main/java')
    if not os.path.isdir(src):
        continue
    t = 0
    for d, _, fs in os.walk(src):
        for f in fs:
            if f.endswith('.java'):
                t += ncloc(os.path.join(d, f))
    totals[mod] = t
servers = ['peerlink-core','peerlink-options','peerlink-relay-api','peerlink-signal-api','peerlink-store-jdbc','peerlink-helidon','infra','peerlink-launcher']
s = sum(totals.get(m, 0) for m in servers)
for m, t in totals.items():
    print(f"{m:24s} {t:6d}" + (f"  {100*t/s:5.1f} %" if m in servers else ""))
print(f"{'server modules':24s} {s:6d}")
