// The terminal UI's commands: run/resume (checks, the YES prompt, a detached supervisor, then
// the viewer), attach, and replay. Wiring only: the app and the sources do the work.
import {createElement} from 'react';
import {render} from 'ink';
import {shellQuote} from '../ansible/command.js';
import type {Plan} from '../plan/types.js';
import {exitCodeFor, isComplete, newRunState, reconcilePlan} from '../run/machine.js';
import {liveOwner} from '../run/lock.js';
import {defaultStateDir, rememberLastRun} from '../run/paths.js';
import {readState, StateStore} from '../run/store.js';
import {readDurations} from '../run/history.js';
import {readTaskCounts} from '../run/task-counts.js';
import type {RunState} from '../run/types.js';
import {App} from '../ui/app.js';
import {detectRecording} from '../replay/detect.js';
import {ReplaySource} from '../viewer/replay-source.js';
import {RunDirSource} from '../viewer/run-dir-source.js';
import type {RequestResult, ViewerSource} from '../viewer/source.js';
import {spawnSupervisor, startedSupervisor} from './detach.js';
import {CommandExit, exitCodes, type Flags, type Io} from './io.js';
import {allDoneMessage, isNewRun, mustMakeRunDir, mustReadState, planAndRunDir, refuseLosingLiveStep, refuseUnacceptedChanges, runDir} from './locate.js';
import {mustUseStateRoot} from './writable.js';

const enterAltScreen = '\u001B[?1049h';
const leaveAltScreen = '\u001B[?1049l';

/** Shows the viewer full-screen until the operator quits; resolves to why it ended. */
async function view(source: ViewerSource, startPrompt: {onConfirm: () => RequestResult} | null, io: Io): Promise<'quit' | 'cancelled'> {
	(io.terminal ?? io.stdout).write(enterAltScreen);
	let reason: 'quit' | 'cancelled' = 'quit';
	const app = render(
		createElement(App, {
			source,
			startPrompt,
			onExit(why) {
				reason = why;
				app.unmount();
			},
		}),
		{exitOnCtrlC: false, patchConsole: false, maxFps: 10},
	);
	try {
		await app.waitUntilExit();
	} finally {
		source.close();
		(io.terminal ?? io.stdout).write(leaveAltScreen);
	}
	return reason;
}

function attachCommandFor(dir: string, plan: Pick<Plan, 'path' | 'builtin'> | null, flags: Flags, io: Io): string {
	const isDefault = !flags.stateDir && plan !== null && dir === defaultStateDir(plan, io.env);
	return isDefault ? 'ansible-driver attach' : `ansible-driver attach --state-dir ${shellQuote([dir])}`;
}

/** After the viewer closes: what became of the run, and the exit code to return. */
function farewell(dir: string, attach: string, notices: string[], io: Io): number {
	// Said in the viewer's footer, which is gone now: say it again where it stays.
	for (const notice of notices) io.stderr.write(`ansible-driver: ${notice}\n`);
	const owner = liveOwner(dir);
	// Just started from here: it may not hold the lock yet, but it is on its way.
	const pid = owner?.pid ?? startedSupervisor(dir);
	if (pid !== undefined) {
		io.stdout.write(`The run goes on in the background (supervisor pid ${pid}). Watch it again with: ${attach}\n`);
		return exitCodes.done;
	}
	const read = readState(dir);
	if (!read.ok) return exitCodes.done;
	const status = read.state.run.status;
	io.stdout.write(`The run is ${status}. ${status === 'done' ? '' : `See it with: ${attach}`}\n`);
	return exitCodeFor(status);
}

function atMostEvery<T>(ms: number, read: () => T): () => T {
	let value: T | undefined;
	let at = 0;
	return () => {
		if (value === undefined || Date.now() - at >= ms) {
			value = read();
			at = Date.now();
		}
		return value;
	};
}

/** The live source of a run directory; notices (a supervisor that would not start) go to its footer and to `notices`. */
function viewerSource(dir: string, io: Io, placeholder: RunState | undefined, supervisorArgs: string[], notices: string[]): {source: RunDirSource; start: () => RequestResult} {
	const notify = (message: string) => {
		notices.push(message);
		source.notify(message);
	};
	const start = () => spawnSupervisor(supervisorArgs, dir, io.env, notify);
	const source: RunDirSource = new RunDirSource({
		dir,
		...(placeholder ? {placeholder} : {}),
		startSupervisor: start,
		// Both change rarely: read them every few seconds, not on every frame.
		taskCounts: atMostEvery(3000, () => readTaskCounts(dir)),
		history: atMostEvery(30_000, () => readDurations(io.env)),
	});
	return {source, start};
}

export async function tuiRun(planRef: string | undefined, flags: Flags, io: Io, mode: 'run' | 'resume'): Promise<number> {
	const {plan, dir, ansible} = planAndRunDir(planRef, flags, io, mode);
	const attach = attachCommandFor(dir, plan, flags, io);
	const owner = liveOwner(dir);
	if (owner) throw new CommandExit(exitCodes.locked, `another ansible-driver (pid ${owner.pid}) is running this plan in ${dir}.\nWatch it with: ${attach}`);

	// The same checks the supervisor makes, made here so the operator sees them before any UI.
	const read = readState(dir);
	if (!read.ok && StateStore.exists(dir)) throw new CommandExit(exitCodes.usage, `${read.message}; move it away or use another --state-dir`);
	let placeholder: RunState = newRunState(plan);
	if (read.ok) {
		const {state, changes} = reconcilePlan(read.state, plan);
		refuseLosingLiveStep(read.state, state);
		refuseUnacceptedChanges(changes, flags, io);
		if (isComplete(state)) {
			io.stdout.write(allDoneMessage(plan, dir));
			return exitCodes.done;
		}
		placeholder = state;
	}
	mustUseStateRoot(io.env);
	mustMakeRunDir(dir);
	rememberLastRun(dir, io.env);
	// --yes only when the operator gave it: a plan edited later is refused again (in the footer).
	const args = ['run', plan.builtin ?? plan.path, ...(flags.yes ? ['--yes'] : []), ...(flags.atTask ? ['--at-task'] : [])];
	const notices: string[] = [];
	const {source, start} = viewerSource(dir, io, placeholder, args, notices);
	// Also printed before the screen opened; the footer says it where the operator looks.
	if (ansible.warnings.length > 0) source.notify(ansible.warnings.map((w) => `warning: ${w.message}`).join('; '));
	// A new run asks for YES first (as run-upgrade.sh does); resuming, or --yes, starts at once.
	const asks = mode === 'run' && !flags.yes && isNewRun(dir);
	if (!asks) start();
	const reason = await view(source, asks ? {onConfirm: start} : null, io);
	if (reason === 'cancelled') {
		io.stdout.write('Not started: nothing ran.\n');
		return exitCodes.done;
	}
	return farewell(dir, attach, notices, io);
}

export async function tuiAttach(flags: Flags, io: Io): Promise<number> {
	const dir = runDir(flags, io);
	mustReadState(dir); // a clear message when there is no run
	const attach = attachCommandFor(dir, null, flags, io);
	const notices: string[] = [];
	const {source} = viewerSource(dir, io, undefined, ['resume'], notices);
	await view(source, null, io);
	return farewell(dir, attach, notices, io);
}

/** Plays a recording in the viewer; q leaves it. */
export async function tuiReplay(path: string, speed: number, io: Io): Promise<number> {
	const detected = detectRecording(path);
	if (!detected.ok) throw new CommandExit(exitCodes.usage, detected.message);
	await view(new ReplaySource(detected.recording, speed), null, io);
	return exitCodes.done;
}
