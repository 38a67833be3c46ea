// The terminal UI's commands: run/resume (checks, the YES prompt, a detached supervisor, then
// the viewer), attach, and replay. Wiring only: the app and the sources do the work.
import {createElement} from 'react';
import {render} from 'ink';
import {shellQuote} from '../ansible/command.js';
import {exitCodeFor, isComplete, newRunState} from '../run/machine.js';
import {liveOwner} from '../run/lock.js';
import {failedBeforeCheck, notStartedWords, runExitCode} from '../run/checks.js';
import {REPORT_FILE} from '../report/write.js';
import {readState, StateStore} from '../run/store.js';
import {readDurations} from '../run/history.js';
import {readTaskCounts} from '../run/task-counts.js';
import type {RunState, RunStatus} from '../run/types.js';
import {join} from 'node:path';
import {App} from '../ui/app.js';
import {FrameWriter} from '../ui/frame-writer.js';
import {terminalBell} from '../ui/bell.js';
import {detectRecording} from '../replay/detect.js';
import {replayHostGroups} from '../viewer/replay-inventory.js';
import {ReplaySource} from '../viewer/replay-source.js';
import {RunDirSource} from '../viewer/run-dir-source.js';
import type {RequestResult, ResumeOptions, ViewerSource} from '../viewer/source.js';
import {recordTerminal} from './cast-record.js';
import {spawnSupervisor, startedSupervisor} from './detach.js';
import {declinedStart} from './run.js';
import {CommandExit, exitCodes, programOf, type Flags, type Io} from './io.js';
import {allDoneMessage, commandFor, isNewRun, mustMakeRunDir, mustReadState, planAndRunDir, reconcileRun, runDir, withSourceSeries} from './locate.js';
import {builtinComparison} from '../osa/open.js';
import {mustUseStateRoot} from './writable.js';
import {refuseFailedHostsWithoutHosts} from './failed-hosts.js';

const enterAltScreen = '\u001B[?1049h';
const leaveAltScreen = '\u001B[?1049l';

