#!/usr/bin/env bash
# Progress lines for the long steps of set-up: one line when a step starts (what and why), one when it ends
# (elapsed time), so a newcomer never watches minutes of silence. Sourced, not run.

# step TAG "what (why)" COMMAND...: runs COMMAND between a start line and an end line; returns its status.
step() {
  local tag=$1 what=$2 start=$SECONDS rc=0
  shift 2
  printf '[%s] %s …\n' "$tag" "$what"
  "$@" || rc=$?
  if ((rc == 0)); then
    printf '[%s] done in %s\n' "$tag" "$(elapsed $((SECONDS - start)))"
  else
    printf '[%s] FAILED after %s (exit %d)\n' "$tag" "$(elapsed $((SECONDS - start)))" "$rc" >&2
  fi
  return "$rc"
}

# elapsed SECONDS: "42 s" or "3 min 05 s".
elapsed() {
  if (($1 < 60)); then printf '%d s' "$1"; else printf '%d min %02d s' $(($1 / 60)) $(($1 % 60)); fi
}
