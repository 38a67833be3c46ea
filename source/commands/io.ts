// What a command gets from the outside world, so commands are testable without a process.
import type {Writable} from 'node:stream';

export interface Io {
	/** Text output; the command line sanitizes it at the sink (safe-output.ts). */
	stdout: Writable;
	stderr: Writable;
	/** The raw terminal, for the viewer's screen switch only; stdout when not given. */
	terminal?: Writable;
	env: Record<string, string | undefined>;
	cwd: string;
	stdinIsTTY: boolean;
	stdoutIsTTY: boolean;
	/** Asks a question on the terminal; resolves to the answer. */
	ask(question: string): Promise<string>;
}

export interface Flags {
	stateDir: string | undefined;
	plain: boolean;
	yes: boolean;
	json: boolean;
	abort: boolean;
	atTask: boolean;
}

/** Ends a command with an exit code and a message for the operator (stderr unless code is 0). */
export class CommandExit extends Error {
	constructor(
		readonly code: number,
		message: string,
	) {
		super(message);
	}
}

export const exitCodes = {done: 0, failed: 1, usage: 2, paused: 3, aborted: 4, locked: 5} as const;
