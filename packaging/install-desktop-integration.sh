#!/bin/sh
# Make this unpacked Relmap a desktop program for the current user: a `relmap` command in
# ~/.local/bin, a menu entry, the icon, and .relmap workspace files that open in Relmap on a
# double-click. Nothing is written outside your home folder; run it again after moving the
# folder. `--uninstall` removes what it added.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
id=org.relmap.Relmap
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin
res=$here/_internal/resources

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$bin/relmap" "$data/applications/$id.desktop" "$data/mime/packages/$id.xml" "$data/metainfo/$id.metainfo.xml"
  rm -f "$data"/icons/hicolor/*/apps/$id.png "$data/icons/hicolor/scalable/apps/$id.svg"
else
  mkdir -p "$bin" "$data/applications" "$data/mime/packages" "$data/metainfo"
  ln -sf "$here/relmap" "$bin/relmap"
  # The menu entry runs this copy by its full path, whatever PATH the desktop session has.
  sed "s|^Exec=relmap |Exec=\"$here/relmap\" |; s|^TryExec=relmap$|TryExec=$here/relmap|" \
    "$res/linux/$id.desktop" > "$data/applications/$id.desktop"
  cp "$res/linux/$id.mime.xml" "$data/mime/packages/$id.xml"
  cp "$res/linux/$id.metainfo.xml" "$data/metainfo/$id.metainfo.xml"
  (cd "$res/icons" && find hicolor -type f) | while read -r icon; do
    mkdir -p "$data/icons/$(dirname "$icon")"
    cp "$res/icons/$icon" "$data/icons/$icon"
  done
fi
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
if [ "${1:-}" = "--uninstall" ]; then echo "Relmap removed from the menu."; else
  echo "Relmap is in your applications menu; .relmap files open in it. Command: $bin/relmap"; fi
