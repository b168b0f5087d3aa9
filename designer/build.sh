#!/usr/bin/env bash
# Builds the web app into designer/dist: cargo (wasm32, profile release-wasm) → wasm-bindgen
# (--target web) → wasm-opt -Oz → static files. Tools come from the environment:
#   WASM_BINDGEN  wasm-bindgen CLI, must equal the lockfile's wasm-bindgen (0.2.130)
#   WASM_OPT      wasm-opt from npm binaryen@132 (Debian's binaryen 108 cannot read Rust 1.95 wasm)
#   CARGO_TARGET_DIR  cargo's target directory
# Defaults: ${LIANBAN_CACHE:-$HOME/.cache/lianban}/tools/bin/wasm-bindgen (else PATH), the
# repository's node_modules/.bin/wasm-opt (else $LIANBAN_CACHE/npm/node_modules/.bin/wasm-opt),
# and $LIANBAN_CACHE/target. Set WASM_OPT=skip to keep the unoptimised wasm (faster local builds).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cache="${LIANBAN_CACHE:-$HOME/.cache/lianban}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$cache/target}"

# The first executable of the candidates (a name alone is looked up on PATH); else the first.
pick() {
  local c
  for c in "$@"; do
    if [[ -x "$c" ]]; then echo "$c"; return; fi
    if [[ "$c" != */* ]] && command -v "$c" >/dev/null; then command -v "$c"; return; fi
  done
  echo "$1"
}
wasm_bindgen="${WASM_BINDGEN:-$(pick "$cache/tools/bin/wasm-bindgen" wasm-bindgen)}"
wasm_opt="${WASM_OPT:-$(pick "$root/node_modules/.bin/wasm-opt" "$cache/npm/node_modules/.bin/wasm-opt")}"
dist="$here/dist"
profile="release-wasm"
name="lianban"

if [[ ! -x "$wasm_bindgen" ]]; then
  echo "build.sh: wasm-bindgen not found at $wasm_bindgen (set WASM_BINDGEN)" >&2
  exit 1
fi
locked="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$root/Cargo.lock")"
have="$("$wasm_bindgen" --version | awk '{ print $2 }')"
if [[ "$locked" != "$have" ]]; then
  echo "build.sh: wasm-bindgen CLI is $have but Cargo.lock has $locked" >&2
  exit 1
fi

cd "$root"
cargo build --profile "$profile" --target wasm32-unknown-unknown -p lianban-designer --bin lianban-designer
raw="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile/lianban-designer.wasm"

rm -rf "$dist"
mkdir -p "$dist"
"$wasm_bindgen" --target web --no-typescript --out-dir "$dist" --out-name "$name" "$raw"

wasm="$dist/${name}_bg.wasm"
if [[ "$wasm_opt" == "skip" ]]; then
  echo "build.sh: WASM_OPT=skip, wasm left unoptimised"
elif [[ -x "$wasm_opt" ]]; then
  before="$(stat -c %s "$wasm")"
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$wasm.opt" "$wasm"
  mv "$wasm.opt" "$wasm"
  echo "build.sh: wasm-opt -Oz: $before → $(stat -c %s "$wasm") bytes"
else
  echo "build.sh: wasm-opt not found at $wasm_opt (set WASM_OPT, or WASM_OPT=skip)" >&2
  exit 1
fi

cp "$here"/static/* "$dist"/
size="$(stat -c %s "$wasm")"
gz="$(gzip -9 -c "$wasm" | wc -c)"
echo "build.sh: $dist"
ls -l "$dist"
echo "build.sh: wasm size $size bytes ($((size / 1024)) KiB; gzip $((gz / 1024)) KiB)"
