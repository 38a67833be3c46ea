// Which run a command is about, and its state: what every command that reads a run needs, and
// nothing more (no plan parsing), so that `status` and `stop` start quickly. Also the commands
// that name a run in hints, as the operator would type them.
import {resolve} from 'node:path';
import {shellQuote} from '../ansible/command.js';
import type {Plan} from '../plan/types.js';
import {liveOwner} from '../run/lock.js';
import {defaultStateDir, knownRuns, lastRun} from '../run/paths.js';
import {readState} from '../run/store.js';
import type {RunState} from '../run/types.js';
import {CommandExit, exitCodes, programOf, refuseEmptyStateDir, type Flags, type Io} from './io.js';

/**
 * The run directory: --state-dir, else the plan's default, else the one run a supervisor runs
 * now, else the latest run. Several runs going on: refused, each listed with the command that
 * picks it (`verb` is the command the operator typed).
 */
export function runDir(flags: Flags, io: Io, plan?: Plan, verb = 'status'): string {
	refuseEmptyStateDir(flags);
	if (flags.stateDir !== undefined) return resolve(io.cwd, flags.stateDir);
	if (plan) return defaultStateDir(plan, io.env);
	const live = knownRuns(io.env).filter((dir) => liveOwner(dir) !== null);
	if (live.length === 1) return live[0]!;
	if (live.length > 1) throw new CommandExit(exitCodes.usage, severalLive(live, verb, io));
	const last = lastRun(io.env);
	if (last) return last;
	throw new CommandExit(exitCodes.usage, `no run found: start one with \`${programOf(io)} run [PLAN]\`, or name its run directory with --state-dir DIR`);
}

function severalLive(dirs: string[], verb: string, io: Io): string {
	const lines = [`${dirs.length} runs are going on; say which one with --state-dir:`];
	for (const dir of dirs) {
		const read = readState(dir);
		const what = read.ok ? `${read.state.plan.name}: ${read.state.run.status} since ${read.state.run.startedAt ?? '?'}` : 'its state cannot be read';
		lines.push(`  ${what}`, `    run directory: ${dir}`, `    ${programOf(io)} ${verb} --state-dir ${shellQuote([dir])}`);
	}
	return lines.join('\n');
}

/**
 * `VERB` for this run as the operator types it: the program as invoked, and --state-dir unless
 * the run is the only one on the account (then the bare command finds it).
 */
export function commandFor(verb: string, dir: string, flags: Pick<Flags, 'stateDir'>, io: Io): string {
	const runs = knownRuns(io.env);
	const bare = flags.stateDir === undefined && runs.length === 1 && runs[0] === resolve(dir);
	return `${programOf(io)} ${verb}${bare ? '' : ` --state-dir ${shellQuote([resolve(dir)])}`}`;
}

export function mustReadState(dir: string, io?: Io): RunState {
	const result = readState(dir);
	if (!result.ok) throw new CommandExit(exitCodes.usage, `${result.message}; start a run with \`${io ? programOf(io) : 'ansible-driver'} run [PLAN]\` or give the right --state-dir`);
	return result.state;
}
