#!/usr/bin/env python3
"""The layering check run by `make lint`: the import graph between the folders of api/src
(`crate::<folder>` paths in code, comments and tests left out) must have no cycle.

The composition root — state.rs, startup.rs, openapi.rs, commands/, main.rs, lib.rs — sits above
everything: every layer receives `&AppState`, so edges *out of* the root are not counted (it names
each backend it builds). Prints each cycle with the files that make it; exits 1 when there is one.
"""
import collections
import os
import re
import sys

ROOT = {"state", "startup", "openapi", "commands", "main", "lib"}
SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "api", "src")


def folder_of(path):
    return os.path.relpath(path, SOURCE).split(os.sep)[0].removesuffix(".rs")


def imports():
    edges, files = collections.defaultdict(set), collections.defaultdict(set)
    for directory, _, names in os.walk(SOURCE):
        for name in names:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(directory, name)
            text = open(path, encoding="utf-8").read().split("#[cfg(test)]")[0]
            text = "\n".join(
                line for line in text.split("\n") if not line.strip().startswith("//")
            )
            source = folder_of(path)
            if source in ROOT:
                continue
            used = set(re.findall(r"crate::([a-z_]+)", text))
            for group in re.findall(r"use crate::\{([^;]*)\};", text, re.S):
                used.update(re.findall(r"(?:^|[,{\s])([a-z_]+)(?=[,}\s:]|$)", group))
            for target in used - {source, "self", "super"}:
                edges[source].add(target)
                files[(source, target)].add(os.path.relpath(path, SOURCE))
    return edges, files


def cycles(edges):
    """Strongly connected components with more than one folder (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10_000)

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(set(edges) | {t for targets in edges.values() for t in targets}):
        if node not in index:
            visit(node)
    return found


def main():
    edges, files = imports()
    found = cycles(edges)
    for component in found:
        print("import cycle between folders:", " ".join(component))
        for source in component:
            for target in sorted(edges[source] & set(component)):
                print(f"  {source} -> {target}: {', '.join(sorted(files[(source, target)]))}")
    if found:
        return 1
    print(f"layers: {len(edges)} folders, no import cycle between them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
