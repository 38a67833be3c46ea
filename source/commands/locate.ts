// Finds the plan and the run directory a command is about.
import {resolve} from 'node:path';
import {formatProblems, loadPlan, preflight, hasErrors} from '../plan/index.js';
import type {Plan} from '../plan/types.js';
import {lastRun, defaultStateDir} from '../run/paths.js';
import {readState} from '../run/store.js';
import type {RunState} from '../run/types.js';
import {CommandExit, exitCodes, type Flags, type Io} from './io.js';

/** Loads and validates a plan; exit 2 with every problem when it is bad. Warnings go to stderr. */
export function mustLoadPlan(ref: string, io: Io): Plan {
	const result = loadPlan(ref, {env: io.env, cwd: io.cwd});
	if (!result.ok) throw new CommandExit(exitCodes.usage, `${formatProblems(result.problems, {source: true})}\nThe plan has ${result.problems.length} problem(s); nothing was run.`);
	if (result.warnings.length > 0) io.stderr.write(formatProblems(result.warnings) + '\n');
	return result.plan;
}

/** Checks that everything the plan runs is there; exit 2 listing what is missing. */
export function mustPassPreflight(plan: Plan, io: Io): void {
	const problems = preflight(plan, io.env);
	if (problems.length === 0) return;
	if (hasErrors(problems)) {
		throw new CommandExit(exitCodes.usage, `${formatProblems(problems)}\nPreflight found ${problems.length} problem(s); nothing was run.`);
	}
	io.stderr.write(formatProblems(problems) + '\n');
}

/** The run directory: --state-dir, else the plan's default, else the latest run's. */
export function runDir(flags: Flags, io: Io, plan?: Plan): string {
	if (flags.stateDir) return resolve(io.cwd, flags.stateDir);
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
