// `run [PLAN]` and `resume`: check the input, take the run's lock, reconcile with the saved
// state, and run the supervisor in the foreground with plain output.
import {PlainReporter} from '../plain/reporter.js';
import type {AnsibleFound} from '../plan/ansible-preflight.js';
import type {NotifySpec, Plan} from '../plan/types.js';
import {withPreflightAnsible} from '../run/ansible-info.js';
import {clearRequestsBefore, requestAbort, requestPause, type HeardRequests} from '../run/control.js';
import {isComplete, newRunState} from '../run/machine.js';
import {rememberLastRun} from '../run/paths.js';
import {readState, StateStore, StateWriteError} from '../run/store.js';
import {defaultSaveRetryMs, Supervisor} from '../run/supervisor.js';
import {countTasksInBackground} from '../run/task-counts.js';
import type {RunState} from '../run/types.js';
import {writeRunReport} from '../report/write.js';
import {count} from '../text/words.js';
import {CommandExit, confirmed, confirmWord, exitCodes, type Flags, type Io} from './io.js';
import {allDoneMessage, commandFor, isNewRun, mustMakeRunDir, planAndRunDir, planReopener, reconcileRun, withSourceSeries} from './locate.js';
import {comparisonLines} from '../plan/compare.js';
import {checkNote, unitNote} from '../plan/format.js';
import {builtinComparison} from '../osa/open.js';
import {runLog} from './run-log.js';
import {refuseFailedHostsWithoutHosts} from './failed-hosts.js';
import {Notifier} from '../run/notifier.js';
import {runSettings, withStallAfter, type RunSettings} from '../settings/run-settings.js';
import {mustTryLock, mustUseStateRoot} from './writable.js';


export async function runCommand(planRef: string | undefined, flags: Flags, io: Io, mode: 'run' | 'resume'): Promise<number> {
	if (mode === 'run') {
		const chosen = await withSourceSeries(planRef, flags, io);
		if (chosen === null) return declinedStart(io);
		flags = chosen;
	}
	const opened = planAndRunDir(planRef, flags, io, mode);
	const {dir, ansible} = opened;
	// The settings' notify hooks and stall_after (docs/settings.md), read beside the plan.
	const settings = runSettings(opened.plan, flags.notify === undefined ? {} : {notify: flags.notify}, io, process.getuid?.() ?? -1);
	const plan = withStallAfter(opened.plan, settings.stallAfter);
	mustUseStateRoot(io.env, {create: false});
	// A new run is confirmed by typing YES, as run-upgrade.sh asks (the UI asks the same). Asked
	// before anything is written: a declined start leaves no run directory and no last-run.
	if (mode === 'run' && !flags.yes && io.stdinIsTTY && isNewRun(dir) && !(await confirmStart(plan, io))) return declinedStart(io);
	mustUseStateRoot(io.env);
	mustMakeRunDir(dir);
	const log = runLog(io.stdout);
	io = {...io, stdout: log.stream};
	// Signals first: once this process holds the lock, `stop` and viewers may signal it, and
	// SIGUSR1/SIGUSR2 would otherwise end it (or open the inspector).
	let wake = () => {};
	const heard: HeardRequests = {pause: false, abort: false};
	const stopSignals = onStopSignals(dir, io, () => wake(), heard);
	try {
		const lockedAt = Date.now();
		const lock = await mustTryLock(dir);
		if (!lock.ok) {
			throw new CommandExit(
				exitCodes.locked,
				`another ansible-driver (pid ${lock.owner.pid} on ${lock.owner.host}, since ${lock.owner.since}) is running this plan in ${dir}.\nWatch it with \`${commandFor('status', dir, flags, io)}\`; pause it with \`${commandFor('stop', dir, flags, io)}\`.`,
			);
		}
		log.keepIn(dir);
		try {
			return await supervise({plan, dir, ansible, heard, settings}, lockedAt, flags, io, mode, (fn) => (wake = fn));
		} finally {
			lock.release();
		}
	} finally {
		stopSignals();
	}
}

