#!/usr/bin/env bash
# Run the tests that drive the real ansible-playbook against other ansible-core releases:
#
#   npm run test:ansible -- [RELEASE ...]      (default: 2.15.9 2.16.12 2.17.5 2.18.0rc1 trixie sid)
#
# RELEASE is a Debian suite (trixie, sid, forky, ...) whose ansible-core scripts/ansible-release.sh
# fetches and unpacks into a cache, an upstream version whose source ../shared/ansible-core holds
# (2.15.9, 2.16.12, 2.17.5, 2.18.0rc1: the releases OpenStack-Ansible pins that Debian does not
# carry), or "system" for the machine's own. For each release, its ansible-playbook is put first
# on PATH and the release-dependent test files run; a suite checks that the ansible-playbook it
# finds is that release (ANSIBLE_DRIVER_EXPECT_CORE), so a test never passes on the wrong one.
# Exits non-zero when a release cannot be had or a test fails.
set -uo pipefail
cd "$(dirname "$0")/.."

releases=("$@")
[ ${#releases[@]} -gt 0 ] || releases=(2.15.9 2.16.12 2.17.5 2.18.0rc1 trixie sid)

# What runs on every release: the tests whose outcome depends on the release, where the driver
# meets ansible-core itself. The rest (state, recovery, locks, notify hooks, the terminal UI, run
# osa's bookkeeping) is the driver's own logic around ansible-playbook, run by `npm test` on the
# machine's release; running it six more times would cost half an hour and test nothing new.
files=(
	# The callback plugin against each release's callback API: every event type and result status,
	# pause points (exit 75), serial and free strategies, the switched-off plugin.
	test/ansible/plugin.test.ts
	# Pending handlers hold a pause: 2.15 reworked how notifications are announced.
	test/ansible/handlers.test.ts
	# What the plugin decides per release (notification timing, result object, retry number)
	# against what the release does; holds docs/handlers.md's table to it.
	test/ansible/release-facts.test.ts
	# A recording made on 2.14 gives the same matrix as a fresh run on this release.
	test/ansible/release-shape.test.ts
	# Bytes that are not UTF-8 in host output: each release decodes them its own way (2.19's
	# data tagging among them).
	test/ansible/hostile-output.test.ts
	# How ansible-playbook and its workers take SIGINT (from 2.19, each worker in its own session).
	test/cli/abort.test.ts
	# ansible's own error text (ERROR! before 2.19, [ERROR]: after) read back by preflight and as a
	# step's reason.
	test/cli/syntax.test.ts
	# `ansible-playbook --version` as preflight reads it, and the version the plugin reports.
	test/cli/ansible-version.test.ts
)
# OpenStack-Ansible's own wrapper and rc of each series, on the releases a series pins (2024.1:
# 2.15.9, 2025.1: 2.17, 2026.1: 2.19): the rc's ANSIBLE_* settings meet that release's config.
pinned_by_osa() { case "$1" in 2.15.* | 2.17.* | 2.19.*) return 0 ;; *) return 1 ;; esac; }

[ -f dist/bundle/cli.js ] || npm run build >/dev/null

failed=()
for release in "${releases[@]}"; do
	echo "=== ansible-core of: $release"
	bin=$(bash scripts/ansible-release.sh "$release")
	status=$?
	if [ $status -ne 0 ] || [ -z "$bin" ]; then
		echo "=== $release: ansible-core could not be made runnable here (exit $status, see above)"
		failed+=("$release")
		continue
	fi
	version=$("$bin/ansible-playbook" --version | sed -nE 's/.*\[core ([^]]+)\].*/\1/p' | head -1)
	echo "=== $release: ansible-core $version ($bin/ansible-playbook)"
	run=("${files[@]}")
	! pinned_by_osa "$version" || run+=(test/osa/real-wrapper.test.ts)
	if ! PATH="$bin:$PATH" ANSIBLE_DRIVER_EXPECT_CORE="$version" npx vitest run "${run[@]}"; then
		failed+=("$release")
	fi
done

if [ ${#failed[@]} -gt 0 ]; then
	echo "=== ansible-core releases with failures: ${failed[*]}"
	exit 1
fi
echo "=== ansible-core releases passed: ${releases[*]}"
