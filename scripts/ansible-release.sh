#!/usr/bin/env bash
# Make another Debian suite's ansible-core runnable here, without touching the machine's own apt
# configuration or packages:
#
#   scripts/ansible-release.sh SUITE      (trixie, sid, forky, ...; "system" = the machine's own)
#   scripts/ansible-release.sh VERSION    (2.15.9, 2.18.0rc1, ...: upstream's source, see below)
#
# A VERSION is ansible-core's own source (lib/, bin/) from $ANSIBLE_DRIVER_CORE_SOURCES/VERSION.tar.gz
# (default ../shared/ansible-core beside the repository), for the releases OpenStack-Ansible pins
# that no Debian suite carries. It is unpacked once into the cache and run from source with the
# machine's python3 libraries (jinja2, yaml, cryptography, packaging, resolvelib: Debian's
# ansible-core package brings them), on a Python inside the release's supported controller range.
#
# The .deb files of ansible-core and the Python libraries it depends on come from the machine's
# own Debian mirror (read from its apt sources), through a private sources list and private apt
# state folders, with `apt-get download`; they are unpacked with `dpkg -x` into a cache folder
# and run in a venv of a Python the release supports (the machine's, or one from pyenv). On
# success the last line printed is the folder to put first on PATH (it holds ansible-playbook,
# ansible, ansible-config and ansible-inventory). Exits 3 when no Python on the machine fits.
#
# Cache: $ANSIBLE_DRIVER_RELEASES, default ~/.cache/ansible-driver/releases.
set -euo pipefail

suite=${1:?usage: ansible-release.sh SUITE (trixie, sid, ... or system)}
cache=${ANSIBLE_DRIVER_RELEASES:-$HOME/.cache/ansible-driver/releases}

say() { echo "ansible-release: $*" >&2; }

if [ "$suite" = system ]; then
	command -v ansible-playbook >/dev/null || { say "no ansible-playbook on PATH (apt-get install ansible-core)"; exit 2; }
	dirname "$(command -v ansible-playbook)"
	exit 0
fi

root="$cache/$suite"
bin="$root/bin"
if [ -x "$bin/ansible-playbook" ] && "$bin/ansible-playbook" --version >/dev/null 2>&1; then
	say "$suite: $("$bin/ansible-playbook" --version | sed -n 1p) (cached in $root)"
	echo "$bin"
	exit 0
fi

if [[ "$suite" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]; then
	sources=${ANSIBLE_DRIVER_CORE_SOURCES:-$(cd "$(dirname "$0")/.." && pwd)/../shared/ansible-core}
	tarball="$sources/$suite.tar.gz"
	[ -r "$tarball" ] || { say "no source of ansible-core $suite: $tarball is missing (set ANSIBLE_DRIVER_CORE_SOURCES)"; exit 2; }
	# The controller Pythons each release supports (its own support matrix): older releases break
	# on newer Pythons in ways --version does not show, so the ceiling is kept, not only the floor.
	case "$suite" in
	2.15.*) range="3.9 3.11" ;;
	2.16.* | 2.17.*) range="3.10 3.12" ;;
	2.18.* | 2.19.*) range="3.11 3.13" ;;
	*) range="3.12 3.14" ;;
	esac
	read -r lo hi <<<"$range"
	inside() { "$1" -c "import sys; v = sys.version_info[:2]; sys.exit(0 if tuple(map(int, '$lo'.split('.'))) <= v <= tuple(map(int, '$hi'.split('.'))) else 1)" 2>/dev/null; }
	# The machine's own python3 first (its libraries were built for it), else pyenv's, newest first.
	candidates=(/usr/bin/python3)
	pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
	for p in $(ls -d "$pyenv_root"/versions/3.* 2>/dev/null | sort -rV); do candidates+=("$p/bin/python3"); done
	libs=/usr/lib/python3/dist-packages
	rm -rf "$root.tmp" && mkdir -p "$root.tmp/src"
	tar -xzf "$tarball" -C "$root.tmp/src"
	[ -x "$root.tmp/src/bin/ansible-playbook" ] || { say "$tarball holds no bin/ansible-playbook"; exit 2; }
	python=""
	for p in "${candidates[@]}"; do
		{ [ -x "$p" ] && inside "$p"; } || continue
		# Starting is not enough: the libraries must load on that Python too.
		if PYTHONPATH="$root.tmp/src/lib:$libs" "$p" -c 'import ansible.cli.playbook, jinja2, yaml, cryptography, packaging, resolvelib' >/dev/null 2>&1; then
			python=$p
			break
		fi
	done
	if [ -z "$python" ]; then
		rm -rf "$root.tmp"
		say "ansible-core $suite runs on Python $lo to $hi with jinja2, yaml, cryptography, packaging and resolvelib; no such Python here (looked at: ${candidates[*]}; apt-get install ansible-core brings the libraries)"
		exit 3
	fi
	pyver=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
	mkdir -p "$root.tmp/bin"
	for tool in ansible-playbook ansible ansible-config ansible-inventory; do
		cat >"$root.tmp/bin/$tool" <<EOF
#!/bin/sh
# ansible-core $suite from upstream's source ($tarball), on Python $pyver ($python)
PYTHONPATH="$root/src/lib:$libs" exec "$python" "$root/src/bin/$tool" "\$@"
EOF
		chmod +x "$root.tmp/bin/$tool"
	done
	rm -rf "$root" && mv "$root.tmp" "$root"
	"$bin/ansible-playbook" --version >/dev/null || { say "ansible-core $suite does not start on $python"; exit 2; }
	say "$suite: ansible-core $suite from source on Python $pyver ($python), in $root"
	echo "$bin"
	exit 0
fi

