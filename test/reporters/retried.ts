// Names every test that passed only on a retry, after vitest's own summary: a retry keeps a
// timing flake on a loaded machine from failing the run, and this keeps the flake in sight.
import type {Reporter} from 'vitest/reporters';

type Task = {name: string; type: string; tasks?: Task[]; result?: {state?: string; retryCount?: number}; suite?: Task};

function retried(task: Task, path: string[], out: string[]): void {
	const here = task.type === 'suite' || task.type === 'test' ? [...path, task.name] : path;
	if (task.type === 'test' && (task.result?.retryCount ?? 0) > 0) out.push(`${here.join(' > ')} (${task.result?.state}, after ${task.result?.retryCount} retry)`);
	for (const child of task.tasks ?? []) retried(child, here, out);
}

export default class RetriedReporter implements Reporter {
	onFinished(files: unknown[] = []): void {
		const out: string[] = [];
		for (const file of files as Array<Task & {filepath?: string}>) retried({...file, type: 'file'}, [file.name], out);
		if (out.length === 0) return;
		process.stdout.write(`\nRETRIED (passed or failed only after a retry; a flake to look at):\n${out.map((l) => `  ${l}`).join('\n')}\n`);
	}
}