/** Shows the viewer full-screen until the operator quits; resolves to why it ended. `onBell`: live runs only. */
async function view(source: ViewerSource, startPrompt: {onConfirm: () => RequestResult} | null, io: Io, onBell?: () => void): Promise<'quit' | 'cancelled'> {
	const terminal = io.terminal ?? io.stdout;
	terminal.write(enterAltScreen);
	// The frames go to the terminal line by line (frame-writer.ts); Ink reads the keys.
	const writer = new FrameWriter(process.stdout);
	let reason: 'quit' | 'cancelled' = 'quit';
	const app = render(
		createElement(App, {
			source,
			startPrompt,
			writer,
			...(onBell ? {onBell} : {}),
			// OSC 52: the terminal (or tmux with set-clipboard on) puts the text on the clipboard.
			onCopy: (text: string) => terminal.write(`\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`),
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
		writer.close();
		terminal.write(leaveAltScreen);
	}
	return reason;
}

/** After the viewer closes: what became of the run, and the exit code to return. */
function farewell(dir: string, flags: Flags, notices: string[], io: Io): number {
	// Named now, not when the viewer opened: a new run is known on the account only once it started.
	const commands = {attach: commandFor('attach', dir, flags, io), resume: commandFor('resume', dir, flags, io)};
	const {attach} = commands;
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
	const check = failedBeforeCheck(read.state);
	io.stdout.write(`${check ? `The upgrade has ${notStartedWords(check)}. Retry with: ${commands.resume}` : farewellWords(status, dir, commands)}\n`);
	return runExitCode(read.state, exitCodeFor(status));
}

/** What the operator reads once the viewer is gone: how the run stands and what to type next. */
function farewellWords(status: RunStatus, dir: string, {attach, resume}: {attach: string; resume: string}): string {
	switch (status) {
		case 'done':
			return `The run is done. Report: ${join(dir, REPORT_FILE)}`;
		case 'paused':
			return `The run is paused. Resume it with: ${resume}`;
		case 'failed':
		case 'aborted':
			return `The run ${status}. See it with: ${attach}; retry with: ${resume}; report: ${join(dir, REPORT_FILE)}`;
		default:
			// idle, or left running/pausing by a supervisor that stopped: resume continues it.
			return `No supervisor runs it (${status}). Continue it with: ${resume}`;
	}
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
function viewerSource(dir: string, io: Io, placeholder: RunState | undefined, supervisorArgs: string[], notices: string[]): {source: RunDirSource; start: (options?: ResumeOptions) => RequestResult} {
	const notify = (message: string) => {
		notices.push(message);
		source.notify(message);
	};
	const start = (options: ResumeOptions = {}) => spawnSupervisor([...supervisorArgs, ...(options.failedHosts ? ['--failed-hosts'] : [])], dir, io.env, notify);
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
	if (mode === 'run') {
		const chosen = await withSourceSeries(planRef, flags, io);
		if (chosen === null) return declinedStart(io);
		flags = chosen;
	}
	const {plan, dir, ansible} = planAndRunDir(planRef, flags, io, mode);
	const owner = liveOwner(dir);
	if (owner) throw new CommandExit(exitCodes.locked, `another ansible-driver (pid ${owner.pid}) is running this plan in ${dir}.\nWatch it with: ${commandFor('attach', dir, flags, io)}`);

	// The same checks the supervisor makes, made here so the operator sees them before any UI.
	const read = readState(dir);
	if (!read.ok && StateStore.exists(dir)) throw new CommandExit(exitCodes.usage, `${read.message}; move it away or use another --state-dir`);
	let placeholder: RunState = newRunState(plan);
	if (read.ok) {
		const state = reconcileRun(read.state, plan, commandFor('resume', dir, flags, io), flags, io);
		if (isComplete(state)) {
			io.stdout.write(allDoneMessage(plan, dir));
			return exitCodes.done;
		}
		placeholder = state;
	}
	refuseFailedHostsWithoutHosts(placeholder, plan, flags, commandFor('resume', dir, flags, io));
	// Checked now, made only once the run starts: a declined start writes nothing, and last-run
	// names the run once its supervisor holds it (the supervisor records it).
	mustUseStateRoot(io.env, {create: false});
	// --yes only when the operator gave it: a plan edited later is refused again (in the footer).
	const args = [
		'run',
		plan.builtin ?? plan.path,
		...(flags.yes ? ['--yes'] : []),
		...(flags.atTask ? ['--at-task'] : []),
		...(flags.notify === undefined ? [] : ['--notify', flags.notify]),
		// The supervisor derives the same plan: the same series.
		...(plan.osa ? ['--source-series', plan.osa.sourceSeries] : []),
		...(plan.noSplit ? ['--no-split'] : []),
		...(plan.noChecks ? ['--no-checks'] : []),
	];
	const notices: string[] = [];
	const {source, start: spawn} = viewerSource(dir, io, placeholder, args, notices);
	const start = (): RequestResult => {
		try {
			mustUseStateRoot(io.env);
			mustMakeRunDir(dir);
		} catch (error) {
			if (error instanceof CommandExit) return {ok: false, message: error.message};
			throw error;
		}
		// --failed-hosts for this start only: a later r (after a pause, say) resumes plainly.
		return spawn({failedHosts: flags.failedHosts});
	};
	// Also printed before the screen opened; the footer says it where the operator looks.
	if (ansible.warnings.length > 0) source.notify(ansible.warnings.map((w) => `warning: ${w.message}`).join('; '));
	const comparison = builtinComparison(plan, {env: io.env, cwd: io.cwd});
	if (comparison && comparison.differences.length > 0) source.notify(`this clone's run-upgrade.sh differs from the built-in plan ${comparison.name} (${comparison.differences.length}); see: ${programOf(io)} plan osa`);
	// A new run asks for YES first (as run-upgrade.sh does); resuming, or --yes, starts at once.
	const asks = mode === 'run' && !flags.yes && isNewRun(dir);
	if (!asks) {
		const started = start();
		if (!started.ok) throw new CommandExit(exitCodes.usage, started.message);
	}
	const reason = await view(source, asks ? {onConfirm: start} : null, io, terminalBell(flags, io.terminal ?? io.stdout));
	if (reason === 'cancelled') return declinedStart(io);
	return farewell(dir, flags, notices, io);
}

export async function tuiAttach(flags: Flags, io: Io): Promise<number> {
	const dir = runDir(flags, io, undefined, 'attach');
	mustReadState(dir, io); // a clear message when there is no run
	const notices: string[] = [];
	// Opened first: a file that exists is refused before the viewer starts.
	const cast = flags.cast === undefined ? null : recordTerminal(flags.cast, process.stdout, io);
	const {source} = viewerSource(dir, io, undefined, ['resume'], notices);
	try {
		await view(source, null, io, terminalBell(flags, io.terminal ?? io.stdout));
	} finally {
		if (cast) {
			const {file, events, seconds} = cast.stop();
			io.stdout.write(`wrote ${file}: ${events} writes, ${seconds.toFixed(1)} s. Play it with: asciinema play ${shellQuote([file])}\n`);
		}
	}
	return farewell(dir, flags, notices, io);
}

/**
 * Plays a recording in the viewer; q leaves it. No bell: a replay is not the run itself. Its
 * hosts are banded by `inventory`'s groups, or the recording's own inventory's (runner).
 */
export async function tuiReplay(path: string, speed: number, io: Io, inventory?: string): Promise<number> {
	const detected = detectRecording(path);
	if (!detected.ok) throw new CommandExit(exitCodes.usage, detected.message);
	const groups = await replayHostGroups(detected.recording, inventory, io);
	if (!groups.ok) throw new CommandExit(exitCodes.usage, groups.problem);
	await view(new ReplaySource(detected.recording, speed, undefined, {hostGroups: groups.hostGroups, notice: groups.warning}), null, io);
	return exitCodes.done;
}
