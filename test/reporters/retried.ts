// After vitest's own summary, names every test that passed or failed only on a retry (a retry
// keeps a timing flake on a loaded machine from failing the run; this keeps the flake in sight),
// and every unhandled error on a line of its own: .ci/run gathers both into CI's last lines, so a
// run that fails with no failed test still says why.
import type {Reporter, TestModule} from 'vitest/node';

type Error = {name?: string; message?: string; stack?: string};

export default class RetriedReporter implements Reporter {
	onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<Error>): void {
		const out: string[] = [];
		for (const module of modules) {
			for (const test of module.children.allTests()) {
				const {retryCount} = test.diagnostic() ?? {retryCount: 0};
				if (retryCount > 0) out.push(`${module.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName} (${test.result().state}, after ${retryCount} retry)`);
			}
		}
		if (out.length > 0) process.stdout.write(`\nRETRIED (passed or failed only after a retry; a flake to look at):\n${out.map((l) => `  ${l}`).join('\n')}\n`);
		for (const error of unhandled) {
			const where = error.stack?.split('\n').find((l) => /^\s+at /.test(l))?.trim() ?? '';
			process.stdout.write(`UNHANDLED ERROR: ${error.name ?? 'Error'}: ${error.message ?? String(error)}${where ? ` (${where})` : ''}\n`);
		}
	}
}
