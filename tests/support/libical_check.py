#!/usr/bin/env python3
"""Strict check with libical (the parser of Evolution/GNOME): parse errors become X-LIC-ERROR
properties; check_restrictions() applies RFC 5546 (iTIP) per-METHOD rules (needs METHOD)."""
import sys, gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I
rc = 0
for f in sys.argv[1:]:
    text = open(f, "rb").read().decode()
    comp = I.Component.new_from_string(text)
    if comp is None:
        print(f"{f}: libical could not parse"); rc = 1; continue
    comp.check_restrictions()               # adds X-LIC-ERROR for missing/extra props per METHOD
    errs = []
    def walk(c):
        p = c.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
        while p is not None:
            errs.append(f"{I.Component.kind_to_string(c.isa())}: {p.get_xlicerror()}")
            p = c.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
        s = c.get_first_component(I.ComponentKind.ANY_COMPONENT)
        while s is not None:
            walk(s); s = c.get_next_component(I.ComponentKind.ANY_COMPONENT)
    walk(comp)
    print(f"{f}: " + ("OK" if not errs else "; ".join(errs)))
    rc |= bool(errs)
sys.exit(rc)
