#!/usr/bin/env python3
"""One line per LedgerThroughputBenchmark log: the rates and where the CPU went (docs/benchmarks-ledger.md).

Usage: bench/ledger-summary.py LOG...   (prints a header, then one line per log)
  applied     notifications/s applied by the ledger in the measured phase
  end-to-end  notifications / the time until every stored event was published to Kafka
  JVM+PG      CPU per notification, in us: the JVM (ledger and the in-process broker) + PostgreSQL
  then CPU per notification (us) of: the consumer threads (where notifications are applied), the JIT
  compilers, the outbox's processor, its sender, GC, the in-process broker, the anomalies decider and
  PostgreSQL's backends. PostgreSQL's backends above ~80 us mean a slow phase of the host (benchmarks-ledger.md).
"""
import re
import sys

THREADS = [('consumer', r'ledger-raw-noti'), ('jit', r'C# CompilerThre'), ('outbox', r'EventProcessor\['),
           ('sender', r'ledger-events-s'), ('gc', r'GC Thread##'), ('broker', r'data-plane-kafk'),
           ('decider', r'anomalies-decid')]


def field(text, pattern, default='?'):
    m = re.search(pattern, text)
    return m.group(1) if m else default


def summary(path):
    text = open(path, errors='replace').read()
    n = field(text, r'notifications=(\d+) \(after')
    applied = field(text, r'applied in [\d.]+ s = (\d+) notif')
    published = field(text, r'published to Kafka ([\d.]+) s after')
    e2e = str(int(int(n) / float(published))) if '?' not in (n, published) else '?'
    cpu = field(text, r'= (\d+ \+ \d+) = \d+ us/notification').replace(' ', '')
    threads = [field(text, r'\n\s+' + p + r'[^\n]*?\s+([\d.]+)\n') for _, p in THREADS]
    pg = field(text, r'backends\s+([\d.]+)')
    load = field(text, r'us/notification; load ([\d.]+)')
    return [path.split('/')[-1], applied, e2e, cpu] + threads + [pg, load]


def main(paths):
    header = ['log', 'applied/s', 'end-to-end/s', 'JVM+PG'] + [name for name, _ in THREADS] + ['postgres', 'load']
    rows = [header] + [summary(p) for p in paths]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        print('  '.join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))))


if __name__ == '__main__':
    main(sys.argv[1:])
