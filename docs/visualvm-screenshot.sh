#!/usr/bin/env bash
# Opens a JFR recording of FootprintDemo with the wrss agent in VisualVM (Debian's visualvm package) on a
# virtual X server, shows the recording's Browser view (where VisualVM lists event types) and takes a
# screenshot: ${1:-/tmp/visualvm-jfr.png}. With Debian's VisualVM 2.1.5 alone the recording does not load
# ("Failed to read the JFR snapshot. Please install the VisualVM-JFR-Generic snapshot loader"); with that plugin
# in the user directory below (Tools | Plugins, from VisualVM's online plugin centre) the Browser lists the
# event types. Check the PNG by eye: only if it lists wrss.RegionUsage and wrss.Footprint copy it to
# docs/visualvm-jfr.png.
#
# Needs (installed here if missing, Debian/Ubuntu, as root): visualvm, default-jdk-headless (the launcher
# wants /usr/lib/jvm/default-java), xvfb, xdotool, imagemagick.
# Build first: mvn -q -B package -DskipTests. Run from anywhere: docs/visualvm-screenshot.sh [out.png]
# Not part of CI: the clicks assume VisualVM's default look on a 1400x900 screen.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/visualvm-jfr.png}
userdir=${VISUALVM_USERDIR:-/tmp/wrss-visualvm-userdir}

need=()
command -v visualvm >/dev/null || need+=(visualvm)
[ -x /usr/lib/jvm/default-java/bin/javac ] || need+=(default-jdk-headless)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
# /usr/bin/import and /usr/bin/convert: ImageMagick's, not any stand-in earlier on PATH
[ -x /usr/bin/import ] && [ -x /usr/bin/convert ] || need+=(imagemagick)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get install -y "${need[@]}" >/dev/null
fi
for jar in agent/target/wrss-agent.jar examples/target/wrss-examples.jar; do
  [ -f "$jar" ] || { echo "$jar missing: run mvn -q -B package -DskipTests" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# a recording from the JVM's start; startDelay=0 so that the first scans are in it too
java -XX:StartFlightRecording=filename="$work/rec.jfr" -javaagent:agent/target/wrss-agent.jar=startDelay=0,interval=1s \
  -cp examples/target/wrss-examples.jar dev.wrss.examples.FootprintDemo \
  --seconds 12 --heap-mb 64 --threads 20 --classes 200 --every 3 >/dev/null 2>&1
jfr summary "$work/rec.jfr" | grep ' wrss\.' || { echo "no wrss events in the recording" >&2; exit 1; }

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display
sleep 1

visualvm --userdir "$userdir" --openfile "$work/rec.jfr" >/dev/null 2>&1 &
pids+=($!)
window=""
for _ in $(seq 120); do
  # first start in a fresh user directory: the licence dialog, accepted with its button
  license=$(xdotool search --name "VisualVM License Agreement" 2>/dev/null | head -1 || true)
  if [ -n "$license" ]; then
    sleep 2
    xdotool mousemove --window "$license" 445 571 click 1 # "I Accept"
    sleep 2
  fi
  window=$(xdotool search --name "^VisualVM [0-9]" 2>/dev/null | head -1 || true)
  [ -n "$window" ] && break
  sleep 0.5
done
[ -n "$window" ] || { echo "VisualVM did not open a window" >&2; exit 1; }
sleep 20 # loads the recording
# no window manager: place the window ourselves so that the coordinates below hold
xdotool windowmove "$window" 0 0 windowsize "$window" 1400 900
sleep 3
/usr/bin/import -window root png:- | /usr/bin/convert - -colors 64 -strip "${out%.png}-overview.png"
# the recording's tab row at the bottom: Browser is the ninth tab
xdotool mousemove 1010 857 click 1
sleep 5
/usr/bin/import -window root png:- | /usr/bin/convert - -colors 64 -strip "$out"
echo "wrote $out ($(stat -c %s "$out") bytes) and ${out%.png}-overview.png (the Overview tab)"
