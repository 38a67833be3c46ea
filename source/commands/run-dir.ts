// The run directory a run or resume may write to: one the driver creates (owner only), an empty
// one, or one that already holds a run. Anything else (a shared folder such as /tmp, a home
// directory) is refused, and a directory the driver did not create keeps its mode.
import {readdirSync, statSync} from 'node:fs';
import {createPrivateDirs, fsReason as reasonOf} from '../run/private-dir.js';
import {join} from 'node:path';

/** What only a run directory holds: the UI writes the log before the supervisor writes the state, and steps/ stays when a state is moved away to start over. */
const RUN_FILES = ['state.json', 'supervisor.lock', 'supervisor.log', 'steps'];

/** `fix`: what to do instead, when giving another --state-dir is not all there is to say. */
export type RunDirCheck = {ok: true; exists: boolean} | {ok: false; reason: string; fix?: string};

/** Whether `dir` may be the run directory, without changing anything. */
export function checkRunDir(dir: string): RunDirCheck {
	let isDirectory: boolean;
	try {
		isDirectory = statSync(dir).isDirectory();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {ok: true, exists: false};
		return {ok: false, reason: reasonOf(error)};
	}
	if (!isDirectory) return {ok: false, reason: 'it is a file, not a directory'};
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch (error) {
		return {ok: false, reason: `cannot list it: ${reasonOf(error)}`};
	}
	if (names.length === 0 || names.some((name) => RUN_FILES.includes(name))) return {ok: true, exists: true};
	const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? `, ... (${names.length} entries)` : '');
	return {
		ok: false,
		reason: `it is not empty (${shown}) and holds no ansible-driver run (no state.json)`,
		fix: `The run directory holds the run's state and logs, readable by you only: the driver wants a new or empty directory of its own, and never changes the permissions of an existing one.\nGive a new directory, e.g. --state-dir ${join(dir, 'ansible-driver-run')} (it is created), or leave --state-dir out for the default.`,
	};
}

/** Creates the run directory and its missing parents, owner only; see createPrivateDirs. */
export const createRunDir = createPrivateDirs;
