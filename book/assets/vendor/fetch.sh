#!/bin/bash
# Re-create the vendored web assets in this folder from the npm registry.
#
# The files this script writes are committed, so neither the build nor CI runs it.
# Run it by hand (it needs `npm` and `tar`) only to update a version, then update
# README.md beside it and rebuild the book:
#
#     bash book/assets/vendor/fetch.sh
#
# Each package is fetched with `npm pack` at a pinned version, and only the files
# the book's pages load at run time are kept (see README.md for the list).
set -euo pipefail

MATHJAX_VERSION=3.2.2

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() {  # unpack SPEC DIR: `npm pack` SPEC and untar it into $work/DIR
    local spec="$1" dir="$2" tgz
    tgz="$(cd "$work" && npm pack --silent "$spec" | tail -n 1)"
    mkdir -p "$work/$dir"
    tar -xzf "$work/$tgz" -C "$work/$dir" --strip-components=1
}

# --- MathJax 3: the TeX-to-CommonHTML component, its fonts, and the TeX extensions
#     that its `autoload` and `\require` load on demand (e.g. \boldsymbol, \cancel).
unpack "mathjax@$MATHJAX_VERSION" mathjax
rm -rf "$here/mathjax"
mkdir -p "$here/mathjax/output/chtml/fonts" "$here/mathjax/input/tex"
cp "$work/mathjax/es5/tex-chtml.js" "$here/mathjax/"
cp -r "$work/mathjax/es5/output/chtml/fonts/woff-v2" "$here/mathjax/output/chtml/fonts/"
cp -r "$work/mathjax/es5/input/tex/extensions" "$here/mathjax/input/tex/"
cp "$work/mathjax/LICENSE" "$here/mathjax/LICENSE"

du -sh "$here/mathjax"
