// The commands to go on by hand after a failure or an abort, kept in the run directory by the
// supervisor (which has the plan) so viewers can show them too.
import {readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {handOverLines} from '../plan/handover.js';
import type {Plan} from '../plan/types.js';
import {writeFileAtomic} from './atomic-file.js';

const file = (dir: string) => join(dir, 'handover.txt');

/** From the given step to the last: one paste-ready line each (a unit's on one line). */
export function writeHandOver(dir: string, plan: Plan, fromIndex: number): void {
	const lines = handOverLines(plan.steps, fromIndex);
	// Whole or not at all: an operator pasting from it after a crash or a full disk gets every line.
	writeFileAtomic(file(dir), lines.join('\n') + '\n');
}

export function clearHandOver(dir: string): void {
	rmSync(file(dir), {force: true});
}

export function readHandOver(dir: string): string[] | null {
	try {
		return readFileSync(file(dir), 'utf8').split('\n').filter(Boolean);
	} catch {
		return null;
	}
}
