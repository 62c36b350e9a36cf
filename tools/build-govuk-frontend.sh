#!/usr/bin/env bash
# Build the vendored GOV.UK Frontend CSS/JS into coprod/static/vendor/govuk-frontend/
# WITHOUT GOV.UK branding: no GDS Transport font (licensed for GOV.UK services
# only) and no crown/crest images, logos or favicons.
#
# Usage: bash tools/build-govuk-frontend.sh
# Needs: node + npm (registry access). Nothing is installed inside the project.
set -euo pipefail

GOVUK_FRONTEND_VERSION="5.14.0"   # latest 5.x (npm view govuk-frontend versions)
SASS_VERSION="1.108.2"            # dart-sass (npm view sass version)
ASSETS_URL="/static/vendor/govuk-frontend/assets/"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$REPO_ROOT/coprod/static/vendor/govuk-frontend"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "==> Installing govuk-frontend@$GOVUK_FRONTEND_VERSION sass@$SASS_VERSION in $WORK"
cd "$WORK"
npm init -y >/dev/null 2>&1
npm install --no-save --no-audit --no-fund --ignore-scripts \
  "govuk-frontend@$GOVUK_FRONTEND_VERSION" "sass@$SASS_VERSION" >/dev/null

PKG="$WORK/node_modules/govuk-frontend"
DIST="$PKG/dist/govuk"
installed="$(node -p 'require("./node_modules/govuk-frontend/package.json").version')"
[[ "$installed" == "$GOVUK_FRONTEND_VERSION" ]] || { echo "unexpected version $installed" >&2; exit 1; }

# Sanity check: the settings we override must exist in this version.
grep -q '^\$govuk-font-family:' "$DIST/settings/_typography-font.scss"
grep -q '^\$govuk-include-default-font-face:' "$DIST/settings/_typography-font.scss"
grep -q '^\$govuk-assets-path:' "$DIST/settings/_assets.scss"

cat > "$WORK/entry.scss" <<SCSS
@use "sass:string";

// System font stack instead of GDS Transport (GOV.UK services only).
\$govuk-font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
// Do not emit the @font-face rules for GDS Transport.
\$govuk-include-default-font-face: false;
\$govuk-assets-path: "$ASSETS_URL";

// The only image the v5 CSS references is the royal crest (govuk-crest.svg,
// used by .govuk-footer__copyright-logo). Replace any crest/crown/logo image
// with an empty, transparent SVG so nothing branded is requested or shown.
@function coprod-unbranded-image-url(\$filename) {
  @each \$word in ("crest", "crown", "logo", "favicon", "govuk-icon", "opengraph") {
    @if string.index(\$filename, \$word) {
      @return url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E");
    }
  }
  @return url(\$govuk-images-path + \$filename);
}
\$govuk-image-url-function: "coprod-unbranded-image-url";

// govuk-frontend v5 documents @import (its Sass is not yet module-based).
@import "govuk-frontend/dist/govuk/index";
SCSS

echo "==> Compiling Sass"
"$WORK/node_modules/.bin/sass" \
  --style=compressed --no-source-map \
  --load-path="$WORK/node_modules" \
  --quiet-deps --silence-deprecation=import \
  "$WORK/entry.scss" "$WORK/govuk-frontend.min.css"

CSS="$WORK/govuk-frontend.min.css"

echo "==> Verifying no GOV.UK branding in the CSS"
if grep -qi 'GDS Transport' "$CSS"; then echo "ERROR: 'GDS Transport' in CSS" >&2; exit 1; fi
if grep -q '@font-face' "$CSS"; then echo "ERROR: @font-face in CSS" >&2; exit 1; fi
if grep -Eq 'light-94a|bold-b542be|bold-affa96|light-f591b1|\.woff' "$CSS"; then
  echo "ERROR: font files referenced in CSS" >&2; exit 1
