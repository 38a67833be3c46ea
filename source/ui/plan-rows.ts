// The plan pane's rows: one per step, except a split step (`split: imports`) whose parts are all
// finished, folded into one row. The cursor and the scroll move over rows.
import {isFinished} from '../run/machine.js';
import type {StepView} from './types.js';

/** A row: the steps it stands for, `first` to `last` (the same step unless folded). */
export interface PlanRow {
	first: number;
	last: number;
}

export function planRows(steps: readonly StepView[]): PlanRow[] {
	const rows: PlanRow[] = [];
	for (let i = 0; i < steps.length; ) {
		const group = steps[i]!.splitOf;
		let end = i + 1;
		if (group) while (end < steps.length && steps[end]!.splitOf === group) end++;
		const members = steps.slice(i, end);
		if (members.length > 1 && members.every(isFinished)) rows.push({first: i, last: end - 1});
		else for (let n = i; n < end; n++) rows.push({first: n, last: n});
		i = end;
	}
	return rows;
}

/** The row a step is on (its folded group's, when folded). */
export function rowOfStep(rows: readonly PlanRow[], step: number): number {
	const at = rows.findIndex((row) => step >= row.first && step <= row.last);
	return at === -1 ? Math.max(0, Math.min(rows.length - 1, step)) : at;
}

/** A folded row's text: the split step's name and how many parts it ran. */
export function foldedName(steps: readonly StepView[], row: PlanRow): string {
	const first = steps[row.first]!;
	return `${first.unit?.name ?? first.splitOf ?? first.id} (${row.last - row.first + 1} parts)`;
}

/** A folded row's time: its parts' together (null when none ran). */
export function foldedDuration(steps: readonly StepView[], row: PlanRow): number | null {
	const times = steps.slice(row.first, row.last + 1).map((s) => s.durationMs).filter((ms): ms is number => ms !== null);
	return times.length === 0 ? null : times.reduce((a, b) => a + b, 0);
}
