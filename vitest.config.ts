import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Real ansible-playbook runs take seconds each; the machine has two cores.
		testTimeout: 120_000,
		hookTimeout: 60_000,
		fileParallelism: true,
		maxWorkers: 2,
		minWorkers: 1,
		reporters: ['default'],
	},
});
