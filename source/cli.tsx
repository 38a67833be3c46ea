#!/usr/bin/env node
// Argument parsing and wiring only: every command lives in source/commands/.
import {createInterface} from 'node:readline/promises';
import meow from 'meow';
import {CommandExit, exitCodes, type Flags, type Io} from './commands/io.js';
import {planCommand, statusCommand, stopCommand} from './commands/inspect.js';
import {replayPlain} from './commands/replay-plain.js';
import {refuseEmptyStateDir} from './commands/locate.js';
import {reportCommand} from './commands/report.js';
import {resetCommand} from './commands/reset.js';
import {runCommand} from './commands/run.js';
import {sanitizingStream} from './commands/safe-output.js';
import {sanitize} from './ansible/sanitize.js';
import {tuiAttach, tuiReplay, tuiRun} from './commands/tui.js';

const help = `
  Usage
    $ ansible-driver <command> [options]

  Commands
    run [PLAN]          start, or continue, the plan (default: the built-in demo plan)
    resume              continue the run (the latest one, or --state-dir)
    status [--json]     print the run's state
    stop [--abort]      ask the running supervisor to pause (default) or abort
    plan [PLAN] [--json]  validate and print a plan; without PLAN, list the built-in plans
    reset [STEP...]     forget finished/failed state so steps run again (asks unless --yes)
    report [--format md|junit|json]   a report of the run (default md)
    replay PATH [--speed N]  play a recorded run back (a run directory, an events file,
                        ansible.posix.jsonl or .json output, ansible-runner artifacts);
                        --speed 1 = real time (default), 0 = at once; --plain: a summary
    attach              open the terminal UI on a live, paused or finished run

  Options
    --state-dir DIR     the run directory (default: $XDG_STATE_HOME/ansible-driver/<plan>)
    --plain             line output in the foreground instead of the terminal UI
    --yes               no confirmation prompts; accept a changed plan on run/resume
    --at-task           resume a paused step at the task where it paused (--start-at-task)
    --json              machine-readable output (status, plan)
    --abort             with stop: abort instead of pausing

  Exit codes
    0 all steps done   1 a step failed   2 bad usage or input   3 paused   4 aborted
    5 another live supervisor holds the run
`;

// Text output, sanitized at the sink (safe-output.ts).
const stdout = sanitizingStream(process.stdout);
const stderr = sanitizingStream(process.stderr);

/** meow throws for some bad usage (a flag given twice): that is exit 2 with its message, not a crash. */
function parsed<T>(parse: () => T): T {
	try {
		return parse();
	} catch (error) {
		const message = (error as Error).message.replace(/--([a-z]+[A-Z][A-Za-z]*)/g, (_, name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
		throw new CommandExit(exitCodes.usage, `${message} See ansible-driver --help`);
	}
}

async function main(): Promise<number> {
	const cli = parsed(() => meow(help, {
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: {
			stateDir: {type: 'string'},
			plain: {type: 'boolean', default: false},
			yes: {type: 'boolean', default: false},
			json: {type: 'boolean', default: false},
			abort: {type: 'boolean', default: false},
			atTask: {type: 'boolean', default: false},
			speed: {type: 'number', default: 1},
			format: {type: 'string'},
		},
	}));
	const [command, ...rest] = cli.input;
	const flags: Flags = {
		stateDir: cli.flags.stateDir,
		plain: cli.flags.plain,
		yes: cli.flags.yes,
		json: cli.flags.json,
		abort: cli.flags.abort,
		atTask: cli.flags.atTask,
	};
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
		async ask(question) {
			const rl = createInterface({input: process.stdin, output: process.stdout});
			try {
				return await rl.question(sanitize(question));
			} catch {
				// Ctrl-C or Ctrl-D at the prompt: no answer, which every prompt takes as "no".
				io.stdout.write('\n');
				return '';
			} finally {
				rl.close();
			}
		},
	};
	const atMost = (n: number) => {
		if (rest.length > n) throw new CommandExit(exitCodes.usage, `${command} takes ${n === 0 ? 'no arguments' : `at most ${n} argument`}; got: ${rest.join(' ')}\nSee ansible-driver --help`);
	};
	// The terminal UI needs a terminal both ways; anything else (pipes, CI, --plain) gets lines.
	// Ink draws only the last frame when CI is set, so a terminal in CI gets lines too.
	const inCi = (name: string) => process.env[name] !== undefined && process.env[name] !== '0' && process.env[name] !== 'false';
	const ci = inCi('CI') || inCi('CONTINUOUS_INTEGRATION');
	const tui = io.stdoutIsTTY && io.stdinIsTTY && !flags.plain && !ci;
	switch (command) {
		case 'run':
			atMost(1);
			return tui ? tuiRun(rest[0], flags, io, 'run') : runCommand(rest[0], flags, io, 'run');
		case 'resume':
			atMost(0);
			return tui ? tuiRun(undefined, flags, io, 'resume') : runCommand(undefined, flags, io, 'resume');
		case 'status':
			atMost(0);
			return statusCommand(flags, io);
		case 'stop':
			atMost(0);
			return stopCommand(flags, io);
		case 'plan':
			atMost(1);
			return planCommand(rest[0], flags, io);
		case 'reset':
			return resetCommand(rest, flags, io);
		case 'report':
			atMost(0);
			return reportCommand(flags, io, cli.flags.format);
		case 'replay': {
			atMost(1);
			if (!rest[0]) throw new CommandExit(exitCodes.usage, 'replay needs a PATH: a run directory, an events file, ansible.posix.jsonl or .json output, or ansible-runner artifacts');
			const speed = cli.flags.speed;
			if (!Number.isFinite(speed) || speed < 0) throw new CommandExit(exitCodes.usage, `--speed must be a number >= 0 (1 = real time, 0 = as fast as possible); got ${speed}`);
			return tui ? tuiReplay(rest[0], speed, io) : replayPlain(rest[0], io);
		}
		case 'attach':
			atMost(0);
			if (!tui) throw new CommandExit(exitCodes.usage, 'attach opens the terminal UI and needs a terminal; without one, use `ansible-driver status`');
			return tuiAttach(flags, io);
		case undefined:
			cli.showHelp(exitCodes.usage);
			return exitCodes.usage;
		default:
			throw new CommandExit(exitCodes.usage, `unknown command "${command}"; see ansible-driver --help`);
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
