import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Real ansible-playbook runs take seconds each; the machine has two cores.
		testTimeout: 120_000,
		hookTimeout: 60_000,
		fileParallelism: true,
		maxWorkers: 2,
		// vitest 4, not 3: vitest 3's worker gave each report to the main process 60 s (birpc's
		// fixed timeout; vitest issues 6479, 8164), and a worker busy with a real ansible run on a
		// loaded two-core machine missed it, which failed a run whose every test passed. vitest 4's
		// worker waits for the answer however long it takes (timeout -1). Checked by hand: .ci/run
		// on a clean clone with two busy loops beside it on two cores passed (987 tests, 69 min).
		// One retry for a test that fails once: real ansible runs on two loaded cores can miss a
		// timing window. Every retried test is named after the summary (test/reporters/retried.ts).
		retry: 1,
		reporters: ['default', './test/reporters/retried.ts'],
	},
});