/** Under the run's lock: confirm a new run, reconcile the state, and run the supervisor. */
async function supervise(
	{plan, dir, ansible, heard, settings}: {plan: Plan; dir: string; ansible: AnsibleFound; heard: HeardRequests; settings: RunSettings},
	lockedAt: number,
	flags: Flags,
	io: Io,
	mode: 'run' | 'resume',
	onWake: (wake: () => void) => void,
): Promise<number> {
	const state = withPreflightAnsible(prepareState(dir, plan, flags, io), ansible);
	refuseFailedHostsWithoutHosts(state, plan, flags, commandFor('resume', dir, flags, io));
	const store = new StateStore(dir);
	// Under the lock, so no writer is mid-save: a temp file left now is from a killed one.
	store.removeTempFiles();
	try {
		store.write(state);
	} catch (error) {
		if (!(error instanceof StateWriteError)) throw error;
		throw new CommandExit(exitCodes.usage, `${error.message}\nThe saved state is unchanged and nothing was run; free space (or fix the run directory), then try again.`);
	}
	if (isComplete(state)) {
		io.stdout.write(allDoneMessage(plan, dir));
		return exitCodes.done;
	}
	// Requests left from an earlier session must not stop this one at once; those made since
	// this process holds the lock are for it.
	clearRequestsBefore(dir, lockedAt);
	try {
		rememberLastRun(dir, io.env);
	} catch (error) {
		// Checked writable before; a full disk now only costs `resume` without --state-dir.
		io.stderr.write(`warning: could not record this run as the latest: ${(error as Error).message}\n`);
	}
	const reporter = new PlainReporter(io.stdout, commandFor('resume', dir, flags, io));
	const notifier = notifierFor(settings.hooks, dir, io, reporter);
	const reopen = planReopener(plan, flags, io);
	const supervisor = new Supervisor(
		{
			plan,
			dir,
			store,
			reporter,
			...(notifier ? {notifier} : {}),
			env: io.env,
			atTask: flags.atTask,
			failedHosts: flags.failedHosts,
			saveRetryMs: saveRetryMs(io.env),
			reopenPlan: () => {
				const reopened = reopen();
				return 'problem' in reopened ? reopened : withStallAfter(reopened, settings.stallAfter);
			},
			heard,
			writeReport: writeRunReport,
		},
		state,
	);
	onWake(() => supervisor.wake());
	// For viewers' "task k of N": worked out beside the run, never delaying it.
	const counting = countTasksInBackground(plan, state, dir, io.env);
	try {
		return await supervisor.run();
	} finally {
		counting.stop();
	}
}

/** The notify setting's hook (the plan's, else a settings file's) and --notify's, if any. */
function notifierFor(specs: NotifySpec[], dir: string, io: Io, reporter: PlainReporter): Notifier | undefined {
	return specs.length === 0 ? undefined : new Notifier({specs, dir, env: io.env, note: (text) => reporter.note(text)});
}

/** Lists the steps and asks for YES, on the terminal (never into piped output). */
async function confirmStart(plan: Plan, io: Io): Promise<boolean> {
	const steps = plan.steps.map((st, i) => `  ${String(i + 1).padStart(2)}. ${st.name}${st.unit ? `  (${unitNote(st.unit)})` : ''}${st.check ? `  (${checkNote(st, plan)})` : ''}`).join('\n');
	const comparison = builtinComparison(plan, {env: io.env, cwd: io.cwd});
	const derived = plan.osa ? `Derived from ${plan.osa.script} (upgrading from ${plan.osa.sourceSeries}).\n${comparison ? `${comparisonLines(comparison).join('\n')}\n` : ''}` : '';
	(io.prompt ?? io.stdout).write(`${derived}${plan.name}: ${count(plan.steps.length, 'step')}, in this order:\n${steps}\n`);
	return confirmed(await io.ask(`Type ${confirmWord} to start: `));
}

