#!/usr/bin/env bash
# The second pass of `npm test`: the single executable (npm run release) in place of node and the
# bundle, as on a deploy host: copied in as `ansible-driver` on a PATH without node and run outside
# the repository (test/helpers/driver.ts). The release's own tests; the end-to-end tests of a run
# with a pause and resume, status --json, a viewer left and attached again, and an abort; and
# OpenStack-Ansible 2026.1's own openstack-ansible wrapper running a step with the plugin the
# executable unpacked.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
found=(release/ansible-driver-*-linux-*)
if [ ${#found[@]} -ne 1 ]; then
	echo "test-executable: expected one executable in release/ (npm run release builds it); found ${#found[@]}" >&2
	exit 1
fi
export ANSIBLE_DRIVER_TEST_EXECUTABLE="$PWD/${found[0]}"
status=0
npx vitest run test/release test/e2e/run-pause-resume.test.ts test/e2e/detach.test.ts test/e2e/abort.test.ts || status=$?
npx vitest run test/osa/real-wrapper.test.ts -t '^.*2026\.1: events arrive through it' || status=$?
exit "$status"
