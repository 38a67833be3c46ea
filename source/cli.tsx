#!/usr/bin/env node
// Argument parsing and wiring only: every command lives in source/commands/.
import {createInterface} from 'node:readline/promises';
import meow from 'meow';
import {CommandExit, exitCodes, refuseEmptyStateDir, type Flags, type Io} from './commands/io.js';
import {parseDuration} from './plan/duration.js';
import {notifyWords} from './plan/notify-spec.js';

// Each command's module is loaded when it runs: a command that only looks does not pay for the
// supervisor's (execa, the run machinery) or the terminal UI's (Ink, React) start-up.
const inspect = () => import('./commands/inspect.js');
const runner = () => import('./commands/run.js');
import {sanitizingStream} from './commands/safe-output.js';
import {sanitize} from './ansible/sanitize.js';
import {commandUsage, helpRequest, mainUsage} from './commands/usage.js';
import {colorWanted} from './ui/color.js';
import {invokedAs} from './commands/program.js';
import {buildInfo} from './package/build-info.js';
import {layoutReady} from './package/layout-ready.js';


// The program as the operator invoked it: every command a message names works as typed.
const program = invokedAs(process.argv[1] ?? '', process.execPath, process.env, process.cwd(), buildInfo.executable);

// Text output, sanitized at the sink (safe-output.ts).
const stdout = sanitizingStream(process.stdout);
const stderr = sanitizingStream(process.stderr);

