// Starts a supervisor that outlives the terminal: the same CLI in plain mode, in its own session,
// its output in the run directory's supervisor.log. The viewer then watches the run directory.
import {join} from 'node:path';
import {selfCommand} from '../package/files.js';
import {spawnDetached} from '../run/spawn-detached.js';
import {tailLines} from '../run/tail.js';
import {failedBeforeCheck, NOT_STARTED_EXIT} from '../run/checks.js';
import {readState} from '../run/store.js';
import type {RequestResult} from '../viewer/source.js';

export const supervisorLog = (dir: string) => join(dir, 'supervisor.log');

/** Supervisors this process started, by run directory, until they exit. */
const started = new Map<string, number>();

/** The pid of a supervisor started from here for this run that has not exited yet. */
export const startedSupervisor = (dir: string): number | undefined => started.get(dir);

/**
 * Spawns `ansible-driver <args> --plain --state-dir DIR` detached. `onEarlyExit` hears of a
 * supervisor that ended with an error (e.g. refused its input), with the end of its log.
 */
export function spawnSupervisor(
	args: string[],
	dir: string,
	env: Record<string, string | undefined>,
	onEarlyExit: (message: string) => void,
): RequestResult {
	// One start at a time: until a new supervisor holds the run's lock, the viewer sees no live
	// owner, and a second start (r pressed twice) would be refused, its error over the screen.
	const pending = started.get(dir);
	if (pending !== undefined) return {ok: false, message: `the supervisor started from here (pid ${pending}) is still starting or stopping; try again in a moment`};
	const child = spawnDetached([...selfCommand(), ...args, '--plain', '--state-dir', dir], {cwd: process.cwd(), env, logFile: supervisorLog(dir)});
	child.unref();
	if (child.pid !== undefined) started.set(dir, child.pid);
	void child.then((r) => {
		started.delete(dir);
		// 0, 1, 3 and 4 are outcomes of the run, shown by the viewer, and 7 when a check before the
		// upgrade failed (the upgrade not started); anything else is a refusal.
		if (r.exitCode !== undefined && [0, 1, 3, 4].includes(r.exitCode)) return;
		if (r.exitCode === NOT_STARTED_EXIT && notStartedByCheck(dir)) return;
		const tail = tailLines(supervisorLog(dir), 6).join(' | ');
		onEarlyExit(`the supervisor stopped (${r.exitCode === undefined ? (r.signal ?? 'error') : `exit ${r.exitCode}`}): ${tail}`);
	});
	return {ok: true, message: 'supervisor started; the run goes on if this terminal closes'};
}

/** The run ended because a check before the upgrade failed (its supervisor's exit 7 is that outcome). */
function notStartedByCheck(dir: string): boolean {
	const read = readState(dir);
	return read.ok && failedBeforeCheck(read.state) !== null;
}
