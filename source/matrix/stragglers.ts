// The hosts the running task still waits on, longest first: who holds the step up, and for how
// long. Pure: `now` is the caller's clock (seconds, the events' clock).
import {cellKey, type MatrixModel} from './types.js';

export interface Waiting {
	task: string;
	/** Still running the task, longest first. */
	hosts: Array<{host: string; forMs: number}>;
	/** Hosts that already finished the task. */
	finished: number;
}

const runningCode = 1;

export function stragglers(model: MatrixModel, now: number): Waiting | null {
	const row = model.currentRow;
	const task = model.tasks[row];
	if (!task || model.finished) return null;
	const cells = model.cells[row]!;
	const hosts: Waiting['hosts'] = [];
	let finished = 0;
	for (let col = 0; col < model.hosts.length; col++) {
		const c = cells[col] ?? 0;
		if (c === runningCode) {
			const since = model.runningSince.get(cellKey(row, col));
			hosts.push({host: model.hosts[col]!, forMs: since === undefined ? 0 : Math.max(0, (now - since) * 1000)});
		} else if (c !== 0) finished++;
	}
	if (hosts.length === 0) return null;
	hosts.sort((a, b) => b.forMs - a.forMs);
	return {task: task.name, hosts, finished};
}