/** meow throws for some bad usage (a flag given twice): that is exit 2 with its message, not a crash. */
function parsed<T>(parse: () => T): T {
	try {
		return parse();
	} catch (error) {
		const message = (error as Error).message.replace(/--([a-z]+[A-Z][A-Za-z]*)/g, (_, name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
		throw new CommandExit(exitCodes.usage, `${message} See ${program} --help`);
	}
}

/**
 * Whether to draw lines rather than the terminal UI for CI. Ink decides the same thing (is-in-ci)
 * when it is loaded, and then draws only the last frame; an empty value (`CI=` in a shell) is
 * taken as unset by both: it is removed before Ink is loaded (loadTui).
 */
function inCi(env: NodeJS.ProcessEnv): boolean {
	const names = ['CI', 'CONTINUOUS_INTEGRATION'];
	for (const name of names) if (env[name]?.trim() === '') delete env[name];
	return names.some((name) => env[name] !== undefined && env[name] !== '0' && env[name] !== 'false');
}

/**
 * The terminal UI (Ink, React, the layout engine): loaded only by the commands that draw, and as
 * React's production build (its development build, chosen when NODE_ENV is unset, costs several
 * times the CPU per frame). NODE_ENV is put back afterwards: the steps' environment stays the
 * operator's.
 */
async function loadTui() {
	return loadTuiModule(() => import('./commands/tui.js'));
}

async function loadTuiModule<T>(load: () => Promise<T>): Promise<T> {
	const before = process.env['NODE_ENV'];
	if (before === undefined) process.env['NODE_ENV'] = 'production';
	try {
		await layoutReady();
		return await load();
	} finally {
		if (before === undefined) delete process.env['NODE_ENV'];
	}
}

/**
 * `replay PATH --cast FILE`: the viewer's frames without a terminal. Ink's colours (chalk) are
 * decided when it loads, from the terminal there is not: they are asked for unless NO_COLOR or
 * the color setting says no.
 */
async function castCommand(path: string, file: string, sizeText: string | undefined, speed: number, io: Io, inventory: string | undefined): Promise<number> {
	if (file.trim() === '') throw new CommandExit(exitCodes.usage, '--cast needs a file name, e.g. --cast demo.cast');
	// At once, every frame has the same time: a cast that plays in no time (its last frame, say).
	if (speed === 0) io.stderr.write(`warning: --speed 0 plays the replay at once: the cast lasts no time and shows only its frames' end; for a cast that plays, give a speed, e.g. --speed 10\n`);
	const {parseSize} = await import('./commands/cast-size.js');
	const size = sizeText === undefined ? {width: 120, height: 36} : parseSize(sizeText);
	if (!size) throw new CommandExit(exitCodes.usage, `--size must be COLUMNSxROWS, at least 40x10, e.g. --size 120x36; got "${sizeText}"`);
	const before = process.env['FORCE_COLOR'];
	if (before === undefined && colorWanted(process.env)) process.env['FORCE_COLOR'] = '1';
	try {
		const {castReplay} = await loadTuiModule(() => import('./commands/cast.js'));
		return await castReplay(path, {file, speed, ...size, inventory}, io);
	} finally {
		if (before === undefined) delete process.env['FORCE_COLOR'];
	}
}

/** `help [COMMAND]`, `-h` or `--help`: print the usage and touch nothing else. */
function printHelp(argv: string[]): number | null {
	const asked = helpRequest(argv);
	if (asked === null) return null;
	if ('unknown' in asked) throw new CommandExit(exitCodes.usage, `no command "${asked.unknown}"; see ${program} --help`);
	stdout.write(`${asked.topic === null ? mainUsage : commandUsage(asked.topic)}\n`);
	return exitCodes.done;
}

const flagSpec = {
	stateDir: {type: 'string'},
	plain: {type: 'boolean', default: false},
	yes: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
	abort: {type: 'boolean', default: false},
	atTask: {type: 'boolean', default: false},
	failedHosts: {type: 'boolean', default: false},
	split: {type: 'boolean', default: true},
	checks: {type: 'boolean', default: true},
	speed: {type: 'string', default: '1'},
	format: {type: 'string'},
	notify: {type: 'string'},
	// No default: left out, the settings say (docs/settings.md); given, --no-bell or --bell wins.
	bell: {type: 'boolean'},
	wait: {type: 'boolean', default: false},
	timeout: {type: 'string'},
	osaClone: {type: 'string'},
	sourceSeries: {type: 'string'},
	write: {type: 'string'},
	cast: {type: 'string'},
	size: {type: 'string'},
	inventory: {type: 'string'},
} as const;

/** The commands that find runs or draw: the settings apply to them before they start. */
const usesSettings = new Set(['run', 'resume', 'status', 'stop', 'reset', 'report', 'replay', 'attach']);

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Exit 2 for an option no command has, as typed, with the nearest known one when it is a likely
 * typo. Read from the command line itself: meow has turned --no-x into x=false by then.
 */
function refuseUnknownFlags(argv: string[], command: string | undefined): void {
	const spec = flagSpec as Record<string, {type: string}>;
	const known = new Map(Object.entries(spec).map(([key, f]) => [kebab(key), f.type]));
	let unknown: string | undefined;
	for (let i = 0; i < argv.length && unknown === undefined; i++) {
		const arg = argv[i]!;
		if (arg === '--') break;
		if (!arg.startsWith('-') || arg === '-') continue;
		const name = arg.replace(/^--?/, '').split('=')[0]!;
		const type = known.get(name) ?? (name.startsWith('no-') && known.get(name.slice(3)) === 'boolean' ? 'boolean' : undefined);
		if (type === undefined) unknown = arg.split('=')[0];
		else if (type === 'string' && !arg.includes('=')) i++; // its value, whatever it looks like
	}
	if (unknown === undefined) return;
	const bare = unknown.replace(/^--?/, '');
	const near = [...known.keys()].map((k) => ({k, d: editDistance(bare, k)})).sort((a, b) => a.d - b.d)[0];
	const guess = near && near.d <= 2 ? ` (did you mean --${near.k}?)` : '';
	throw new CommandExit(exitCodes.usage, `unknown option ${unknown}${guess}. See ${program} help${command ? ` ${command}` : ''}`);
}

/** Levenshtein distance: few edits apart means a likely typo. */
function editDistance(a: string, b: string): number {
	let row = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const next = [i];
		for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		row = next;
	}
	return row[b.length]!;
}

async function main(): Promise<number> {
	const helped = printHelp(process.argv.slice(2));
	if (helped !== null) return helped;
	if (process.argv.slice(2).includes('--version')) {
		stdout.write(`${(await import('./commands/version.js')).versionText(process.env, process.cwd())}\n`);
		return exitCodes.done;
	}
	const cli = parsed(() => meow(mainUsage, {
		importMeta: import.meta,
		// Known already (--version is answered above): meow need not look for package.json,
		// which the single executable does not have beside it.
		pkg: {name: 'ansible-driver', version: buildInfo.version},
		autoVersion: false,
		// Unknown options are refused below, with the program's name and the nearest known one.
		allowUnknownFlags: true,
		// A boolean without a default that is not given stays out (--bell: the settings decide).
		booleanDefault: undefined,
		// The usage text says what the program is: not package.json's description again above it.
		description: false,
		flags: flagSpec,
	}));
	refuseUnknownFlags(process.argv.slice(2), cli.input[0]);
	const [command, ...rest] = cli.input;
	const flags: Flags = {
		stateDir: cli.flags.stateDir,
		plain: cli.flags.plain,
		yes: cli.flags.yes,
		json: cli.flags.json,
		abort: cli.flags.abort,
		atTask: cli.flags.atTask,
		failedHosts: cli.flags.failedHosts,
		split: cli.flags.split,
		checks: cli.flags.checks,
	};
	if (cli.flags.bell !== undefined) flags.bell = cli.flags.bell;
	if (cli.flags.notify !== undefined) {
		const words = notifyWords(cli.flags.notify);
		if (!words.ok) throw new CommandExit(exitCodes.usage, words.message);
		flags.notify = cli.flags.notify;
	}
	for (const [name, value] of [['--osa-clone', cli.flags.osaClone], ['--source-series', cli.flags.sourceSeries], ['--write', cli.flags.write]] as const) {
		if (value !== undefined && value.trim() === '') throw new CommandExit(exitCodes.usage, `${name} needs a value (see ${program} help ${command ?? 'run'})`);
	}
	if (cli.flags.osaClone !== undefined) flags.osaClone = cli.flags.osaClone;
	if (cli.flags.sourceSeries !== undefined) flags.sourceSeries = cli.flags.sourceSeries;
	if (cli.flags.write !== undefined) {
		if (command !== 'plan') throw new CommandExit(exitCodes.usage, `--write is an option of plan (${program} plan osa --write FILE), not of ${command ?? 'ansible-driver'}`);
		flags.write = cli.flags.write;
	}
	if (cli.flags.inventory !== undefined && command !== 'replay') throw new CommandExit(exitCodes.usage, `--inventory is an option of replay (its hosts banded by that inventory's groups), not of ${command ?? 'ansible-driver'}: a plan runs with its own inventory: key`);
	if (cli.flags.cast !== undefined && command !== 'replay') {
		if (command !== 'attach') throw new CommandExit(exitCodes.usage, `--cast is an option of replay and attach (${program} attach --cast FILE), not of ${command ?? 'ansible-driver'}`);
		if (cli.flags.cast.trim() === '') throw new CommandExit(exitCodes.usage, '--cast needs a file name, e.g. --cast session.cast');
		flags.cast = cli.flags.cast;
	}
	if ((cli.flags.wait || cli.flags.timeout !== undefined) && command !== 'status') {
		throw new CommandExit(exitCodes.usage, `--wait and --timeout are options of status (${program} status --wait [--timeout S]), not of ${command ?? 'ansible-driver'}`);
	}
	if (cli.flags.timeout !== undefined && !cli.flags.wait) throw new CommandExit(exitCodes.usage, `--timeout goes with --wait: ${program} status --wait --timeout 3600`);
	refuseEmptyStateDir(flags);
	// A dropped terminal must not crash a supervisor that prints to it.
	process.stdout.on('error', () => {});
	process.stderr.on('error', () => {});
	const io: Io = {
		stdout,
		stderr,
		terminal: process.stdout,
		env: process.env,
		cwd: process.cwd(),
		stdinIsTTY: Boolean(process.stdin.isTTY),
		stdoutIsTTY: Boolean(process.stdout.isTTY),
		prompt: process.stdout.isTTY ? stdout : stderr,
		program,
		async ask(question) {
			// stdout may be piped into tee or a file: the question goes to the terminal's stderr then.
			const output = process.stdout.isTTY ? process.stdout : process.stderr;
			const rl = createInterface({input: process.stdin, output});
			// Ctrl-C (readline's SIGINT) or Ctrl-D (close) at the prompt: no answer, which every
			// prompt takes as "no". Without this, Ctrl-C would leave the question pending forever.
			const noAnswer = new Promise<string>((_, reject) => {
				rl.once('SIGINT', () => reject(new Error('interrupted')));
				rl.once('close', () => reject(new Error('closed')));
			});
			try {
				return await Promise.race([rl.question(sanitize(question)), noAnswer]);
			} catch {
				// Ctrl-C or Ctrl-D at the prompt: no answer, which every prompt takes as "no".
				output.write('\n');
				return '';
			} finally {
				rl.close();
			}
		},
	};
	const atMost = (n: number) => {
		if (rest.length > n) throw new CommandExit(exitCodes.usage, `${command} takes ${n === 0 ? 'no arguments' : `at most ${n} argument`}; got: ${rest.join(' ')}\nSee ${program} --help`);
	};
	// The settings (docs/settings.md) a command needs before it looks for a run: state_root and
	// color go into the environment, for this process and those it starts; bell into the flags.
	if (command !== undefined && usesSettings.has(command)) {
		const {earlySettings} = await import('./settings/early.js');
		const early = await earlySettings({env: process.env, cwd: process.cwd(), planRef: command === 'run' ? rest[0] : undefined, options: flags.bell === undefined ? {} : {bell: flags.bell}, uid: process.getuid?.() ?? -1, stderr});
		Object.assign(process.env, early.env);
		flags.bell = early.bell;
	}
	// The terminal UI needs a terminal both ways; anything else (pipes, CI, --plain) gets lines.
	// Ink draws only the last frame when CI is set, so a terminal in CI gets lines too.
	// An empty value (CI= in a shell) is unset, as in most CI detectors.
	const ci = inCi(process.env);
	const tui = io.stdoutIsTTY && io.stdinIsTTY && !flags.plain && !ci;
	switch (command) {
		case 'run':
			atMost(1);
			return tui ? (await loadTui()).tuiRun(rest[0], flags, io, 'run') : (await runner()).runCommand(rest[0], flags, io, 'run');
		case 'resume':
			atMost(0);
			return tui ? (await loadTui()).tuiRun(undefined, flags, io, 'resume') : (await runner()).runCommand(undefined, flags, io, 'resume');
		case 'status': {
			atMost(0);
			if (!cli.flags.wait) return (await inspect()).statusCommand(flags, io);
			const timeout = cli.flags.timeout === undefined ? undefined : parseDuration(cli.flags.timeout);
			if (cli.flags.timeout !== undefined && timeout === undefined) throw new CommandExit(exitCodes.usage, `--timeout must be a duration: seconds (e.g. 3600) or like "90m", "2h"; got "${cli.flags.timeout}"`);
			return (await inspect()).statusWaitCommand(flags, io, timeout);
		}
		case 'stop':
			atMost(0);
			return (await inspect()).stopCommand(flags, io);
		case 'plan':
			atMost(1);
			return (await import('./commands/plan.js')).planCommand(rest[0], flags, io);
		case 'reset':
			return (await import('./commands/reset.js')).resetCommand(rest, flags, io);
		case 'report':
			atMost(0);
			return (await import('./commands/report.js')).reportCommand(flags, io, cli.flags.format);
		case 'replay': {
			atMost(1);
			if (!rest[0]) throw new CommandExit(exitCodes.usage, 'replay needs a PATH: a run directory, an events file, ansible.posix.jsonl or .json output, or ansible-runner artifacts');
			const speed = cli.flags.speed.trim() === '' ? Number.NaN : Number(cli.flags.speed);
			if (!Number.isFinite(speed) || speed < 0) throw new CommandExit(exitCodes.usage, `--speed must be a number >= 0 (1 = real time, 2 = twice as fast, 0 = at once); got "${cli.flags.speed}"`);
			if (cli.flags.cast !== undefined) return castCommand(rest[0], cli.flags.cast, cli.flags.size, speed, io, cli.flags.inventory);
			if (cli.flags.size !== undefined) throw new CommandExit(exitCodes.usage, `--size goes with --cast: ${program} replay PATH --cast FILE --size 120x36`);
			return tui ? (await loadTui()).tuiReplay(rest[0], speed, io, cli.flags.inventory) : (await import('./commands/replay-plain.js')).replayPlain(rest[0], io);
		}
		case 'settings':
			return (await import('./commands/settings.js')).settingsCommand(rest, flags, io);
		case 'attach':
			atMost(0);
			if (!tui) throw new CommandExit(exitCodes.usage, `attach opens the terminal UI and needs a terminal; without one, use \`${program} status\``);
			return (await loadTui()).tuiAttach(flags, io);
		case undefined:
			// No command: the usage, as --help gives it.
			stdout.write(`${mainUsage}\n`);
			return exitCodes.done;
		default:
			throw new CommandExit(exitCodes.usage, `unknown command "${command}"; see ${program} --help`);
	}
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		if (error instanceof CommandExit) {
			(error.code === 0 ? stdout : stderr).write(`${error.code === 0 ? '' : 'ansible-driver: '}${error.message}\n`);
			process.exitCode = error.code;
			return;
		}
		// A bug, not bad input: say so plainly, with the detail for a report.
		stderr.write(`ansible-driver: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exitCode = 70;
	},
);
