#!/usr/bin/env bash
# The second pass of `npm test`: the single executable (npm run release) in place of node and the
# bundle, as on a deploy host: copied in as `ansible-driver` on a PATH without node and run outside
# the repository (test/helpers/driver.ts). The release's own tests, and the end-to-end tests of a
# run with a pause and resume, status --json, a viewer left and attached again, and an abort.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
found=(release/ansible-driver-*-linux-*)
if [ ${#found[@]} -ne 1 ]; then
	echo "test-executable: expected one executable in release/ (npm run release builds it); found ${#found[@]}" >&2
	exit 1
fi
ANSIBLE_DRIVER_TEST_EXECUTABLE="$PWD/${found[0]}" exec npx vitest run test/release test/e2e/run-pause-resume.test.ts test/e2e/detach.test.ts test/e2e/abort.test.ts
