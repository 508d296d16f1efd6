#!/usr/bin/env bash
# Regenerates Parley's app icons: draws source.png (a speech bubble holding a shield)
# with ImageMagick, then lets the Tauri CLI (ui/node_modules) derive every bundle size.
# Usage: icons/generate.sh   (needs ImageMagick 6 `convert` and `npm ci` in ui/)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
CONVERT="${CONVERT:-/usr/bin/convert}"
"$CONVERT" -size 1024x1024 xc:none \
  -fill '#3b5bdb' -draw "roundrectangle 64,64 960,960 200,200" \
  -fill white -draw "roundrectangle 210,240 814,700 130,130" \
  -draw "polygon 330,660 280,840 480,690" \
  -fill '#3b5bdb' -draw "path 'M 512,318 L 660,372 L 660,492 C 660,590 590,642 512,676 C 434,642 364,590 364,492 L 364,372 Z'" \
  -stroke white -strokewidth 34 -fill none \
  -draw "stroke-linejoin round stroke-linecap round polyline 445,500 495,552 585,445" \
  "$here/source.png"
(cd "$here/../ui" && npx tauri icon ../icons/source.png -o ../icons)
# Only desktop bundles are built: drop the mobile and Windows Store variants.
rm -rf "$here/android" "$here/ios" "$here"/Square*Logo.png "$here/StoreLogo.png"
