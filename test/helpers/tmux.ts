// Drives a command in a real terminal (tmux): send keys, read the screen, wait for text.
import {execFileSync, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {existsSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {driverArgv, driverCwd, driverEnv} from './driver.js';
import {afterAll, afterEach, describe, it} from 'vitest';
import {sandbox, type Sandbox} from './cli.js';

export function hasTmux(): boolean {
	return spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;
}

/** Like describe, but needs tmux: fails under CI=true without it, else skips with a note. */
export function describeTmux(name: string, body: () => void): void {
	if (hasTmux()) {
		describe(name, body);
		return;
	}
	if (process.env['CI'] === 'true') {
		describe(name, () => it('needs tmux', () => {
			throw new Error('tmux is not installed, and CI=true: end-to-end tests must run in CI');
		}));
		return;
	}
	console.warn(`[skipped] ${name}: tmux is not installed`);
	describe.skip(name, body);
}

/**
 * A tmux server of its own (a socket in the temp dir), so tests never touch the user's tmux
 * server. Call `kill()` in afterAll: it ends the server and every terminal still open on it.
 */
export function tmuxServer(): {socket: string; kill: () => void} {
	const socket = join(tmpdir(), `ad-tmux-${process.pid}-${randomBytes(4).toString('hex')}.sock`);
	return {
		socket,
		kill() {
			spawnSync('tmux', ['-S', socket, 'kill-server'], {stdio: 'ignore'});
			rmSync(socket, {force: true});
		},
	};
}

/**
 * The environment of an operator's terminal made from a test's: no CI variables (Ink draws only
 * the last frame when it thinks it runs in CI) and a TERM that tmux understands.
 */
export function terminalEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
	const out: Record<string, string | undefined> = {...env, TERM: 'xterm-256color'};
	for (const key of Object.keys(out)) if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_')) delete out[key];
	return out;
}

let counter = 0;

export class Terminal {
	readonly name = `ad-test-${process.pid}-${++counter}`;
	private readonly socket: string;

	constructor(command: string, opts: {env: Record<string, string | undefined>; width?: number; height?: number; socket: string; cwd?: string}) {
		this.socket = opts.socket;
		const env = Object.entries(opts.env)
			.filter((e): e is [string, string] => e[1] !== undefined)
			.map(([k, v]) => `${k}=${shellWord(v)}`)
			.join(' ');
		// exit-empty off: the server stays between tests; killing the last session would otherwise
		// end it while the next test's new-session connects ("server exited unexpectedly").
		// set-clipboard on: a program's OSC 52 fills tmux's paste buffer (`buffer()`).
		this.tmux(['start-server', ';', 'set-option', '-s', 'exit-empty', 'off', ';', 'set-option', '-s', 'set-clipboard', 'on', ';', 'new-session', '-d', '-s', this.name, ...(opts.cwd === undefined ? [] : ['-c', opts.cwd]), '-x', String(opts.width ?? 120), '-y', String(opts.height ?? 40), `env -i ${env} ${command}; echo "[exit $?]"; sleep 600`]);
	}

	private tmux(args: string[]): string {
		return execFileSync('tmux', ['-S', this.socket, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	}

	/**
	 * The visible screen; `joined`: lines the terminal wrapped joined into one (trailing blanks
	 * kept); `styles`: with the SGR sequences of colours and attributes.
	 */
	screen(opts: {joined?: boolean; styles?: boolean} = {}): string {
		return this.tmux(['capture-pane', '-p', ...(opts.joined ? ['-J'] : []), ...(opts.styles ? ['-e'] : []), '-t', this.name]);
	}

	/**
	 * Waits until the program reads keys one by one (the terminal is in raw mode). Ink turns raw
	 * mode on just after its first frame: a key sent in between is line-buffered, and a Ctrl-C
	 * then kills the program instead of reaching it.
	 */
	async waitForRawMode(timeoutMs = 10_000): Promise<void> {
		const tty = this.tmux(['display-message', '-p', '-t', this.name, '#{pane_tty}']).trim();
		const start = Date.now();
		while (/(^|\s)icanon(\s|$)/.test(execFileSync('stty', ['-a', '-F', tty], {encoding: 'utf8'}))) {
			if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for raw mode on ${tty}`);
			await new Promise((r) => setTimeout(r, 50));
		}
	}

	/** tmux's latest paste buffer (what a program sent with OSC 52); '' when there is none. */
	buffer(): string {
		try {
			return this.tmux(['show-buffer']);
		} catch {
			return '';
		}
	}

	/** The pid of the shell the command runs under. */
	shellPid(): number {
		return Number(this.tmux(['display-message', '-p', '-t', this.name, '#{pane_pid}']).trim());
	}

	keys(...keys: string[]): void {
		this.tmux(['send-keys', '-t', this.name, ...keys]);
	}

	/** Types text literally (no key names). */
	type(text: string): void {
		this.tmux(['send-keys', '-t', this.name, '-l', text]);
	}

	async waitFor(test: string | RegExp | ((screen: string) => boolean), what: string, timeoutMs = 60_000): Promise<string> {
		const check = typeof test === 'function' ? test : (s: string) => (typeof test === 'string' ? s.includes(test) : test.test(s));
		const start = Date.now();
		for (;;) {
			const s = this.screen();
			if (check(s)) return s;
			if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
			await new Promise((r) => setTimeout(r, 150));
		}
	}

	resize(width: number, height: number): void {
		this.tmux(['resize-window', '-t', this.name, '-x', String(width), '-y', String(height)]);
	}

	/** Kills the terminal (and so sends SIGHUP to what runs in it), like a dropped SSH session. */
	kill(): void {
		try {
			this.tmux(['kill-session', '-t', this.name]);
		} catch {
			// Already gone.
		}
	}
}

function shellWord(v: string): string {
	return `'${v.replaceAll("'", `'\\''`)}'`;
}

/** `ansible-driver ARGS` (the built CLI) in a new terminal of the given size, as an operator runs it. */
export function driverTerminal(
	args: string[],
	opts: {env: Record<string, string | undefined>; socket: string; width?: number; height?: number},
): Terminal {
	const command = [...driverArgv, ...args].map(shellWord).join(' ');
	return new Terminal(command, {...opts, env: terminalEnv(driverEnv(opts.env)), ...(driverCwd === undefined ? {} : {cwd: driverCwd})});
}

/** The lines of a screen with their trailing blanks cut. */
export function screenLines(screen: string): string[] {
	return screen.replace(/\n$/, '').split('\n').map((l) => l.trimEnd());
}

/** The first line of a screen (the viewer's header). */
export const topLine = (screen: string): string => screen.split('\n')[0] ?? '';

/** The last line of a screen with text on it (the viewer's message line, else its key hints). */
export const bottomLine = (screen: string): string => screen.split('\n').filter((l) => l.trim() !== '').at(-1) ?? '';

/**
 * One test file's terminals: its own tmux server, and after each test every run it started
 * aborted (a failed test must not leave a supervisor running) and every terminal killed.
 * Call inside a describe.
 */
export function terminalSuite(): {
	box(): Sandbox;
	open(args: string[], opts: {env: Record<string, string | undefined>; width?: number; height?: number}): Terminal;
} {
	const server = tmuxServer();
	const terminals: Terminal[] = [];
	const boxes: Sandbox[] = [];
	afterEach(async () => {
		for (const box of boxes.splice(0)) if (existsSync(join(box.state, 'state.json'))) await box.cli('stop', '--abort');
		for (const t of terminals.splice(0)) t.kill();
	});
	afterAll(() => server.kill());
	return {
		box() {
			const box = sandbox();
			boxes.push(box);
			return box;
		},
		open(args, opts) {
			const t = driverTerminal(args, {...opts, socket: server.socket});
			terminals.push(t);
			return t;
		},
	};
}
