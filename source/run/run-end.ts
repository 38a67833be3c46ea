// What the run leaves beside its state at its end: handover.txt (the commands to go on by hand
// after a failure or abort; removed otherwise) and the run report. Neither may keep the run from
// ending: a failure to write them is a warning.
import type {Plan} from '../plan/types.js';
import {clearHandOver, writeHandOver} from './handover-file.js';
import {failedHostsOf, nextStepIndex} from './machine.js';
import type {RunState} from './types.js';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** handover.txt written for the step a failed or aborted run stopped at, else removed; a warning, or null. */
export function updateHandOver(dir: string, plan: Plan, state: RunState): string | null {
	const status = state.run.status;
	const next = nextStepIndex(state);
	try {
		if ((status === 'failed' || status === 'aborted') && next !== -1) {
			const step = plan.steps[next];
			writeHandOver(dir, plan, next, step ? failedHostsOf(state.steps[next]!, step) : null);
		} else clearHandOver(dir);
		return null;
	} catch (error) {
		return `warning: could not update handover.txt: ${message(error)}`;
	}
}

/** The run report (report.md), whatever the outcome: its path (null when none was written) and what to say. */
export async function writeRunReport(
	write: ((dir: string, state: RunState) => Promise<string>) | undefined,
	dir: string,
	state: RunState,
): Promise<{report: string | null; note: string | null}> {
	if (!write) return {report: null, note: null};
	try {
		const report = await write(dir, state);
		return {report, note: `report: ${report}`};
	} catch (error) {
		return {report: null, note: `warning: could not write the run report: ${message(error)}`};
	}
}