# The machine's Debian mirror: the first URI of its apt sources that ends in /debian.
mirror=$(
	{
		grep -hE '^[[:space:]]*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -E 's/^[[:space:]]*URIs:[[:space:]]*//' | tr ' ' '\n'
		grep -hE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | sed -E 's/\[[^]]*\]//' | awk '{print $2}'
	} | grep -E '/debian/?$' | head -1 || true
)
mirror=${mirror:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || { say "no $keyring (apt-get install debian-archive-keyring)"; exit 2; }

apt_dir="$root/apt"
rm -rf "$root.tmp"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/etc/preferences.d" "$apt_dir/etc/sources.list.d"
: >"$apt_dir/status"
echo "deb [signed-by=$keyring] $mirror $suite main" >"$apt_dir/etc/sources.list"
apt_opts=(
	-o "Dir::Etc::SourceList=$apt_dir/etc/sources.list"
	-o "Dir::Etc::SourceParts=$apt_dir/etc/sources.list.d"
	-o "Dir::Etc::Preferences=$apt_dir/etc/preferences"
	-o "Dir::Etc::PreferencesParts=$apt_dir/etc/preferences.d"
	-o "Dir::State::Lists=$apt_dir/lists"
	-o "Dir::State::status=$apt_dir/status"
	-o "Dir::Cache=$apt_dir/cache"
	-o "Dir::Cache::archives=$apt_dir/archives"
	-o "Debug::NoLocking=1"
	-o "APT::Sandbox::User=root"
)
say "$suite: reading the package index from $mirror"
apt-get "${apt_opts[@]}" -qq update >&2

# ansible-core and the python3-* packages it needs, two levels deep (jinja2 needs markupsafe).
wanted=(ansible-core)
fetched=()
debs="$root/debs"
mkdir -p "$debs"
for _level in 1 2 3; do
	next=()
	for pkg in "${wanted[@]}"; do
		case " ${fetched[*]-} " in *" $pkg "*) continue ;; esac
		fetched+=("$pkg")
		if ! (cd "$debs" && apt-get "${apt_opts[@]}" -qq download "$pkg" >/dev/null 2>&1); then
			# A virtual package (python3-cffi-backend-api-min, ...) has no file of its own.
			[ "$pkg" != ansible-core ] || { say "cannot download ansible-core from $suite"; exit 2; }
			continue
		fi
		deb=$(ls -t "$debs"/"${pkg}"_*.deb | head -1)
		deps=$(dpkg-deb -f "$deb" Depends | tr ',|' '\n\n' | sed -E 's/\(.*\)//; s/:any//; s/[[:space:]]//g')
		for dep in $deps; do
			case "$dep" in
			python3 | python3-minimal | python3-distutils | python3-pkg-resources | python3-setuptools) ;;
			python3-*) next+=("$dep") ;;
			esac
		done
	done
	[ ${#next[@]} -gt 0 ] || break
	wanted=("${next[@]}")
done

tree="$root/tree"
rm -rf "$tree"
mkdir -p "$tree"
for deb in "$debs"/*.deb; do dpkg -x "$deb" "$tree"; done
site="$tree/usr/lib/python3/dist-packages"
version=$(sed -nE "s/^__version__ = '([^']+)'.*/\1/p" "$site/ansible/release.py")
[ -n "$version" ] || { say "no ansible/release.py in the $suite package"; exit 2; }

# The oldest Python the release accepts (Requires-Python of its metadata), then the machine's own
# python3 if it is new enough, else the oldest fitting pyenv one (closest to what it was built for).
meta=$(ls -d "$site"/ansible_core-*.dist-info/METADATA "$site"/ansible_core-*.egg-info/PKG-INFO 2>/dev/null | head -1 || true)
min=$(sed -nE 's/^Requires-Python: *>= *([0-9]+\.[0-9]+).*/\1/p' "$meta" 2>/dev/null | head -1)
min=${min:-3.9}
fits() { "$1" -c "import sys; sys.exit(0 if sys.version_info[:2] >= tuple(map(int, '$min'.split('.'))) else 1)" 2>/dev/null; }
python=""
candidates=(/usr/bin/python3)
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
for p in $(ls -d "$pyenv_root"/versions/3.* 2>/dev/null | sort -V); do candidates+=("$p/bin/python3"); done
for p in "${candidates[@]}"; do
	if [ -x "$p" ] && fits "$p"; then python=$p; break; fi
done
if [ -z "$python" ]; then
	say "ansible-core $version ($suite) needs Python >= $min; none on this machine (looked at: ${candidates[*]})"
	exit 3
fi

# A venv keeps the machine's own dist-packages (and its ansible) off the path; where the venv
# module is missing (Debian's python3-venv not installed), PYTHONPATH puts the release first.
venv="$root/venv"
rm -rf "$venv"
if "$python" -m venv --without-pip "$venv" >/dev/null 2>&1; then
	pyver=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
	echo "$site" >"$venv/lib/python$pyver/site-packages/ansible-release.pth"
	run="exec \"$venv/bin/python\""
else
	pyver=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
	run="PYTHONPATH=\"$site\"\${PYTHONPATH:+:\$PYTHONPATH} exec \"$python\""
fi

mkdir -p "$bin"
for tool in ansible-playbook ansible ansible-config ansible-inventory; do
	cat >"$bin/$tool" <<EOF
#!/bin/sh
# ansible-core $version from Debian $suite, on Python $pyver ($python)
$run "$tree/usr/bin/$tool" "\$@"
EOF
	chmod +x "$bin/$tool"
done
"$bin/ansible-playbook" --version >/dev/null || { say "ansible-core $version ($suite) does not start on $python"; exit 2; }
say "$suite: ansible-core $version on Python $pyver ($python), in $root"
echo "$bin"
