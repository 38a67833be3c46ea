// Drives a command in a real terminal (tmux): send keys, read the screen, wait for text.
import {execFileSync, spawnSync} from 'node:child_process';
import {describe, it} from 'vitest';

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

let counter = 0;

export class Terminal {
	readonly name = `ad-test-${process.pid}-${++counter}`;
	private readonly socket: string;

	constructor(command: string, opts: {env: Record<string, string | undefined>; width?: number; height?: number; socket: string}) {
		this.socket = opts.socket;
		const env = Object.entries(opts.env)
			.filter((e): e is [string, string] => e[1] !== undefined)
			.map(([k, v]) => `${k}=${shellWord(v)}`)
			.join(' ');
		this.tmux(['new-session', '-d', '-s', this.name, '-x', String(opts.width ?? 120), '-y', String(opts.height ?? 40), `env -i ${env} ${command}; echo "[exit $?]"; sleep 600`]);
	}

	private tmux(args: string[]): string {
		return execFileSync('tmux', ['-S', this.socket, ...args], {encoding: 'utf8'});
	}

	screen(): string {
		return this.tmux(['capture-pane', '-p', '-t', this.name]);
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