fi
if grep -oE 'url\([^)]*\)' "$CSS" | grep -Eqi 'crest|crown|logo|favicon|govuk-icon|opengraph|/fonts/'; then
  echo "ERROR: crown/crest/favicon/font URL in CSS" >&2; exit 1
fi
for cls in govuk-body govuk-header govuk-button govuk-table govuk-summary-list govuk-error-summary; do
  grep -q "\.$cls" "$CSS" || { echo "ERROR: .$cls missing from CSS" >&2; exit 1; }
done

echo "==> Writing $OUT"
rm -rf "$OUT"
mkdir -p "$OUT"
cp "$CSS" "$OUT/govuk-frontend.min.css"
# ES module build (export { initAll, ... }); strip the pointer to the
# source map we do not ship.
sed 's|//# sourceMappingURL=govuk-frontend.min.js.map||' "$DIST/govuk-frontend.min.js" > "$OUT/govuk-frontend.min.js"

# Copy only unbranded assets the CSS actually references under $ASSETS_URL.
refs="$(grep -oE "url\(\"?'?${ASSETS_URL}[^\"')]+" "$CSS" | sed -E "s|^url\\(\"?'?${ASSETS_URL}||" | sort -u || true)"
for rel in $refs; do
  case "$rel" in
    fonts/*|*crest*|*crown*|*favicon*|*govuk-icon*|*opengraph*)
      echo "ERROR: branded asset referenced: $rel" >&2; exit 1 ;;
  esac
  mkdir -p "$OUT/assets/$(dirname "$rel")"
  cp "$DIST/assets/$rel" "$OUT/assets/$rel"
  echo "    copied assets/$rel"
done
[[ -n "$refs" ]] || echo "    CSS references no asset files; assets/ not created"

# Licence: the npm package ships no LICENSE file, so use the package's own one
# if a future version adds it, else the MIT text from the upstream repository
# (alphagov/govuk-frontend LICENSE.txt) plus the package README licence section.
lic="$(find "$PKG" -maxdepth 1 -iname 'licen[cs]e*' | head -n1)"
if [[ -n "$lic" ]]; then
  cp "$lic" "$OUT/LICENSE"
else
  cat > "$OUT/LICENSE" <<'LIC'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LIC
  {
    printf '\n----\nLicence section of govuk-frontend@%s README.md:\n\n' "$GOVUK_FRONTEND_VERSION"
    sed -n '/^## Licence/,/^## /p' "$PKG/README.md" | sed '$d'
  } >> "$OUT/LICENSE"
fi

cat > "$OUT/README.md" <<MD
# GOV.UK Frontend (vendored, unbranded)

- Package: npm \`govuk-frontend@$GOVUK_FRONTEND_VERSION\` (MIT; docs OGL v3, see LICENSE); CSS compiled with \`sass@$SASS_VERSION\`.
- Built by \`bash tools/build-govuk-frontend.sh\` (npm install in a temp dir, Sass compile, overwrites this directory). Do not edit these files by hand.
- Sass settings: \`\$govuk-font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif\`, \`\$govuk-include-default-font-face: false\`, \`\$govuk-assets-path: "$ASSETS_URL"\`, plus an \`\$govuk-image-url-function\` that swaps the crest for an empty SVG.
- Not included: the GDS Transport font and the crown/crest images, logos and favicons. They may only be used by GOV.UK services, and this is not one. No \`assets/\` are needed; do not use the GOV.UK crown/crest markup (\`.govuk-footer__copyright-logo\`, header logotype).
- \`govuk-frontend.min.js\` is an ES module (\`export { initAll, ... }\`). Its sourceMappingURL comment was removed because the map is not shipped. Pages must load it with \`<script type="module">\` and call \`initAll()\`,
  after putting \`<script>document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');</script>\` first inside \`<body>\`:
  \`<script type="module">import { initAll } from "{% static 'vendor/govuk-frontend/govuk-frontend.min.js' %}"; initAll();</script>\`
MD

echo "==> Done"
ls -la "$OUT"
