#!/usr/bin/env bash
# Run the tests that drive the real ansible-playbook against other ansible-core releases:
#
#   npm run test:ansible -- [RELEASE ...]      (default: trixie sid)
#
# RELEASE is a Debian suite (trixie, sid, forky, ...) whose ansible-core scripts/ansible-release.sh
# fetches and unpacks into a cache, or "system" for the machine's own. For each release, its
# ansible-playbook is put first on PATH and the real-ansible test files run; a suite checks that
# the ansible-playbook it finds is that release (ANSIBLE_DRIVER_EXPECT_CORE), so a test never
# passes on the wrong one. Exits non-zero when a release cannot be had or a test fails.
set -uo pipefail
cd "$(dirname "$0")/.."

releases=("$@")
[ ${#releases[@]} -gt 0 ] || releases=(trixie sid)

# Plugin, CLI, recovery, faults, units, OSA wrapper and run osa, and terminal-UI end-to-end tests:
# everything that runs ansible-playbook for real.
files=(
	test/ansible/plugin.test.ts test/ansible/handlers.test.ts test/ansible/release-shape.test.ts
	test/ansible/command.test.ts test/ansible/list-tasks.test.ts test/ansible/hostile-output.test.ts
	test/cli/run.test.ts test/cli/abort.test.ts test/cli/recovery.test.ts test/cli/no-double-run.test.ts
	test/cli/ansible-version.test.ts test/cli/hostile-text.test.ts test/cli/disk-full.test.ts
	test/cli/state-file.test.ts test/cli/contract.test.ts test/cli/help.test.ts test/cli/notify.test.ts test/cli/syntax.test.ts
	test/osa/wrapper.test.ts test/osa/real-wrapper.test.ts test/osa/markers-run.test.ts test/osa/run-osa.test.ts test/cli/fallback.test.ts
	test/e2e/run-pause-resume.test.ts test/e2e/abort.test.ts test/e2e/prompt-and-pipe.test.ts
)

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
	if ! PATH="$bin:$PATH" ANSIBLE_DRIVER_EXPECT_CORE="$version" npx vitest run "${files[@]}"; then
		failed+=("$release")
	fi
done

if [ ${#failed[@]} -gt 0 ]; then
	echo "=== ansible-core releases with failures: ${failed[*]}"
	exit 1
fi
echo "=== ansible-core releases passed: ${releases[*]}"
