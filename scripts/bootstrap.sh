#!/usr/bin/env bash
# Sets up Vigil on a Debian bookworm machine with Node 20: apt packages, npm dependencies (native
# modules built against Debian's OpenCV, never downloaded), the TypeScript build and the default
# model. Idempotent: a second run only checks and skips.
#
# Native modules take minutes to compile (OpenCV binding ~6 min, better-sqlite3 ~2 min). Their
# compiled files are cached in ~/.cache/vigil (VIGIL_CACHE_DIR), keyed by the package version,
# the Node ABI and the OpenCV version, so a fresh clone on the same machine reuses them. A machine
# without the cache builds everything from source.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CACHE=${VIGIL_CACHE_DIR:-${HOME:-/root}/.cache/vigil}

log() { printf '[bootstrap] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- 1. Debian packages ------------------------------------------------------------------------
# Runtime: OpenCV (decode), ffmpeg (recording, clips). Tests: Chromium (dashboard e2e), GStreamer's
# RTSP server (a local test camera), mosquitto (MQTT broker), motion (benchmark peer).
APT_PACKAGES=(
  libopencv-dev ffmpeg opencv-doc
  chromium
  python3-gi gir1.2-gst-rtsp-server-1.0 gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav
  mosquitto motion
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
else
  log "Debian packages present"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ] || [ "$node_major" -ge 23 ]; then
  log "Node $node_major found; Vigil needs Node 20 to 22"; exit 1
fi

# --- 2. npm dependencies -----------------------------------------------------------------------
export OPENCV4NODEJS_DISABLE_AUTOBUILD=1   # build against Debian's OpenCV, never download it
export ONNXRUNTIME_NODE_INSTALL=skip       # CPU binaries ship in the package; no CUDA download
export JOBS=max
NATIVE=(@u4/opencv4nodejs better-sqlite3)

opencv_ver=$(pkg-config --modversion opencv4 2>/dev/null || echo none)
abi=$(node -p process.versions.modules)
key=$( { cat package-lock.json; echo "node-abi=$abi opencv=$opencv_ver arch=$(uname -m)"; } | sha256sum | cut -c1-16)
stamp=node_modules/.vigil-install-key

native_ok() {
  [ -f node_modules/@u4/opencv4nodejs/build/Release/opencv4nodejs.node ] &&
    [ -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && native_ok; then
  log "node_modules up to date ($key)"
else
  log "npm ci (install scripts deferred)"
  npm ci --ignore-scripts --no-audit --no-fund >&2
  for pkg in "${NATIVE[@]}"; do
    ver=$(node -p "require('./node_modules/$pkg/package.json').version")
    slot="$CACHE/native/${pkg//\//_}-$ver-abi$abi-opencv$opencv_ver-$(uname -m)"
    if [ -f "$slot/done" ]; then
      log "$pkg $ver: restoring compiled build from $slot"
      rm -rf "node_modules/$pkg/build"
      cp -a "$slot/build" "node_modules/$pkg/build"
      if [ -d "$slot/opencv-build" ]; then
        cp -a "$slot/opencv-build/." node_modules/@u4/opencv-build/script/
      fi
    else
      log "$pkg $ver: compiling (takes minutes on 2 cores)"
      npm rebuild "$pkg" --foreground-scripts >&2
      tmp="$slot.tmp.$$"
      rm -rf "$tmp"; mkdir -p "$tmp"
      # Only the finished binaries are kept (not object files).
      mkdir -p "$tmp/build/Release"
      cp -a node_modules/"$pkg"/build/Release/*.node "$tmp/build/Release/"
      if [ "$pkg" = "@u4/opencv4nodejs" ] && [ -d node_modules/@u4/opencv-build/script ]; then
        mkdir -p "$tmp/opencv-build"
        cp -a node_modules/@u4/opencv-build/script/. "$tmp/opencv-build/"
      fi
      touch "$tmp/done"
      rm -rf "$slot"; mkdir -p "$(dirname "$slot")"; mv "$tmp" "$slot"
    fi
  done
  # The other approved install scripts are quick (esbuild checks its binary; onnxruntime skips CUDA).
  npm rebuild esbuild onnxruntime-node >&2
  node -e "require('better-sqlite3')(':memory:').close()"
  node -e "process.env.OPENCV4NODEJS_DISABLE_AUTOBUILD='1'; require('@u4/opencv-build').Log.silence=true; require('@u4/opencv4nodejs')"
  echo "$key" > "$stamp"
fi

# --- 3. build and default model ----------------------------------------------------------------
log "building (TypeScript server, dashboard)"
npm run build --silent >&2
log "preparing the default model"
node dist/scripts/prepare-models.js >&2
log "ready: npm start (dashboard on http://localhost:8080), npm test"