export function declinedStart(io: Io): number {
	(io.prompt ?? io.stdout).write(`Not started: nothing was written or run (exit ${exitCodes.notStarted}).\n`);
	return exitCodes.notStarted;
}

/** ANSIBLE_DRIVER_SAVE_RETRY_SECONDS: how long a supervisor that cannot save its state waits for space. */
function saveRetryMs(env: Record<string, string | undefined>): number {
	const text = env['ANSIBLE_DRIVER_SAVE_RETRY_SECONDS'];
	const seconds = text === undefined || text.trim() === '' ? Number.NaN : Number(text);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : defaultSaveRetryMs;
}

/** The saved state reconciled with the plan, or a new one; refuses a changed plan unless --yes. */
function prepareState(dir: string, plan: Plan, flags: Flags, io: Io): RunState {
	const read = readState(dir);
	if (!read.ok) {
		if (StateStore.exists(dir)) throw new CommandExit(exitCodes.usage, `${read.message}; move it away or use another --state-dir`);
		return newRunState(plan);
	}
	const saved = read.state;
	if (saved.plan.path !== plan.path && !flags.yes) {
		throw new CommandExit(
			exitCodes.usage,
			`${dir} holds a run of another plan (${saved.plan.path}).\nUse another --state-dir, or pass --yes to carry the finished steps over to ${plan.path}.`,
		);
	}
	return reconcileRun(saved, plan, commandFor('resume', dir, flags, io), flags, io);
}

/**
 * Plain mode: SIGINT or SIGTERM asks for a graceful pause, a second one aborts; SIGHUP is
 * ignored so a dropped SSH session does not stop the upgrade.
 */
function onStopSignals(dir: string, io: Io, wake: () => void, heard: HeardRequests): () => void {
	let count = 0;
	const stop = (signal: NodeJS.Signals) => {
		count++;
		// Heard, the request stands even if its file cannot be written (a full disk).
		if (count === 1) heard.pause = true;
		else heard.abort = true;
		try {
			if (count === 1) {
				requestPause(dir);
				io.stdout.write(`\n${signal}: pausing at the next safe point (the running task finishes on every host). ${signal === 'SIGINT' ? 'Ctrl-C' : signal} again aborts.\n`);
			} else {
				requestAbort(dir);
				io.stdout.write(`\n${signal}: aborting the running step.\n`);
			}
		} catch (error) {
			// A throw here would end the supervisor and leave the step running alone.
			io.stdout.write(`\n${signal}: could not record the request in ${dir}: ${(error as Error).message}\n`);
		}
		wake();
	};
	const ignore = () => {};
	// A library's exit hook (conf's `when-exit` did this) may listen to these signals once and then
	// re-send the same signal to this process: one Ctrl-C would arrive twice (pause, then abort).
	// The supervisor owns these signals while it runs; the listeners are put back afterwards.
	const owned: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	const setAside = new Map(owned.map((signal) => [signal, process.listeners(signal)]));
	for (const signal of owned) process.removeAllListeners(signal);
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	process.on('SIGHUP', ignore);
	// `stop` and viewers write the request file, then signal: the signal alone is the request
	// when the file could not be written (a full disk); written again here, the plugin may see it.
	const asked = (kind: 'pause' | 'abort') => () => {
		heard[kind] = true;
		try {
			(kind === 'pause' ? requestPause : requestAbort)(dir);
		} catch {
			// The supervisor says what it waits for (the end of the step, as ansible cannot see it).
		}
		wake();
	};
	const pauseAsked = asked('pause');
	const abortAsked = asked('abort');
	process.on('SIGUSR1', pauseAsked);
	process.on('SIGUSR2', abortAsked);
	return () => {
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
		process.off('SIGHUP', ignore);
		process.off('SIGUSR1', pauseAsked);
		process.off('SIGUSR2', abortAsked);
		for (const [signal, listeners] of setAside) for (const listener of listeners) process.on(signal, listener as () => void);
	};
}
