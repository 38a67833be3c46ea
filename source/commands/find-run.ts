// Which run a command is about, and its state: what every command that reads a run needs, and
// nothing more (no plan parsing), so that `status` and `stop` start quickly.
import {resolve} from 'node:path';
import type {Plan} from '../plan/types.js';
import {lastRun, defaultStateDir} from '../run/paths.js';
import {readState} from '../run/store.js';
import type {RunState} from '../run/types.js';
import {CommandExit, exitCodes, refuseEmptyStateDir, type Flags, type Io} from './io.js';

/** The run directory: --state-dir, else the plan's default, else the latest run's. */
export function runDir(flags: Flags, io: Io, plan?: Plan): string {
	refuseEmptyStateDir(flags);
	if (flags.stateDir !== undefined) return resolve(io.cwd, flags.stateDir);
	if (plan) return defaultStateDir(plan, io.env);
	const last = lastRun(io.env);
	if (last) return last;
	throw new CommandExit(exitCodes.usage, 'no run found: start one with `ansible-driver run [PLAN]`, or name its run directory with --state-dir DIR');
}

export function mustReadState(dir: string): RunState {
	const result = readState(dir);
	if (!result.ok) throw new CommandExit(exitCodes.usage, `${result.message}; start a run with \`ansible-driver run [PLAN]\` or give the right --state-dir`);
	return result.state;
}
