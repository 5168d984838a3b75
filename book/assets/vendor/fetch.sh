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
REQUIREJS_VERSION=2.3.8
HTML_MANAGER_VERSION=1.0.15
FONTAWESOME_VERSION=5.15.4   # the version bundled in embed-amd.js (only its licence is taken)

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

# --- RequireJS: the AMD loader that the widget manager needs.
unpack "requirejs@$REQUIREJS_VERSION" requirejs
rm -rf "$here/requirejs"
mkdir -p "$here/requirejs"
cp "$work/requirejs/require.js" "$here/requirejs/"
# The package declares MIT but ships no licence file: write the RequireJS one.
cat > "$here/requirejs/LICENSE" <<'LICENCE'
Copyright jQuery Foundation and other contributors, https://jquery.org/

This software consists of voluntary contributions made by many
individuals. For exact contribution history, see the revision history
available at https://github.com/requirejs/requirejs

The following license applies to all parts of this software except as
documented below:

====

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LICENCE

# --- @jupyter-widgets/html-manager: renders the saved widget state on static pages.
#     embed-amd.js, plus the Font Awesome files its CSS requests (webpack-hashed names).
unpack "@jupyter-widgets/html-manager@$HTML_MANAGER_VERSION" html-manager
rm -rf "$here/html-manager"
mkdir -p "$here/html-manager"
cp "$work/html-manager/dist/embed-amd.js" "$here/html-manager/"
cp "$work/html-manager/dist/embed.js.LICENSE.txt" "$here/html-manager/THIRD-PARTY-NOTICES.txt"
# Its Font Awesome 5 CSS lists .eot, .woff2, .woff, .ttf and .svg files for each face;
# every current browser takes the .woff2, so only those three files are kept.
cp "$work"/html-manager/dist/*.woff2 "$here/html-manager/"
unpack "@fortawesome/fontawesome-free@$FONTAWESOME_VERSION" fontawesome
cp "$work/fontawesome/LICENSE.txt" "$here/html-manager/FONTAWESOME-LICENSE.txt"
# The package declares BSD-3-Clause but ships no licence file: write the ipywidgets one.
cat > "$here/html-manager/LICENSE" <<'LICENCE'
Copyright (c) 2015 Project Jupyter Contributors
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
LICENCE

du -sh "$here/mathjax" "$here/requirejs" "$here/html-manager"
