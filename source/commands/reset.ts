// `reset [STEP...]`: forget finished or failed state so steps run again. Never while a supervisor runs.
import {markerExists, removeMarkers} from '../markers/files.js';
import {openPlan, type OsaChoice} from '../osa/open.js';
import {leftoverMessage, liveAttempt} from '../run/leftover.js';
import {expandUnits, resetSteps} from '../run/machine.js';
import {StateStore, StateWriteError} from '../run/store.js';
import {clearAbort, clearPause} from '../run/control.js';
import {count} from '../text/words.js';
import {CommandExit, confirmed, confirmWord, exitCodes, type Flags, type Io} from './io.js';
import {commandFor, mustReadState, osaChoice, runDir} from './locate.js';
import {mustTryLock} from './writable.js';

export async function resetCommand(ids: string[], flags: Flags, io: Io): Promise<number> {
	const dir = runDir(flags, io, undefined, 'reset');
	mustReadState(dir, io); // a clear message when there is no run
	const lock = await mustTryLock(dir);
	if (!lock.ok) throw new CommandExit(exitCodes.locked, `a supervisor (pid ${lock.owner.pid}) is running this plan; stop it first (${commandFor('stop', dir, flags, io)})`);
	try {
		// Read under the lock: a supervisor that just ended may have written its last progress.
		const state = mustReadState(dir);
		const known = new Set(state.steps.flatMap((s) => (s.unit ? [s.id, s.unit.id] : [s.id])));
		const unknown = ids.filter((id) => !known.has(id));
		if (unknown.length > 0) throw new CommandExit(exitCodes.usage, `no step named ${unknown.join(', ')} in this run; its steps are: ${state.steps.map((s) => s.id).join(', ')}`);
		const asked = ids;
		ids = ids.length === 0 ? ids : expandUnits(state, ids);
		if (ids.length > asked.length || ids.some((id) => !asked.includes(id))) io.stdout.write(`a unit runs again as a whole: resetting ${ids.join(', ')}\n`);
		const live = liveAttempt(state);
		if (live && (ids.length === 0 || ids.includes(live.id))) throw new CommandExit(exitCodes.usage, leftoverMessage(live, 'resetting it', commandFor('resume', dir, flags, io)));
		const what = ids.length === 0 ? `all ${state.steps.length} steps` : ids.join(', ');
		if (!flags.yes) {
			if (!io.stdinIsTTY) throw new CommandExit(exitCodes.usage, `reset forgets the outcome of ${what}; pass --yes to confirm when not on a terminal`);
			const answer = await io.ask(`Forget the outcome of ${what} in ${dir}, so they run again? Type ${confirmWord}: `);
			if (!confirmed(answer)) {
				io.stdout.write(`nothing was reset (exit ${exitCodes.notStarted}).\n`);
				return exitCodes.notStarted;
			}
		}
		try {
			new StateStore(dir).write(resetSteps(state, ids));
		} catch (error) {
			if (!(error instanceof StateWriteError)) throw error;
			throw new CommandExit(exitCodes.usage, `${error.message}\nNothing was reset; the run's state is unchanged.`);
		}
		clearPause(dir);
		clearAbort(dir);
		io.stdout.write(`reset ${what}; they run on the next \`${commandFor('resume', dir, flags, io)}\` (or run of the plan).\n`);
		await resetMarkers(state.plan.builtin ?? state.plan.path, ids, flags, io, osaChoice(flags, state));
		return exitCodes.done;
	} finally {
		lock.release();
	}
}

/**
 * run-upgrade.sh markers of the reset steps: left in place they would make those steps count as
 * done again, so reset offers to remove them (removes them with --yes, and says so).
 */
async function resetMarkers(planRef: string, ids: string[], flags: Flags, io: Io, osa: OsaChoice): Promise<void> {
	const loaded = openPlan(planRef, {env: io.env, cwd: io.cwd, osa});
	if (!loaded.ok) {
		io.stderr.write(`warning: run-upgrade.sh markers not checked: the plan ${planRef} cannot be loaded\n`);
		return;
	}
	const wanted = new Set(ids);
	const paths = [
		...new Set(
			loaded.plan.steps
				.filter((step) => ids.length === 0 || wanted.has(step.id))
				.flatMap((step) => (step.marker && markerExists(step.marker) ? [step.marker.path] : [])),
		),
	];
	if (paths.length === 0) return;
	const list = paths.map((path) => `  ${path}`).join('\n');
	if (!flags.yes) {
		const answer = await io.ask(`${count(paths.length, 'run-upgrade.sh marker file')} would still count these steps as done:\n${list}\nRemove them? Type ${confirmWord}: `);
		if (!confirmed(answer)) {
			io.stdout.write('markers kept: steps whose marker exists are not run again.\n');
			return;
		}
	}
	const {removed, failed} = removeMarkers(paths);
	if (removed.length > 0) io.stdout.write(`removed ${count(removed.length, 'run-upgrade.sh marker file')}:\n${removed.map((path) => `  ${path}`).join('\n')}\n`);
	for (const f of failed) io.stderr.write(`warning: could not remove the marker ${f.path}: ${f.error}\n`);
}
