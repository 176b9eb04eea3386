#!/usr/bin/env bash
# Takes docs/jconsole.png: JConsole (JDK 17) connected to FootprintDemo with the wrss agent, MBeans tab,
# wrss:type=Footprint attribute Regions opened as a table at the java_heap row.
#
# Runs headless on a virtual X server. Needs (installed here if missing, Debian/Ubuntu, as root):
#   xvfb (Xvfb), xdotool (mouse and keyboard), imagemagick (import, convert).
# Build first: mvn -q -B package -DskipTests. Run from anywhere: docs/jconsole-screenshot.sh
# Not part of CI: the clicks assume JConsole's default look at 1280x800; check the PNG by eye.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
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
JCONSOLE=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/jconsole
[ -x "$JCONSOLE" ] || JCONSOLE=$(command -v jconsole)

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display

java -javaagent:agent/target/wrss-agent.jar -cp examples/target/wrss-examples.jar dev.wrss.examples.FootprintDemo \
  --seconds 600 --heap-mb 256 --direct-mb 32 --mapped-mb 64 --threads 100 --classes 2000 --every 600 >/dev/null 2>&1 &
demo=$!
pids+=($demo)
sleep 6 # the demo builds its footprint and the agent publishes its first scan

"$JCONSOLE" "$demo" >/dev/null 2>&1 &
pids+=($!)
window=""
for _ in $(seq 60); do
  window=$(xdotool search --name "Java Monitoring" 2>/dev/null | head -1 || true)
  [ -n "$window" ] && break
  sleep 0.5
done
[ -n "$window" ] || { echo "JConsole did not open a window" >&2; exit 1; }
sleep 4
# no window manager: place the window ourselves so that the coordinates below hold
xdotool windowmove "$window" 0 0 windowsize "$window" 1280 800
sleep 2

click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-1}"; }
# "Secure connection failed. Retry insecurely?": a local attach has no SSL; take the insecure retry
click 363 202 5
click 472 58 3          # the MBeans tab
# widen the tree: drag the split pane divider
xdotool mousemove 170 420 mousedown 1 mousemove 200 420 mousemove 250 420 mouseup 1
sleep 1
# the tree by keyboard, which does not depend on font metrics: wrss is the last domain
click 60 81 1
xdotool key End; sleep 0.5; xdotool key Right; sleep 1; xdotool key Down; sleep 0.5; xdotool key Right; sleep 1; xdotool key Down; sleep 0.5; xdotool key Right
sleep 1
xdotool key Down Down Down Down Down Down Down Down # Rss Pss Uss Swap SwapPss Virtual Mappings Regions
sleep 2
xdotool mousemove 1000 116 click --repeat 2 --delay 100 1   # open the TabularData value as a table
sleep 2
for _ in 1 2 3 4; do click 1036 126 0.5; done               # rows are sorted: 5th is java_heap
sleep 1

/usr/bin/import -window root png:- | /usr/bin/convert - -colors 64 -strip docs/jconsole.png
echo "wrote docs/jconsole.png ($(stat -c %s docs/jconsole.png) bytes)"
