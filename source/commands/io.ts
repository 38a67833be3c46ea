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
	/**
	 * Asks a question on the terminal (on stderr when stdout is piped, so a prompt never lands in
	 * the piped output); resolves to the answer, '' for Ctrl-C or Ctrl-D.
	 */
	ask(question: string): Promise<string>;
	/** Where text that leads up to a question goes: the same stream as the question. */
	prompt?: Writable;
	/** The program as the operator invoked it, for the commands hints name (commands/program.ts). */
	program?: string;
}

/** How hints name the program: as invoked, `ansible-driver` when not known. */
export const programOf = (io: Pick<Io, 'program'>): string => io.program ?? 'ansible-driver';

export interface Flags {
	stateDir: string | undefined;
	plain: boolean;
	yes: boolean;
	json: boolean;
	abort: boolean;
	atTask: boolean;
	/** resume: the failed step runs again on its failed hosts only. */
	failedHosts: boolean;
	/**
	 * The viewer rings the terminal bell when the run fails, pauses or ends: --no-bell or --bell
	 * as given, then (before a command runs) the bell setting in effect (docs/settings.md).
	 */
	bell?: boolean;
	/** --notify CMD: a hook on run events beside the notify setting's (the plan's notify:, else a settings file's). */
	notify?: string;
	/** --osa-clone DIR: the OpenStack-Ansible clone whose run-upgrade.sh `osa` means. */
	osaClone?: string;
	/** --source-series S: the series the deployment runs now (a plan derived from run-upgrade.sh). */
	sourceSeries?: string;
	/** false: --no-split. */
	split?: boolean;
	/** false: --no-checks. */
	checks?: boolean;
	/** plan --write FILE: save the plan (a derived one, as a plan file). */
	write?: string;
	/** attach --cast FILE: record the session as an asciicast v2 file. */
	cast?: string;
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

/**
 * 6 and 7 say how a run stands when it is not at an end: `status` exits 6 while a supervisor
 * runs it, 7 when it has not started or its supervisor stopped without finishing; 7 is also a
 * start or reset declined at its prompt (nothing was written).
 */
export const exitCodes = {done: 0, failed: 1, usage: 2, paused: 3, aborted: 4, locked: 5, goingOn: 6, notStarted: 7} as const;

/** The prompts' word: as run-upgrade.sh asks, an exact YES; anything else declines. */
export const confirmWord = 'YES';

export function confirmed(answer: string): boolean {
	return answer.trim() === confirmWord;
}

/** `--state-dir ''` (or no value) would quietly mean the default run directory. */
export function refuseEmptyStateDir(flags: Pick<Flags, 'stateDir'>): void {
	if (flags.stateDir === undefined || flags.stateDir.trim() !== '') return;
	throw new CommandExit(exitCodes.usage, '--state-dir needs a directory, e.g. --state-dir ~/upgrade-run; leave the option out to use the default run directory');
}
