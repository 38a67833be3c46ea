// The commands to go on by hand after a failure or an abort, kept in the run directory by the
// supervisor (which has the plan) so viewers can show them too.
import {readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {handOverOnHosts, handOverPlanLines} from '../plan/handover.js';
import type {Plan} from '../plan/types.js';
import {writeFileAtomic} from '../fs/atomic-file.js';

const file = (dir: string) => join(dir, 'handover.txt');
// The failed step on its failed hosts only: instead of handover.txt's first line, never beside it
// (pasting handover.txt whole must not run the step twice).
const onHostsFile = (dir: string) => join(dir, 'handover-failed-hosts.txt');

/**
 * From the given step to the last: one paste-ready line each (a unit's on one line); and, when
 * that step failed on some hosts, its command limited to them, apart.
 */
export function writeHandOver(dir: string, plan: Plan, fromIndex: number, failedHosts: readonly string[] | null = null): void {
	const lines = handOverPlanLines(plan, fromIndex);
	// Whole or not at all: an operator pasting from it after a crash or a full disk gets every line.
	writeFileAtomic(file(dir), lines.join('\n') + '\n');
	const step = plan.steps[fromIndex];
	if (step && failedHosts && failedHosts.length > 0) writeFileAtomic(onHostsFile(dir), handOverOnHosts(step, failedHosts) + '\n');
	else rmSync(onHostsFile(dir), {force: true});
}

export function clearHandOver(dir: string): void {
	rmSync(file(dir), {force: true});
	rmSync(onHostsFile(dir), {force: true});
}

/** The failed step's command on its failed hosts only, if the run ended with one. */
export function readHandOverOnHosts(dir: string): string | null {
	try {
		return readFileSync(onHostsFile(dir), 'utf8').split('\n')[0] || null;
	} catch {
		return null;
	}
}

export function readHandOver(dir: string): string[] | null {
	try {
		return readFileSync(file(dir), 'utf8').split('\n').filter(Boolean);
	} catch {
		return null;
	}
}
