# shellcheck shell=bash
# Runner images, made offline (no registry) and loaded into every node with `docker import`:
#   joy-runner:latest   Debian bookworm minbase + gcc, libc6-dev, bash, coreutils, diffutils
#   joy-busybox:latest  busybox-static and its applet links only (tiny, imports in a second)
# Each image is a rootfs tarball cached in $STATE/images, named by the sha256 of its recipe, and
# tagged joy-X:r-<hash> in a node. A recipe change means a new hash: rebuilt once, re-imported.

IMAGES_DIR() { printf '%s/images\n' "$STATE"; }

# Recipes run with ROOTFS (an empty directory) and MIRROR in the environment.
RUNNER_RECIPE=$(cat <<'RECIPE'
debootstrap --variant=minbase --include=gcc,libc6-dev,bash,coreutils,diffutils bookworm "$ROOTFS" "$MIRROR"
# No package caches or lists in the image; apt is not used inside runs.
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
# Docker mounts its own /dev; device nodes from debootstrap have no place in a tarball.
rm -rf "${ROOTFS:?}"/dev/*
mkdir -p "$ROOTFS/workdir"
RECIPE
)
RUNNER_CHANGES=('ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' 'WORKDIR /workdir' 'CMD ["/bin/bash"]')

BUSYBOX_RECIPE=$(cat <<'RECIPE'
mkdir -p "$ROOTFS"/bin "$ROOTFS"/sbin "$ROOTFS"/usr/bin "$ROOTFS"/usr/sbin "$ROOTFS"/etc "$ROOTFS"/root "$ROOTFS"/tmp "$ROOTFS"/workdir
chmod 1777 "$ROOTFS/tmp"
cp /bin/busybox "$ROOTFS/bin/busybox"
chroot "$ROOTFS" /bin/busybox --install -s
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$ROOTFS/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$ROOTFS/etc/group"
RECIPE
)
BUSYBOX_CHANGES=('ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' 'WORKDIR /workdir' 'CMD ["/bin/sh"]')

# recipe_hash NAME: sha256 over everything that shapes the image: the recipe text, the image
# config changes, and for busybox the version of the host package it copies.
recipe_hash() {
  case $1 in
    joy-runner) printf '%s\n' "$RUNNER_RECIPE" "${RUNNER_CHANGES[@]}" ;;
    joy-busybox) printf '%s\n' "$BUSYBOX_RECIPE" "${BUSYBOX_CHANGES[@]}" "$(dpkg-query -W -f='${Version}' busybox-static)" ;;
  esac | sha256sum | cut -c1-64
}

image_tarball() { printf '%s/%s-%s.tar\n' "$(IMAGES_DIR)" "$1" "$(recipe_hash "$1")"; }

# debian_mirror: the Debian archive the host's apt uses, read at run time (deb822 sources first,
# then sources.list), so no mirror is written into the repository. JOY_DEBIAN_MIRROR overrides.
debian_mirror() {
  if [[ -n ${JOY_DEBIAN_MIRROR:-} ]]; then
    printf '%s\n' "$JOY_DEBIAN_MIRROR"
    return 0
  fi
  local mirror=""
  shopt -s nullglob
  local sources=(/etc/apt/sources.list.d/*.sources)
  shopt -u nullglob
  if (( ${#sources[@]} > 0 )); then
    # The first URIs of a stanza that serves the bookworm suite (not -security, not -updates).
    mirror=$(awk '
      /^[[:space:]]*$/ { if (uris != "" && suite) { print uris; exit } uris = ""; suite = 0; next }
      tolower($1) == "uris:" { uris = $2 }
      tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == "bookworm") suite = 1 }
      END { if (uris != "" && suite) print uris }
    ' "${sources[@]}" | head -n1)
  fi
  if [[ -z $mirror && -r /etc/apt/sources.list ]]; then
    mirror=$(awk '$1 == "deb" && $0 ~ / bookworm / {
      for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list | head -n1)
  fi
  [[ -n $mirror ]] || die "no Debian bookworm mirror found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list; set JOY_DEBIAN_MIRROR"
  printf '%s\n' "$mirror"
}

# remove_tree DIR: rm -rf, but first unmount anything a failed debootstrap left mounted inside.
remove_tree() {
  local dir=$1 mnt
  [[ -e $dir ]] || return 0
  while read -r mnt; do
    umount -l "$mnt" 2>/dev/null || true
  done < <(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)
  rm -rf --one-file-system "$dir"
}

# build_tarball NAME RECIPE: runs RECIPE into a fresh rootfs and caches it as a tarball.
build_tarball() {
  local name=$1 recipe=$2
  local tarball; tarball=$(image_tarball "$name")
  [[ -s $tarball ]] && return 0

  local started; started=$(now_ms)
  local rootfs
  rootfs="$(IMAGES_DIR)/build-${name}"
  remove_tree "$rootfs"
  mkdir -p "$rootfs"
  local mirror=""
  if [[ $name == joy-runner ]]; then
    mirror=$(debian_mirror)
    log "building ${name} rootfs with debootstrap (about a minute)"
  else
    log "building ${name} rootfs"
  fi
  ROOTFS=$rootfs MIRROR=$mirror bash -euo pipefail -c "$recipe" >"$(IMAGES_DIR)/build-${name}.log" 2>&1 ||
    die "building ${name} failed; see $(IMAGES_DIR)/build-${name}.log"
  tar --numeric-owner -C "$rootfs" -cf "${tarball}.tmp" .
  mv "${tarball}.tmp" "$tarball"
  remove_tree "$rootfs"
  # Older recipes' tarballs are dead weight.
  find "$(IMAGES_DIR)" -maxdepth 1 -name "${name}-*.tar" ! -path "$tarball" -delete
  log "built ${name} ($(du -h "$tarball" | cut -f1), $(( ($(now_ms) - started) / 1000 )) s)"
}

build_busybox_tarball() {
  mkdir -p "$(IMAGES_DIR)"
  build_tarball joy-busybox "$BUSYBOX_RECIPE"
}

build_image_tarballs() {
  build_busybox_tarball
  build_tarball joy-runner "$RUNNER_RECIPE"
}

# load_image NODE NAME: imports the cached tarball into NODE unless NAME:latest there already
# is the current recipe's image.
load_image() {
  local node=$1 name=$2
  local hash; hash=$(recipe_hash "$name")
  local pinned="${name}:r-${hash:0:16}"
  local latest_id pinned_id
  latest_id=$(node_docker "$node" image inspect --format '{{.Id}}' "${name}:latest" 2>/dev/null || true)
  pinned_id=$(node_docker "$node" image inspect --format '{{.Id}}' "$pinned" 2>/dev/null || true)
  if [[ -n $latest_id && $latest_id == "$pinned_id" ]]; then
    return 0
  fi
  if [[ -z $pinned_id ]]; then
    local changes=() change
    if [[ $name == joy-runner ]]; then
      for change in "${RUNNER_CHANGES[@]}"; do changes+=(--change "$change"); done
    else
      for change in "${BUSYBOX_CHANGES[@]}"; do changes+=(--change "$change"); done
    fi
    log "importing ${name} into ${node}"
    node_docker "$node" import "${changes[@]}" --message "joy recipe ${hash}" \
      "$(image_tarball "$name")" "$pinned" >/dev/null
  fi
  node_docker "$node" tag "$pinned" "${name}:latest"
  # Earlier recipes' tags only take space; one still used by a container stays (rmi fails).
  local old
  while read -r old; do
    [[ $old == "${name}:r-"* && $old != "$pinned" ]] || continue
    node_docker "$node" rmi "$old" >/dev/null 2>&1 || true
  done < <(node_docker "$node" image ls --format '{{.Repository}}:{{.Tag}}' "$name")
}

load_images_into_main_nodes() {
  local node
  for node in "${MAIN_NODES[@]}"; do
    load_image "$node" joy-busybox
    load_image "$node" joy-runner
  done
}
